package org.polybridge.cli.host.pty4j;

import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.Pty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.polybridge.cli.host.Pty4jLauncher;
import org.polybridge.cli.host.PtyProgram;

/**
 * Programs started through pty4j. Made by {@code Pty4jLoader}, perhaps in a class loader of its
 * own (this package's classes with pty4j's jars), once pty4j's and JNA's native libraries are
 * where they look for them.
 */
public final class Pty4jPrograms implements Pty4jLauncher {
  @Override
  public PtyProgram start(List<String> command, Map<String, String> environment, Path directory, int columns, int rows)
      throws IOException {
    return Pty4jProgram.of(new PtyProcessBuilder(command.toArray(String[]::new))
        .setEnvironment(environment)
        .setDirectory(directory.toString())
        .setInitialColumns(columns)
        .setInitialRows(rows)
        // the parent keeps the terminal open, so output written just before the exit is not lost
        .setUnixOpenTtyToPreserveOutputAfterTermination(true)
        .start());
  }

  /** Opens a pseudo-terminal, sizes it and closes it. */
  @Override
  public void warmUp() throws IOException {
    Pty pty = new Pty();
    try {
      pty.setWindowSize(new WinSize(80, 24), null);
    } finally {
      pty.close();
    }
  }
}
