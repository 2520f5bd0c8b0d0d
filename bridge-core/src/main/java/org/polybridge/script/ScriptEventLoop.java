package org.polybridge.script;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a guest script runs on, and its queue: RPC calls, notifications, timers and
 * promise or future completions are all posted here, so the script's context is only ever entered
 * by this thread (GraalJS refuses a second one). Tasks run in order; a task that never returns
 * holds up the rest until the runtime interrupts the context.
 */
public final class ScriptEventLoop implements Executor, AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  public ScriptEventLoop(String scriptName) {
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "script-" + scriptName);
      t.setDaemon(true);
      thread = t;
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Posts a task; after {@link #close()} tasks are dropped. */
  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      // the script is gone: nothing is left to run the task for
    }
  }

  /** Runs a task on the loop after a delay (timers: {@code setTimeout}, {@code asyncio.sleep}). */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Whether the caller is the loop's own thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  public boolean isClosed() {
    return executor.isShutdown();
  }

  /** Stops taking tasks; the task running now (if any) is not waited for. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
