package org.polybridge.cli.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * One script's log file, {@code <logs>/<NAME>.log}, as the daemon writes it (docs/SCRIPTS.md,
 * "Logs"), read by {@code polybridge logs} and by the console: its last lines, then what was
 * written after a position, across the move to {@code .log.1} past 1 MB (the file starts anew).
 */
public final class ScriptLogFile {
  /** The most one read returns: a log written faster is caught up with over several reads. */
  private static final int MAX_READ = 1 << 20;

  private final Path file;

  private ScriptLogFile(Path file) {
    this.file = file;
  }

  /**
   * The log of script {@code name} in {@code folder}.
   *
   * @throws IllegalArgumentException when {@code name} is not a plain file name or the script has no log there
   */
  public static ScriptLogFile of(Path folder, String name) {
    Path file = folder.resolve(name + ".log");
    if (name.isEmpty() || name.contains("/") || name.startsWith(".") || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no log of a script named " + name + " in " + folder + known(folder));
    }
    return new ScriptLogFile(file);
  }

  /** The last {@code count} lines and the position after them. */
  public Chunk last(int count) throws IOException {
    long size = Files.size(file);
    Deque<String> last = new ArrayDeque<>(count);
    try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
      all.forEach(line -> {
        if (last.size() == count) {
          last.removeFirst();
        }
        last.addLast(line);
      });
    }
    return new Chunk(String.join("\n", last) + (last.isEmpty() ? "" : "\n"), size, false);
  }

  /**
   * What was written from {@code position} on (at most 1 MB at a time); when the file is shorter
   * than {@code position} it was moved aside and started anew, and this reads from its start.
   */
  public Chunk after(long position) throws IOException {
    long size = Files.exists(file) ? Files.size(file) : 0;
    boolean restarted = size < position;
    long from = restarted ? 0 : position;
    if (size == from) {
      return new Chunk("", from, restarted);
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.min(size - from, MAX_READ)];
      in.seek(from);
      in.readFully(bytes);
      // Whole UTF-8 characters only: a character cut at the end is read with the next chunk.
      int end = bytes.length;
      int back = 0;
      while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
        back++;
      }
      if (end - back - 1 >= 0 && (bytes[end - back - 1] & 0x80) != 0 && sequenceLength(bytes[end - back - 1]) > back + 1) {
        end = end - back - 1;
      }
      return new Chunk(new String(bytes, 0, end, StandardCharsets.UTF_8), from + end, restarted);
    }
  }

  private static int sequenceLength(byte lead) {
    int b = lead & 0xFF;
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  }

  /** Text read from the log and the position after it; {@code restarted}: the file had started anew. */
  public record Chunk(String text, long end, boolean restarted) {}

  private static String known(Path folder) {
    if (!Files.isDirectory(folder)) {
      return " (the folder does not exist: is the daemon's --logs elsewhere?)";
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
      return names.isEmpty() ? " (it holds no script's log)" : " (expected one of: " + String.join(", ", names) + ")";
    } catch (IOException e) {
      return " (" + e.getMessage() + ")";
    }
  }
}
