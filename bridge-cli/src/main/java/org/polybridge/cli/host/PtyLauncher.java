package org.polybridge.cli.host;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a program in a new pseudo-terminal of a given size, the size already set when the
 * program starts. pty4j sets the size only after the program was started, so a program that reads
 * it at once ({@code stty size}, a shell drawing its first prompt) could see 0×0; here a small
 * shell sets the size on its terminal and then becomes the program ({@code exec}: same process).
 */
final class PtyLauncher {
  private static final String SIZED_EXEC = "stty cols \"$POLYBRIDGE_COLUMNS\" rows \"$POLYBRIDGE_ROWS\" 2>/dev/null; "
      + "unset POLYBRIDGE_COLUMNS POLYBRIDGE_ROWS; exec \"$@\"";

  private PtyLauncher() {}

  /**
   * Starts {@code command} in {@code directory} with exactly {@code environment}.
   *
   * @throws IOException when the program is not found or the terminal cannot be made
   */
  static PtyProcess start(List<String> command, Map<String, String> environment, Path directory, int columns, int rows)
      throws IOException {
    List<String> sized = new ArrayList<>(List.of("/bin/sh", "-c", SIZED_EXEC, "polybridge"));
    sized.add(resolve(command.get(0), environment.get("PATH"), directory));
    sized.addAll(command.subList(1, command.size()));
    Map<String, String> env = new HashMap<>(environment);
    env.put("POLYBRIDGE_COLUMNS", Integer.toString(columns));
    env.put("POLYBRIDGE_ROWS", Integer.toString(rows));
    return new PtyProcessBuilder(sized.toArray(String[]::new))
        .setEnvironment(env)
        .setDirectory(directory.toString())
        .setInitialColumns(columns)
        .setInitialRows(rows)
        // the parent keeps the terminal open, so output written just before the exit is not lost
        .setUnixOpenTtyToPreserveOutputAfterTermination(true)
        .start();
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
