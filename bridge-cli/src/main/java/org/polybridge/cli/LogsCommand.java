package org.polybridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.polybridge.ProtocolException;

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
    Path log = folder.resolve(name + ".log");
    if (name.contains("/") || !Files.isRegularFile(log)) {
      throw new ProtocolException("no log of a script named " + name + " in " + folder + known(folder));
    }
    PrintWriter out = main.out();
    long position = printLast(log, arguments.positiveInt(LINES.name(), 10), out);
    if (!arguments.flag(FOLLOW.name())) {
      return 0;
    }
    while (!Thread.currentThread().isInterrupted()) {
      long size = Files.exists(log) ? Files.size(log) : 0;
      if (size < position) {
        position = 0; // moved aside to .log.1 and started anew
      }
      if (size > position) {
        position = copy(log, position, size, out);
      }
      try {
        Thread.sleep(FOLLOW_MILLIS);
      } catch (InterruptedException e) {
        return 0;
      }
    }
    return 0;
  }

  /** Prints the last {@code lines} lines; returns where the file ended. */
  private static long printLast(Path log, int lines, PrintWriter out) throws IOException {
    long size = Files.size(log);
    Deque<String> last = new ArrayDeque<>(lines);
    try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
      all.forEach(line -> {
        if (last.size() == lines) {
          last.removeFirst();
        }
        last.addLast(line);
      });
    }
    last.forEach(out::println);
    out.flush();
    return size;
  }

  private static long copy(Path log, long from, long to, PrintWriter out) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.min(to - from, 1 << 20)];
      file.seek(from);
      file.readFully(bytes);
      out.print(new String(bytes, StandardCharsets.UTF_8));
      out.flush();
      return from + bytes.length;
    }
  }

  private static String known(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return " (the folder does not exist: is the daemon's --logs elsewhere?)";
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
      return names.isEmpty() ? " (it holds no script's log)" : " (expected one of: " + String.join(", ", names) + ")";
    }
  }
}
