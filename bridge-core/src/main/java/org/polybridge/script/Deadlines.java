package org.polybridge.script;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.polybridge.internal.time.Timeouts;
import java.util.function.LongSupplier;

/**
 * Timeouts that share one timer task, armed for the earliest pending deadline only. Most timeouts
 * of a kind are equal, so deadlines mostly come in order: a deadline later than the armed one
 * schedules nothing, and cancelling one only takes it out of the queue. A call that answers in time
 * thus costs the timer thread no wake-up; a {@code schedule} and a {@code cancel} per call would
 * wake it twice whenever its queue was empty between calls. When the armed task fires it runs the
 * expired deadlines' actions and arms itself for the next earliest; with none pending it arms
 * nothing, so an idle bridge's timer sleeps (after at most one spare wake-up, for a deadline that
 * was cancelled after it was armed).
 *
 * <p>Thread-safe and non-blocking. The actions run on the timer's thread, one after another: they
 * must not block (they complete futures). The bridge times invocations and calls with it; a
 * {@link ScriptRuntime} times its scripts' calls with one of its own, on its watchdog thread:
 *
 * <pre>{@code
 * Deadlines deadlines = new Deadlines(watchdog);   // a ScheduledExecutorService
 * Deadlines.Deadline deadline = deadlines.after(Duration.ofSeconds(5), () -> result.completeExceptionally(
 *     new TimeoutException("no answer within 5 s")));
 * result.whenComplete((value, failure) -> deadline.cancel());
 * }</pre>
 */
public final class Deadlines {
  private static final System.Logger LOG = System.getLogger(Deadlines.class.getName());

  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  /** Due times count from here: from 0 up, so they compare as plain numbers, whatever nanoTime reads. */
  private final long origin;
  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentSkipListSet<Deadline> pending = new ConcurrentSkipListSet<>((a, b) -> a.dueNanos != b.dueNanos
      ? Long.compare(a.dueNanos, b.dueNanos)
      : Long.compare(a.sequence, b.sequence));
  /** The armed timer task; null when none is (nothing pending, or the task is running). */
  private final AtomicReference<Alarm> armed = new AtomicReference<>();

  /** Deadlines on {@code timer}, measured with {@link System#nanoTime}. */
  public Deadlines(ScheduledExecutorService timer) {
    this(timer, System::nanoTime);
  }

  /** Deadlines measured with {@code nanoTime}, which must be {@code timer}'s own time (a test scheduler's). */
  public Deadlines(ScheduledExecutorService timer, LongSupplier nanoTime) {
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /**
   * Runs {@code expiry} on the timer's thread after {@code timeout}, unless cancelled first. A
   * timeout longer than {@link Timeouts#MAX} is cut to it; a negative one expires at once.
   */
  public Deadline after(Duration timeout, Runnable expiry) {
    long nanos = timeout.isNegative() ? 0 : Timeouts.clamp(timeout).toNanos();
    Deadline deadline = new Deadline(now() + nanos, sequence.getAndIncrement(), expiry);
    pending.add(deadline);
    try {
      armFor(deadline.dueNanos);
    } catch (RejectedExecutionException e) { // the timer was shut down: as a schedule on it would
      pending.remove(deadline);
      throw e;
    }
    return deadline;
  }

  /**
   * Expires the deadlines that are due by now, on the timer's thread, without waiting for the armed
   * task. The armed task is scheduled by the timer's own (real) time; a clock that jumps ahead of it
   * (a test's) calls this after each jump. Completes when they have.
   */
  public CompletableFuture<Void> tick() {
    return CompletableFuture.runAsync(() -> ring(null), timer);
  }

  /** Deadlines neither expired nor cancelled, for tests and diagnostics. */
  public int pending() {
    return pending.size();
  }

  /**
   * Makes sure a task is armed at or before {@code dueNanos}. The deadline is in the queue already:
   * an armed task seen here has not begun to run yet, or it has and will find the deadline when it
   * re-arms, because it disarms itself before it looks at the queue.
   */
  private void armFor(long dueNanos) {
    while (true) {
      Alarm current = armed.get();
      if (current != null && current.dueNanos <= dueNanos) {
        return;
      }
      Alarm alarm = new Alarm(dueNanos);
      if (armed.compareAndSet(current, alarm)) {
        try {
          alarm.task = timer.schedule(() -> ring(alarm), Math.max(0, dueNanos - now()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          armed.compareAndSet(alarm, null);
          throw e;
        }
        if (current != null) {
          current.cancel(); // superseded by an earlier one: spare the timer a useless wake-up
        }
        return;
      }
    }
  }

  /** Expires what is due; {@code alarm}: the armed task that rings, or null for a {@link #tick}. */
  private void ring(Alarm alarm) {
    if (alarm != null) {
      armed.compareAndSet(alarm, null);
    }
    long now = now();
    for (Deadline deadline : pending) {
      if (deadline.dueNanos > now) {
        break;
      }
      if (pending.remove(deadline)) { // else cancelled meanwhile
        deadline.expire();
      }
    }
    Iterator<Deadline> rest = pending.iterator();
    if (rest.hasNext()) {
      armFor(rest.next().dueNanos);
    }
  }

  /**
   * Nanoseconds since this was made: a difference of two readings, right even when nanoTime wraps,
   * and far from overflowing (292 years) when a due time adds at most a day to it.
   */
  private long now() {
    return nanoTime.getAsLong() - origin;
  }

  /** A pending timeout; {@link #cancel} it when what it guards has ended. */
  public final class Deadline {
    private final long dueNanos;
    private final long sequence;
    private final Runnable expiry;

    private Deadline(long dueNanos, long sequence, Runnable expiry) {
      this.dueNanos = dueNanos;
      this.sequence = sequence;
      this.expiry = expiry;
    }

    /** True when the deadline will not expire because of this call; false when it expired or was cancelled before. */
    public boolean cancel() {
      return pending.remove(this);
    }

    private void expire() {
      try {
        expiry.run();
      } catch (RuntimeException e) { // the others still expire, and the timer re-arms
        LOG.log(System.Logger.Level.WARNING, "a deadline's action failed", e);
      }
    }
  }

  /** One armed timer task. */
  private static final class Alarm {
    private final long dueNanos;
    private volatile ScheduledFuture<?> task;

    Alarm(long dueNanos) {
      this.dueNanos = dueNanos;
    }

    void cancel() {
      ScheduledFuture<?> t = task;
      if (t != null) { // null: its arming thread has not stored it yet; it rings for nothing then
        t.cancel(false);
      }
    }
  }
}
