package org.polybridge.internal.client;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order they were posted, on another executor: a notification
 * listener on a thread-per-task executor would otherwise see a variable's changes in whatever
 * order the threads happen to run. At most one task of this queue is on the underlying executor at
 * a time; a task that throws is logged and the next one runs.
 */
final class InOrderExecutor implements Executor {
  private final Executor underlying;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  InOrderExecutor(Executor underlying) {
    this.underlying = underlying;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      underlying.execute(this::drain);
    }
  }

  private void drain() {
    try {
      Runnable task;
      while ((task = queue.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          System.getLogger(InOrderExecutor.class.getName()).log(Level.WARNING, "a notification listener failed", e);
        }
      }
    } finally {
      draining.set(false);
    }
    // A task posted after the last poll but before the flag was cleared found it still set.
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
