package org.polybridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.transport.Credentials;

/** {@code polybridge pty [-- CMD ARGS…]}: a program in this terminal, attached to the daemon as a session. */
final class PtyCommand implements Command {
  private static final CommandSpec.Option PROFILE = CommandSpec.Option.valued("--profile", "NAME",
      "The session's profile: its key bindings and triggers apply (default: none, those of every profile).");

  private static final CommandSpec SPEC = new CommandSpec("pty", "Runs a program in this terminal as a session of the daemon.",
      List.of("CMD (default: $SHELL) runs in a pseudo-terminal inside this terminal, attached to the",
          "running daemon as a new session (a new window): scripts see its custom control sequences and",
          "SetUserVar, and may inject output or type into it. Exits with CMD's status when CMD exits.",
          "Inside, ITERM2_COOKIE/ITERM2_KEY are the daemon's, POLYBRIDGE_SOCKET its socket and POLYBRIDGE_SESSION",
          "the session's id. The key bindings of the daemon's config.toml apply (`polybridge keys` lists them)."),
      withProfile(),
      List.of(new CommandSpec.Parameter("CMD", "The program and its arguments (after `--`, or after the first word).",
          CommandSpec.Parameter.Arity.REST)));

  private static List<CommandSpec.Option> withProfile() {
    List<CommandSpec.Option> options = new java.util.ArrayList<>(List.of(PROFILE));
    options.addAll(DaemonAddress.OPTIONS);
    return options;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    DaemonAddress daemon = DaemonAddress.from(arguments, main);
    if (daemon.isUnixSocket()) {
      readyUnixSockets();
    }
    Credentials credentials = daemon.credentials(main.environment());
    List<String> program = arguments.parameters().isEmpty() ? List.of(shell(main)) : arguments.parameters();
    Map<String, String> environment = new java.util.HashMap<>(credentials.environment());
    if (daemon.isUnixSocket()) {
      environment.put(DaemonAddress.SOCKET_VARIABLE, daemon.socketPath().toAbsolutePath().toString());
    }
    // A daemon whose process runs is all but sure to take the connection: the program starts
    // while the link connects. Else (no pid file, a daemon that died without removing its socket,
    // TCP) it starts once the link is up, so that a command is not run when nothing listens.
    boolean startFirst = daemon.isUnixSocket() && PidFile.daemon(daemon.socketPath()).isPresent();
    return AttachedPty.run(program, environment, Path.of("").toAbsolutePath(), arguments.value(PROFILE.name()), main.terminal(),
        listener -> daemon.attachTerminal(credentials, "polybridge pty", listener), startFirst);
  }

  /**
   * Readies the JDK's Unix-domain sockets on a thread of its own. A JVM's first such socket costs tens
   * of milliseconds (measured: half of the main thread's time before the connection): the JDK looks
   * up a SelectorProvider service over the class path and makes a SecureRandom, which loads the
   * security providers, for temporary socket names this client never uses. Begun here, that
   * overlaps with reading the credentials and readying the terminal. A failure is met again, and
   * reported, by the connection itself.
   */
  private static void readyUnixSockets() {
    Thread.ofPlatform().name("polybridge-pty-socket-warm-up").daemon().start(() -> {
      try {
        java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
      } catch (java.io.IOException | RuntimeException e) {
        System.getLogger(PtyCommand.class.getName()).log(System.Logger.Level.DEBUG, "Unix-domain sockets not readied ahead: " + e);
      }
    });
  }

  private static String shell(Main main) {
    String shell = main.environment().get("SHELL");
    return shell == null || shell.isBlank() ? "/bin/sh" : shell;
  }
}
