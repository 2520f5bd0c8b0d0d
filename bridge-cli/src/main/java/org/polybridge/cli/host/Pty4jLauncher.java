package org.polybridge.cli.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts programs through pty4j (its own fork and exec, through JNA): the way {@link PtyLauncher}
 * takes where {@link SessionProgram} cannot serve. pty4j, JNA and Kotlin are most of a class path's
 * jars, and the JDK opens every jar of it when it looks for a service (the socket to the daemon, the
 * loggers): so {@code polybridge pty} runs without them, and {@link Pty4jLoader} loads them, with
 * this way's classes ({@code org.polybridge.cli.host.pty4j}), only when a program starts this way.
 * Public for those classes, which may live in a class loader of their own.
 */
public interface Pty4jLauncher {
  /**
   * Starts {@code command} (its first word a path) in {@code directory} with exactly {@code
   * environment}, in a new terminal of the given size.
   */
  PtyProgram start(List<String> command, Map<String, String> environment, Path directory, int columns, int rows)
      throws IOException;

  /** Readies pty4j, JNA, the C library's facade and the structures they pass: a first start spends a hundred milliseconds there. */
  void warmUp() throws IOException;
}
