package org.polybridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.polybridge.ProtocolException;
import org.polybridge.cli.console.ScriptLogFile;

/**
 * {@code polybridge logs [-f] [-n N] NAME}: one script's log, {@code <logs>/<NAME>.log}, as the
 * daemon writes it (docs/SCRIPTS.md, "Logs"): its last lines and, with {@code -f}, what is written
 * after, across the moves to {@code .log.1} past 1 MB.
 */
final class LogsCommand implements Command {
  /** How often {@code -f} looks for more: what a person waiting on a log can tell. */
  private static final long FOLLOW_MILLIS = 200;
  private static final CommandSpec.Option FOLLOW = new CommandSpec.Option("--follow", "-f", null,
      "Goes on printing what is written to the log, until interrupted (Ctrl-C).");
  private static final CommandSpec.Option LINES = new CommandSpec.Option("--lines", "-n", "N", "Prints the last N lines first (default: 10).");
  private static final CommandSpec.Option LOGS = CommandSpec.Option.valued("--logs", "DIR",
      "The daemon's log folder (default: $XDG_STATE_HOME/polybridge/logs, as `polybridge run`).");
  private static final CommandSpec SPEC = new CommandSpec("logs", "Prints one script's log.",
      List.of("NAME is the script's file or folder name in AutoLaunch (`polybridge scripts`): its starts, loads,",
          "failures with tracebacks, and what it printed."),
      List.of(FOLLOW, LINES, LOGS),
      List.of(new CommandSpec.Parameter("NAME", "The script's name, e.g. clear_session.py.", CommandSpec.Parameter.Arity.ONE)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    String name = arguments.parameter(0);
    Path folder = arguments.path(LOGS.name()) != null ? arguments.path(LOGS.name()) : main.folders().logs();
    ScriptLogFile log;
    try {
      log = ScriptLogFile.of(folder, name);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
    PrintWriter out = main.out();
    ScriptLogFile.Chunk chunk = log.last(arguments.positiveInt(LINES.name(), 10));
    out.print(chunk.text());
    out.flush();
    if (!arguments.flag(FOLLOW.name())) {
      return 0;
    }
    long position = chunk.end();
    while (!Thread.currentThread().isInterrupted()) {
      chunk = log.after(position);
      if (!chunk.text().isEmpty()) {
        out.print(chunk.text());
        out.flush();
      }
      position = chunk.end();
      try {
        Thread.sleep(FOLLOW_MILLIS);
      } catch (InterruptedException e) {
        return 0;
      }
    }
    return 0;
  }
}
