package org.polybridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.polybridge.ProtocolException;

/**
 * {@code polybridge stop}: stops the running daemon as Ctrl-C would (SIGTERM: its shutdown closes
 * the scripts and removes the socket, the credentials and the pid file), and waits for it to end.
 */
final class StopCommand implements Command {
  private static final long PATIENCE_SECONDS = 30;
  private static final CommandSpec SPEC = new CommandSpec("stop", "Stops the running daemon, or one of its scripts.",
      List.of("Without NAME, the daemon of the socket (its process id is in the file `pid` next to it) stops as",
          "on Ctrl-C: its scripts stop, and the socket and its credentials are removed; waits until it has ended.",
          "With NAME, that AutoLaunch script stops and stays stopped (even when its files change) until",
          "`polybridge start NAME`; the others are not touched. Prints its status (JSON)."),
      DaemonAddress.OPTIONS,
      List.of(new CommandSpec.Parameter("NAME", "A script to stop, as `polybridge scripts` lists it.", CommandSpec.Parameter.Arity.OPTIONAL)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    if (!arguments.parameters().isEmpty()) {
      return ScriptCommand.stop(arguments.parameter(0), arguments, main);
    }
    DaemonAddress daemon = DaemonAddress.from(arguments, main);
    if (!daemon.isUnixSocket()) {
      throw new UsageException(SPEC, "--tcp : stopping the daemon needs its socket, where its pid is (use --socket)");
    }
    Path socket = daemon.socketPath();
    Path pidFile = PidFile.of(socket);
    if (!Files.exists(pidFile)) {
      throw new ProtocolException(Files.exists(socket)
          ? "no daemon's pid next to " + socket + " (" + pidFile + " is missing): stop it where it runs (Ctrl-C)"
          : "no polybridge daemon at " + socket + ": nothing to stop");
    }
    long pid = PidFile.read(pidFile);
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || !PidFile.wrote(process.get(), pidFile)) {
      throw new ProtocolException("no polybridge daemon runs as process " + pid + " (" + pidFile
          + " is stale: the daemon did not end cleanly); remove " + socket.getParent() + "'s socket, auth and pid");
    }
    process.get().destroy();
    try {
      process.get().onExit().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ProtocolException("the daemon (process " + pid + ") did not stop within " + PATIENCE_SECONDS + " s");
    }
    main.err().println("polybridge: daemon stopped (process " + pid + "), " + socket + " removed");
    main.err().flush();
    return 0;
  }
}
