package org.polybridge.js.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * Gives each entry into a context a time budget and interrupts the context when an entry outlives
 * it: a runaway function or callback stops with an interrupt, and the context stays usable for the
 * next call. {@link Context#interrupt} is the one call made on a context from another thread.
 */
final class Watchdog {
  private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

  private final ScheduledExecutorService timer;
  private final Context context;
  private long ticket;
  private boolean running;
  private Duration expired;
  private ScheduledFuture<?> check;

  Watchdog(ScheduledExecutorService timer, Context context) {
    this.timer = timer;
    this.context = context;
  }

  /** An entry begins; it may run for {@code budget}. */
  synchronized long arm(Duration budget) {
    long current = ++ticket;
    running = true;
    expired = null;
    check = timer.schedule(() -> fire(current, budget), budget.toNanos(), TimeUnit.NANOSECONDS);
    return current;
  }

  /** The entry has returned. */
  synchronized void disarm(long entry) {
    if (entry == ticket) {
      running = false;
      if (check != null) {
        check.cancel(false);
        check = null;
      }
    }
  }

  /** The budget an entry overran, when the watchdog interrupted it; else {@code null}. */
  synchronized Duration overran(long entry) {
    return entry == ticket ? expired : null;
  }

  private void fire(long entry, Duration budget) {
    synchronized (this) {
      if (!running || entry != ticket) {
        return;
      }
      expired = budget;
    }
    try {
      context.interrupt(Duration.ofSeconds(2));
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "a script did not stop within 2 s of its interrupt");
    } catch (IllegalStateException | org.graalvm.polyglot.PolyglotException closed) {
      // the context closed meanwhile
    }
  }
}
