package org.polybridge.cli.host;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a program in a new pseudo-terminal of a given size, the size already set when the
 * program starts: as a {@link SessionProgram} where it can, else through pty4j ({@link
 * Pty4jLauncher}, loaded only then: {@link Pty4jLoader}). pty4j sets the
 * size only after the program was started, so a program that reads it at once ({@code stty size},
 * a shell drawing its first prompt) could see 0×0; there a small shell sets the size on its
 * terminal and then becomes the program ({@code exec}: same process).
 */
final class PtyLauncher {
  private static final String SIZED_EXEC = "stty cols \"$POLYBRIDGE_COLUMNS\" rows \"$POLYBRIDGE_ROWS\" 2>/dev/null; "
      + "unset POLYBRIDGE_COLUMNS POLYBRIDGE_ROWS; exec \"$@\"";

  private PtyLauncher() {}

  /**
   * Readies what {@link #start} uses on a thread of its own: JLine's native library, or where
   * that cannot serve, pty4j's native libraries, JNA, the C library's facade, its launcher library
   * and the structures they pass, by opening a pseudo-terminal, sizing it and closing it. A JVM's
   * first {@link #start} otherwise spends most of its time there (a hundred milliseconds and more
   * with pty4j); begun early, it overlaps with what the caller waits for meanwhile (the daemon's
   * answer). {@code first} runs before, on the same thread. A failure here is only logged:
   * {@link #start} meets it again and reports it. For {@code polybridge pty} alone: where pty4j
   * serves, the root logger is set to warnings, as the program's screen is no place for its notes.
   */
  static void warmUp(Runnable first) {
    Thread.ofPlatform().name("polybridge-pty-warm-up").daemon().start(() -> {
      try {
        first.run();
        NativeLibraries.prepare();
        if (SessionProgram.usable()) {
          return;
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Pty4jLoader.launcher().warmUp();
      } catch (IOException | RuntimeException | LinkageError e) {
        System.getLogger(PtyLauncher.class.getName()).log(Level.DEBUG, "pty4j was not readied ahead: " + e);
      }
    });
  }

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}.
   *
   * @throws IOException when the program is not found or the terminal cannot be made
   */
  static PtyProgram start(List<String> command, Map<String, String> environment, Path directory, int columns, int rows)
      throws IOException {
    return start(!SessionProgram.usable(), command, environment, directory, columns, rows);
  }

  /** As {@link #start(List, Map, Path, int, int)}, through pty4j when {@code pty4j}, else as a {@link SessionProgram}. */
  static PtyProgram start(boolean pty4j, List<String> command, Map<String, String> environment, Path directory, int columns,
      int rows) throws IOException {
    NativeLibraries.prepare();
    String program = resolve(command.get(0), environment.get("PATH"), directory);
    if (!pty4j) {
      List<String> resolved = new ArrayList<>(command);
      resolved.set(0, program);
      return SessionProgram.start(resolved, environment, directory, columns, rows);
    }
    List<String> sized = new ArrayList<>(List.of("/bin/sh", "-c", SIZED_EXEC, "polybridge"));
    sized.add(program);
    sized.addAll(command.subList(1, command.size()));
    Map<String, String> env = new HashMap<>(environment);
    env.put("POLYBRIDGE_COLUMNS", Integer.toString(columns));
    env.put("POLYBRIDGE_ROWS", Integer.toString(rows));
    return Pty4jLoader.launcher().start(sized, env, directory, columns, rows);
  }

  /** The program's file: a name with a slash as it is (relative to {@code directory}), else found on {@code path}. */
  static String resolve(String program, String path, Path directory) throws IOException {
    if (program.contains("/")) {
      Path file = directory.resolve(program);
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return program;
      }
    } else if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path file = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
          return file.toString();
        }
      }
    }
    throw new IOException("no program " + program + (program.contains("/") ? "" : " on the PATH"));
  }
}
