package org.polybridge.internal.transport;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listener's connections that have not finished their handshake (not shown the cookie yet):
 * at most a fixed number at a time, so that connections that never finish it cannot take every
 * file descriptor of the process; one more is closed as soon as it is accepted. What is refused
 * or dropped before the handshake is logged at most once per 10 s ({@link ThrottledLog}).
 */
final class UnauthenticatedConnections {
  private static final System.Logger LOG = System.getLogger(UnauthenticatedConnections.class.getName());

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final ThrottledLog refusals = new ThrottledLog(LOG, Level.INFO, Duration.ofSeconds(10), System::nanoTime);

  UnauthenticatedConnections(int max) {
    this.max = max;
  }

  /** Counts a new connection in, unless {@code max} are in their handshake already (false: close it). */
  boolean admit() {
    while (true) {
      int n = open.get();
      if (n >= max) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** A connection admitted before finished its handshake or closed. */
  void left() {
    open.decrementAndGet();
  }

  /** Logs, throttled, that a connection was refused or dropped before or in its handshake. */
  void refused(String line) {
    refusals.log(line);
  }

  int max() {
    return max;
  }
}
