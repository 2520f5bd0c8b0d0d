package org.polybridge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The daemon logs to stderr and to {@code polybridge0.log} in its log folder ({@link DaemonLogFile}: 0600, rotated, 5 × 10 MB). */
final class DaemonLogging {
  private DaemonLogging() {}

  static void configure(Path folder) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    Formatter formatter = new SimpleFormatter();
    Handler console = new ConsoleHandler();
    console.setFormatter(formatter);
    console.setLevel(Level.INFO);
    root.addHandler(console);
    try {
      Handler file = DaemonLogFile.open(folder);
      file.setFormatter(formatter);
      file.setLevel(Level.INFO);
      root.addHandler(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot log to " + folder + ": " + e.getMessage(), e);
    }
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
  }
}
