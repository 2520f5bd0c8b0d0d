package org.polybridge.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when a test says so: tasks run on the test's thread, in order
 * of their due time, during {@link #runPending()} and {@link #advance(Duration)}. Other threads may
 * post tasks ({@link #execute}); they wait for the test to run them. {@link #clock()} reads the same
 * virtual time.
 *
 * <pre>{@code
 * ManualScheduler scheduler = new ManualScheduler();
 * scheduler.schedule(() -> fired.set(true), 1, TimeUnit.SECONDS);
 * scheduler.advance(Duration.ofMillis(999));   // not yet
 * scheduler.advance(Duration.ofMillis(1));     // fired
 * }</pre>
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
  private long nowNanos;
  private long sequence;
  private long scheduled;
  private boolean shutdown;

  /** A clock that reads this scheduler's time. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return epoch.plusNanos(now());
      }
    };
  }

  /** Time since the scheduler was made. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nowNanos);
  }

  /** Runs every task due now, including those they post for now. */
  public void runPending() {
    advance(Duration.ZERO);
  }

  /** Moves time forward by {@code duration}, running each task when its time comes. */
  public void advance(Duration duration) {
    long until;
    synchronized (this) {
      until = nowNanos + duration.toNanos();
    }
    while (true) {
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > until) {
          nowNanos = until;
          return;
        }
        queue.poll();
        nowNanos = Math.max(nowNanos, next.dueNanos);
      }
      next.run();
    }
  }

  /** How many tasks wait, due now or later. */
  public synchronized int queued() {
    return queue.size();
  }

  /** How many tasks were ever posted or scheduled (a periodic one once), run or cancelled since. */
  public synchronized long scheduled() {
    return scheduled;
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Task<>(() -> {
      command.run();
      return null;
    }, unit.toNanos(delay), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable, unit.toNanos(delay), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return scheduleWithFixedDelay(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return enqueue(new Task<>(() -> {
      command.run();
      return null;
    }, unit.toNanos(initialDelay), unit.toNanos(delay)));
  }

  private synchronized <V> Task<V> enqueue(Task<V> task) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("the scheduler is shut down");
    }
    task.dueNanos = nowNanos + task.dueNanos;
    task.sequence = sequence++;
    scheduled++;
    queue.add(task);
    return task;
  }

  private synchronized long now() {
    return nowNanos;
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private final long periodNanos;
    private long dueNanos;
    private long sequence;

    Task(Callable<V> callable, long delayNanos, long periodNanos) {
      super(callable);
      this.dueNanos = delayNanos;
      this.periodNanos = periodNanos;
    }

    @Override
    public void run() {
      if (periodNanos == 0) {
        super.run();
      } else if (runAndReset()) {
        synchronized (ManualScheduler.this) {
          if (!shutdown) {
            dueNanos = nowNanos + periodNanos;
            sequence = ManualScheduler.this.sequence++;
            queue.add(this);
          }
        }
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (ManualScheduler.this) {
        queue.remove(this);
      }
      return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - now(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> o = (Task<?>) other;
      int byTime = Long.compare(dueNanos, o.dueNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      if (!isDone()) {
        throw new IllegalStateException("the task has not run: advance the scheduler first");
      }
      return super.get();
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
