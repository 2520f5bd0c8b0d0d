package org.polybridge.js.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.graalvm.polyglot.Context;

/**
 * Gives each entry into a context a time budget and interrupts the context when an entry outlives
 * it: a runaway function or callback stops with an interrupt, and the context stays usable for the
 * next call. {@link Context#interrupt} is the one call made on a context from another thread.
 *
 * <p>One check is armed at a time, for the earliest deadline it must catch. An entry whose
 * deadline is later than the armed check arms nothing, and an entry that returns leaves the check
 * armed: when it fires it looks at the entry running then, interrupts it if it is overdue, and
 * re-arms for it if it is not. So entries that return in time, one after another, cost the watchdog
 * thread one wake-up per budget, not two per entry (a schedule that wakes it, a cancel).
 */
final class Watchdog {
  private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());

  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final Interrupter interrupter;
  private long ticket;
  private boolean running;
  private long dueNanos;
  /** When the entry running now began. */
  private long startedNanos;
  private Duration budget;
  private Duration expired;
  private ScheduledFuture<?> check;
  private long checkNanos;

  /** Interrupts the context's running code; the seam the tests fake. */
  @FunctionalInterface
  interface Interrupter {
    void interrupt() throws TimeoutException;
  }

  Watchdog(ScheduledExecutorService timer, Context context) {
    this(timer, System::nanoTime, () -> context.interrupt(Duration.ofSeconds(2)));
  }

  /** A watchdog measuring with {@code nanoTime}, which must be {@code timer}'s own time. */
  Watchdog(ScheduledExecutorService timer, LongSupplier nanoTime, Interrupter interrupter) {
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.interrupter = interrupter;
  }

  /** An entry begins; it may run for {@code budget}. */
  synchronized long arm(Duration budget) {
    long current = ++ticket;
    running = true;
    expired = null;
    this.budget = budget;
    startedNanos = nanoTime.getAsLong();
    dueNanos = startedNanos + budget.toNanos();
    if (check == null || checkNanos - dueNanos > 0) {
      if (check != null) {
        check.cancel(false);
      }
      armCheck(dueNanos);
    }
    return current;
  }

  /** The entry has returned. The check stays armed (see the class comment). */
  synchronized void disarm(long entry) {
    if (entry == ticket) {
      running = false;
    }
  }

  /** The budget an entry overran, when the watchdog interrupted it; else {@code null}. */
  synchronized Duration overran(long entry) {
    return entry == ticket ? expired : null;
  }

  /**
   * A function call of the script is unanswered at its timeout: when the entry running now has
   * held the thread for at least half that timeout, it is what keeps the call from answering, and
   * it is interrupted now, as if it had overrun {@code timeout}. (Code after an {@code await} runs in
   * an entry of its own, whose budget is a callback's, longer than most functions' timeouts.) An
   * entry that began later, or none, is left alone: the call waits on something else.
   */
  void overdue(Duration timeout) {
    synchronized (this) {
      if (!running || nanoTime.getAsLong() - startedNanos < timeout.toNanos() / 2) {
        return;
      }
      expired = timeout;
    }
    interrupt();
  }

  /** The context is closing: no check is left armed to hold on to it. */
  synchronized void close() {
    running = false;
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void armCheck(long atNanos) {
    checkNanos = atNanos;
    check = timer.schedule(this::fire, Math.max(0, atNanos - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    synchronized (this) {
      check = null;
      if (!running) {
        return;
      }
      if (dueNanos - nanoTime.getAsLong() > 0) {
        armCheck(dueNanos); // another entry runs now, not yet overdue
        return;
      }
      expired = budget;
    }
    interrupt();
  }

  private void interrupt() {
    try {
      interrupter.interrupt();
    } catch (TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "a script did not stop within 2 s of its interrupt");
    } catch (IllegalStateException | org.graalvm.polyglot.PolyglotException closed) {
      // the context closed meanwhile
    }
  }
}
