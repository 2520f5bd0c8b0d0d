package org.polybridge.cli;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.polybridge.ProtocolException;
import org.polybridge.client.Connection;
import org.polybridge.UserFolders;
import org.polybridge.script.Repl;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;
import org.polybridge.transport.ReplLink;
import org.polybridge.transport.TerminalLink;

/** Where the daemon is ({@code --socket}, {@code --tcp}) and how to get in (env or the auth file). */
final class DaemonAddress {
  /**
   * The variable the daemon's sessions and {@code polybridge pty}'s program get: the daemon's socket,
   * which client commands use when neither {@code --socket} nor {@code --tcp} is given (as kitty's
   * {@code KITTY_LISTEN_ON}).
   */
  static final String SOCKET_VARIABLE = "POLYBRIDGE_SOCKET";
  /** How long a client waits for the daemon to take its connection. */
  private static final long ANSWER_SECONDS = 15;

  /** {@code --socket PATH} and {@code --tcp PORT}, which every command that talks to the daemon takes. */
  static final List<CommandSpec.Option> OPTIONS = List.of(
      CommandSpec.Option.valued("--socket", "PATH",
          "The daemon's Unix socket (default: $POLYBRIDGE_SOCKET, else $XDG_RUNTIME_DIR/polybridge/socket, else ~/.config/polybridge/private/socket). Its credentials are in the file `auth` next to it."),
      CommandSpec.Option.valued("--tcp", "PORT", "Use the daemon's TCP port on 127.0.0.1 instead of the Unix socket."));

  private final Path socket;
  private final Integer tcpPort;

  /** {@code socket}: the Unix socket; {@code tcpPort}: {@code null} for the Unix socket. */
  DaemonAddress(Path socket, Integer tcpPort) {
    this.socket = Objects.requireNonNull(socket, "socket == null");
    this.tcpPort = tcpPort;
  }

  /**
   * The address that {@link #OPTIONS} name; without either, {@code $POLYBRIDGE_SOCKET} when set,
   * else the user's default ({@link UserFolders#clientSocket()}).
   */
  static DaemonAddress from(Arguments arguments, Main main) {
    Path socket = arguments.path("--socket");
    Integer port = arguments.port("--tcp", false);
    String exported = main.environment().get(SOCKET_VARIABLE);
    if (socket == null && port == null && exported != null && !exported.isBlank()) {
      socket = Path.of(exported);
    }
    return new DaemonAddress(socket != null ? socket : main.folders().clientSocket(), port);
  }

  /** Whether the daemon is reached on its Unix socket (not {@code --tcp}). */
  boolean isUnixSocket() {
    return tcpPort == null;
  }

  Path socketPath() {
    return socket;
  }

  /** The daemon writes its cookie and key here: {@code auth} next to the socket. */
  Path authFile() {
    return authFile(socketPath());
  }

  static Path authFile(Path socket) {
    return socket.toAbsolutePath().resolveSibling("auth");
  }

  /** ITERM2_COOKIE / ITERM2_KEY when set, else the daemon's auth file. */
  Credentials credentials(Map<String, String> environment) {
    return Credentials.fromEnvironment(environment).orElseGet(() -> {
      Path file = authFile();
      if (!Files.exists(file)) {
        throw new ProtocolException(tcpPort == null && !Files.exists(socketPath())
            ? noDaemon()
            : "no credentials: ITERM2_COOKIE is not set and " + file + " does not exist (is the daemon running with --socket "
                + socketPath() + "?)");
      }
      return Credentials.read(file);
    });
  }

  Connection connect(Map<String, String> environment, String advisoryName) throws InterruptedException {
    Credentials credentials = credentials(environment);
    return await(tcpPort != null
        ? Connections.tcp(tcpPort, credentials, advisoryName)
        : Connections.unixSocket(socketPath(), credentials, advisoryName));
  }

  /**
   * Attaches a terminal to the daemon, showing {@code credentials}; see {@link Connections#attachTerminal}.
   * Returns at once; the link fails as {@link #connect} does, also when the daemon has not answered within 15 s.
   */
  CompletableFuture<TerminalLink> attachTerminal(Credentials credentials, String advisoryName, TerminalLink.Listener listener) {
    return Connections.attachTerminal(address(), credentials, advisoryName, listener)
        .orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(e)));
  }

  /** Opens a REPL in the daemon; see {@link Connections#openRepl}. */
  ReplLink openRepl(Credentials credentials, String advisoryName, Repl.Output output) throws InterruptedException {
    return await(Connections.openRepl(address(), credentials, advisoryName, output));
  }

  private SocketAddress address() {
    return tcpPort != null ? new InetSocketAddress("127.0.0.1", tcpPort) : UnixDomainSocketAddress.of(socketPath());
  }

  private <T> T await(CompletableFuture<T> connecting) throws InterruptedException {
    try {
      return connecting.get(ANSWER_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    } catch (TimeoutException e) {
      throw failure(e);
    }
  }

  /** What a connection's failure tells the user. */
  private RuntimeException failure(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return new ProtocolException("the daemon at " + where() + " did not answer within " + ANSWER_SECONDS + " s");
    }
    return cause instanceof RuntimeException r ? r : new ProtocolException(cause.toString(), cause);
  }

  String where() {
    return tcpPort != null ? "127.0.0.1:" + tcpPort : socketPath().toString();
  }

  private String noDaemon() {
    return "no polybridge daemon at " + where() + ": start one with `polybridge run`";
  }
}
