package org.polybridge.internal.transport;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listener's connections that have not finished their handshake (not shown the cookie yet):
 * at most a fixed number at a time, so that connections that never finish it cannot take every
 * file descriptor of the process; one more is closed as soon as it is accepted. What is refused
 * or dropped before the handshake is logged at most once per 10 s ({@link ThrottledLog}).
 *
 * <p>Every listener of the daemon counts this way: the API's ({@link ServerInitializer}) and the
 * console's, whose connections are unauthenticated until a request shows its cookie.
 */
public final class UnauthenticatedConnections {
  private static final System.Logger LOG = System.getLogger(UnauthenticatedConnections.class.getName());

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final ThrottledLog refusals = new ThrottledLog(LOG, Level.INFO, Duration.ofSeconds(10), System::nanoTime);

  /** At most {@code max} at a time ({@link WireSettings#DEFAULT_MAX_UNAUTHENTICATED} for the daemon's listeners). */
  public UnauthenticatedConnections(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max : " + max + " (expected: >= 1)");
    }
    this.max = max;
  }

  /** Counts a new connection in, unless {@code max} are in their handshake already (false: close it). */
  public boolean admit() {
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
  public void left() {
    open.decrementAndGet();
  }

  /** Logs, throttled, that a connection was refused or dropped before or in its handshake. */
  public void refused(String line) {
    refusals.log(line);
  }

  public int max() {
    return max;
  }
}
