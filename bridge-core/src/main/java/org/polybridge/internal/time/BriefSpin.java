package org.polybridge.internal.time;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A wait of a few microseconds before a thread parks: a hand-over between two threads that park
 * costs two wake-ups, and on a virtual machine whose other core is idle each wake-up costs 10–30 µs
 * (the host must resume a halted virtual CPU), more than a call into a guest function itself. A
 * thread that expects its answer or its next task within microseconds looks for it that long
 * first, yielding the processor between looks. At most {@link #LIMIT_NANOS}; none on a machine
 * with a single processor, where the spin would only hold off the thread it waits for.
 *
 * <p>A thread that takes tasks spins only while its recent waits were short ({@link Adaptive}): a
 * loop served calls back to back spins and never parks; one whose tasks come a wire round trip or
 * more apart parks at once, so an idle or lightly used loop costs nothing. A caller awaiting an
 * answer spins every time ({@link #until}): it wastes at most the limit, and only when the answer
 * takes longer than that.
 *
 * <p>{@code -Dpolybridge.spinMicros=N} sets the limit (0: never spin).
 *
 * <pre>{@code
 * BriefSpin.Adaptive spin = new BriefSpin.Adaptive();
 * Runnable task = spin.poll(queue::poll); // null: nothing came soon enough, so park
 * }</pre>
 */
public final class BriefSpin {
  /** The longest spin, in nanoseconds. */
  public static final long LIMIT_NANOS = Runtime.getRuntime().availableProcessors() < 2 ? 0
      : Math.max(0, Long.getLong("polybridge.spinMicros", 50)) * 1_000;

  private BriefSpin() {}

  /**
   * Between two looks: yields the processor, so that a spin never holds a core the awaited thread
   * is waiting for (a pause instruction alone did, on a loaded machine: benchmarks/README.md).
   */
  private static void pause() {
    Thread.yield();
  }

  /** Spins until {@code done} holds or {@link #LIMIT_NANOS} have passed; whether it holds. */
  public static boolean until(BooleanSupplier done) {
    if (done.getAsBoolean()) {
      return true;
    }
    if (LIMIT_NANOS == 0) {
      return false;
    }
    long end = System.nanoTime() + LIMIT_NANOS;
    do {
      pause();
      if (done.getAsBoolean()) {
        return true;
      }
    } while (System.nanoTime() - end < 0);
    return false;
  }

  /**
   * The spin of one thread that takes tasks (not thread-safe: its owner's alone). It spins while the
   * last wait, spun or parked, ended within the limit: a thread whose tasks arrive back to back
   * keeps spinning; one whose last task came later parks at once, and spins again after a short
   * wait.
   */
  public static final class Adaptive {
    private final long limitNanos;
    private final LongSupplier clock;
    private boolean lastWaitShort;
    private long waitingSince;

    /** Spins of at most {@link #LIMIT_NANOS}. */
    public Adaptive() {
      this(LIMIT_NANOS, System::nanoTime);
    }

    /** Spins of at most {@code limitNanos}, timed by {@code clock} (tests). */
    Adaptive(long limitNanos, LongSupplier clock) {
      this.limitNanos = limitNanos;
      this.clock = clock;
    }

    /**
     * The task {@code poll} gives within the limit, spinning, or null; null at once (no spin) while
     * the last wait was long. After a null the caller parks, then reports the task it got through
     * {@link #parkedFor}.
     */
    public <T> T poll(Supplier<T> poll) {
      T task = poll.get();
      if (task != null || limitNanos == 0) {
        return task;
      }
      waitingSince = clock.getAsLong();
      if (lastWaitShort) {
        long end = waitingSince + limitNanos;
        do {
          pause();
          task = poll.get();
          if (task != null) {
            return task;
          }
        } while (clock.getAsLong() - end < 0);
      }
      return null;
    }

    /** Called when the thread, parked after a null {@link #poll}, got its next task. */
    public void parkedFor() {
      lastWaitShort = clock.getAsLong() - waitingSince <= limitNanos;
    }
  }
}
