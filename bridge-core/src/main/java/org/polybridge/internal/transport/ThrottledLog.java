package org.polybridge.internal.transport;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A log that writes at most one line per interval: the first of a burst is written, the others
 * are counted and the count goes with the next line written. A flood of connections that a
 * listener refuses then costs the log a line now and then, not a line each.
 */
final class ThrottledLog {
  private final System.Logger log;
  private final Level level;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private boolean written;
  private long lastNanos;
  private long suppressed;

  ThrottledLog(System.Logger log, Level level, Duration interval, LongSupplier nanoTime) {
    this.log = log;
    this.level = level;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  void log(String line) {
    String text;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (written && now - lastNanos < intervalNanos) {
        suppressed++;
        return;
      }
      text = suppressed == 0 ? line
          : line + " (and " + suppressed + " more not logged since " + (now - lastNanos) / 1_000_000_000 + " s ago)";
      written = true;
      lastNanos = now;
      suppressed = 0;
    }
    log.log(level, text);
  }
}
