package org.polybridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.transport.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code polybridge pty [-- CMD ARGS…]}: a program in this terminal, attached to the daemon as a session. */
@Command(name = "pty", mixinStandardHelpOptions = true,
    header = "Runs a program in this terminal as a session of the daemon.",
    description = {"CMD (default: $SHELL) runs in a pseudo-terminal inside this terminal, attached to the",
        "running daemon as a new session (a new window): scripts see its custom control sequences and",
        "SetUserVar, and may inject output or type into it. Exits with CMD's status when CMD exits.",
        "Inside, ITERM2_COOKIE/ITERM2_KEY are the daemon's and POLYBRIDGE_SESSION is the session's id."})
final class PtyCommand implements Callable<Integer> {
  /** Held, so that its level stays: the program's screen is no place for pty4j's and Netty's notes. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("");

  @ParentCommand Main main;
  @Mixin DaemonAddress daemon;

  @Parameters(paramLabel = "CMD", arity = "0..*", description = "The program and its arguments, after `--`.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    QUIET.setLevel(java.util.logging.Level.WARNING);
    Credentials credentials = daemon.credentials(main.environment());
    List<String> program = command == null || command.isEmpty() ? List.of(shell()) : command;
    Map<String, String> environment = credentials.environment();
    return AttachedPty.run(program, environment, Path.of("").toAbsolutePath(), main.terminal(), listener -> {
      try {
        return daemon.attachTerminal(credentials, "polybridge pty", listener);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.polybridge.ProtocolException("interrupted while attaching to the daemon at " + daemon.where());
      }
    });
  }

  private String shell() {
    String shell = main.environment().get("SHELL");
    return shell == null || shell.isBlank() ? "/bin/sh" : shell;
  }
}
