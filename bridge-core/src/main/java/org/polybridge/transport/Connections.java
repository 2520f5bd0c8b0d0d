package org.polybridge.transport;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.polybridge.client.Connection;
import org.polybridge.script.Repl;
import org.polybridge.internal.transport.PrivateFiles;
import org.polybridge.internal.transport.ReplClient;
import org.polybridge.internal.transport.TerminalClient;
import org.polybridge.internal.transport.WebSocketConnection;

/**
 * Connects to a host in another process (a polybridge daemon, or iTerm2 itself) over iTerm2's
 * wire protocol. Use the connection as any other, most often through {@link
 * org.polybridge.client.ApiClient}.
 *
 * <pre>{@code
 * Credentials credentials = Credentials.fromEnvironment(System.getenv()).orElseThrow();
 * try (Connection c = Connections.unixSocket(ApiListener.defaultSocketPath(), credentials, "my-tool").join()) {
 *   ApiClient api = new ApiClient(c, Executors.newVirtualThreadPerTaskExecutor());
 *   Object seven = api.invoke("add(a: 3, b: 4)", InvocationContext.app(), null).join();
 * }
 * }</pre>
 *
 * <p>The client side needs nothing beyond the JDK: a short-lived tool connects, asks and exits in
 * milliseconds. Each connection has one reader thread (a platform daemon thread), on which responses
 * and notifications arrive: stages that depend on them must not block. A request is written on the
 * thread that sends it, which waits only while the host does not read.
 */
public final class Connections {
  private Connections() {}

  /** Connects over the Unix socket at {@code path}. See {@link #connect}. */
  public static CompletableFuture<Connection> unixSocket(Path path, Credentials credentials, String advisoryName) {
    return connect(UnixDomainSocketAddress.of(Objects.requireNonNull(path, "path == null")), credentials, advisoryName);
  }

  /** Connects over TCP to {@code 127.0.0.1:port}. See {@link #connect}. */
  public static CompletableFuture<Connection> tcp(int port, Credentials credentials, String advisoryName) {
    return connect(new InetSocketAddress("127.0.0.1", port), credentials, advisoryName);
  }

  /**
   * Connects to {@code address} (an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress})
   * and upgrades to the API's WebSocket, showing {@code credentials} ({@code null}: none) and
   * {@code advisoryName} (the name the host shows for this client). Fails with a {@link
   * org.polybridge.ProtocolException}: no daemon there, the cookie refused (401), the library
   * version refused (406), another refusal with the host's reason, or no answer to the upgrade
   * within 10 s. Before it connects to a Unix socket it checks that the socket and its folder are
   * this user's alone (not writable by others, no symbolic link); else it fails with an {@link
   * UncheckedIOException} that names the path, its owner and mode and the fix, and nothing is sent.
   */
  public static CompletableFuture<Connection> connect(SocketAddress address, Credentials credentials, String advisoryName) {
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(advisoryName, "advisoryName == null");
    Optional<RuntimeException> unsafe = unsafeSocket(address);
    if (unsafe.isPresent()) {
      return CompletableFuture.failedFuture(unsafe.get());
    }
    return WebSocketConnection.connect(address, credentials, advisoryName, ApiListener.DEFAULT_MAX_FRAME_SIZE);
  }

  /**
   * Attaches a terminal to the host at {@code address} (an {@link InetSocketAddress} or a {@link
   * UnixDomainSocketAddress}) over polybridge's {@code pty.polybridge.org} extension; the host's
   * requests reach {@code listener}. Fails as {@link #connect} does. Returns at once, having checked
   * the socket's folder (a refusal is a future already failed): the connection and the upgrade
   * happen on the link's own thread, so a terminal can start its program meanwhile.
   */
  public static CompletableFuture<TerminalLink> attachTerminal(SocketAddress address, Credentials credentials, String advisoryName,
      TerminalLink.Listener listener) {
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(advisoryName, "advisoryName == null");
    Objects.requireNonNull(listener, "listener == null");
    Optional<RuntimeException> unsafe = unsafeSocket(address);
    if (unsafe.isPresent()) {
      return CompletableFuture.failedFuture(unsafe.get());
    }
    return TerminalClient.connect(address, credentials, advisoryName, ApiListener.DEFAULT_MAX_FRAME_SIZE, listener);
  }

  /**
   * Opens a REPL in the host at {@code address} over polybridge's {@code repl.polybridge.org}
   * extension; what it prints reaches {@code output}. Fails as {@link #connect} does.
   */
  public static CompletableFuture<ReplLink> openRepl(SocketAddress address, Credentials credentials, String advisoryName,
      Repl.Output output) {
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(advisoryName, "advisoryName == null");
    Objects.requireNonNull(output, "output == null");
    Optional<RuntimeException> unsafe = unsafeSocket(address);
    if (unsafe.isPresent()) {
      return CompletableFuture.failedFuture(unsafe.get());
    }
    return ReplClient.connect(address, credentials, advisoryName, ApiListener.DEFAULT_MAX_FRAME_SIZE, output);
  }

  /**
   * Why a Unix socket must not be trusted with a hello (the program's directory) or a terminal
   * whose keys its server could type: it is not in a folder private to this user ({@link
   * PrivateFiles}). Empty for TCP, where there is no owner to check.
   */
  private static Optional<RuntimeException> unsafeSocket(SocketAddress address) {
    if (!(address instanceof UnixDomainSocketAddress unix)) {
      return Optional.empty();
    }
    try {
      PrivateFiles.checkSocket(unix.getPath());
      return Optional.empty();
    } catch (UncheckedIOException e) {
      return Optional.of(e);
    }
  }
}
