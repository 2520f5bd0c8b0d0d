package org.polybridge.internal.time;

import java.time.Duration;

/**
 * The one bound on every timeout the bridge takes (a function's, an invocation's; from the wire,
 * the Java API or a guest): at most {@link #MAX}, 24 hours. A longer one is cut to it, so that
 * "for ever" (1e300 s, {@code inf}, 2^63 ns) still means a time the timer can count to, and no
 * deadline is far enough to wrap a 64-bit count of nanoseconds (docs/INVOCATIONS.md).
 */
public final class Timeouts {
  /** The longest timeout: 24 hours. */
  public static final Duration MAX = Duration.ofHours(24);

  private Timeouts() {}

  /** {@code timeout}, cut to {@link #MAX}; {@code null} stays {@code null} (the default applies). */
  public static Duration clamp(Duration timeout) {
    return timeout != null && timeout.compareTo(MAX) > 0 ? MAX : timeout;
  }

  /**
   * Seconds as the wire and the guests give them: {@code absent} when not above zero (or NaN), cut
   * to {@link #MAX} when longer (infinity included), else to the nanosecond.
   */
  public static Duration ofSeconds(double seconds, Duration absent) {
    if (!(seconds > 0)) {
      return absent;
    }
    return seconds >= MAX.toSeconds() ? MAX : Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
