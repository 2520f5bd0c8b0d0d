package org.polybridge.script;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.polybridge.internal.time.BriefSpin;

/**
 * The one thread a guest script runs on, and its queue: RPC calls, notifications, timers and
 * promise or future completions are all posted here, so the script's context is only ever entered
 * by this thread (GraalJS refuses a second one). Tasks run in order; a task that never returns
 * holds up the rest until the runtime interrupts the context. A task that throws is logged; the
 * loop goes on.
 *
 * <p>Every call of a script's function is a task here, so posting one is kept cheap: a plain
 * blocking queue (a scheduled executor wraps each task in a future and a heap entry, and costs a
 * microsecond or two more per hand-over). Timers are the loop thread's own heap, looked at between
 * tasks; one cancelled from another thread stays in the heap, skipped, until its time. While calls
 * come back to back (an application calling a function in a loop), the thread spins a few
 * microseconds for the next one instead of parking ({@link BriefSpin}).
 *
 * <p>A task or timer that throws is written to the script's log with its stack (and the bridge's
 * log); a task posted after {@link #close()} is dropped, and the first such drop is logged too, so
 * that work lost to a stopped script is never silent.
 *
 * <pre>{@code
 * ScriptEventLoop loop = new ScriptEventLoop("clock.py", env.log());
 * loop.execute(() -> System.out.println("on the script's thread"));
 * loop.close();
 * }</pre>
 */
public final class ScriptEventLoop implements Executor, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ScriptEventLoop.class.getName());

  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  /** Due timers, earliest first; only the loop's thread touches it. */
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final AtomicLong timerSequence = new AtomicLong();
  private final Thread thread;
  private final ScriptLog log;
  private final AtomicBoolean droppedReported = new AtomicBoolean();
  /** The loop thread's own: whether it spins for the next task before it parks. */
  private final BriefSpin.Adaptive spin = new BriefSpin.Adaptive();
  private final Supplier<Runnable> poll = tasks::poll;
  private volatile boolean closed;

  /** A loop whose failures go to the bridge's log only (tests, benchmarks). */
  public ScriptEventLoop(String scriptName) {
    this(scriptName, null);
  }

  /** A loop whose tasks' failures go to {@code log} (the script's) as well as the bridge's log. */
  public ScriptEventLoop(String scriptName, ScriptLog log) {
    this.log = log;
    thread = new Thread(this::run, "script-" + scriptName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Posts a task; after {@link #close()} tasks are dropped. */
  @Override
  public void execute(Runnable task) {
    if (!closed) {
      tasks.add(task);
    } else if (droppedReported.compareAndSet(false, true)) {
      report(Level.INFO, "work posted after " + thread.getName() + " stopped was dropped (later drops are not logged): " + task, null);
    }
  }

  /**
   * Runs a task on the loop after a delay (timers: {@code setTimeout}, {@code asyncio.sleep}).
   *
   * @throws RejectedExecutionException after {@link #close()}
   */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    if (closed) {
      throw new RejectedExecutionException("the loop of " + thread.getName() + " is closed");
    }
    Timer timer = new Timer(task, System.nanoTime() + Math.max(0, delay.toNanos()), timerSequence.getAndIncrement());
    if (inLoop()) {
      timers.add(timer);
    } else {
      tasks.add(() -> {
        if (!timer.isCancelled()) {
          timers.add(timer);
        }
      });
    }
    return timer;
  }

  /**
   * The bytes allocated on the loop's thread since it started, where the JVM counts them, else -1.
   * A script's code runs on this thread only, so this is what the script allocated (kept or not).
   */
  public long allocatedBytes() {
    return java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        ? threads.getThreadAllocatedBytes(thread.threadId()) : -1;
  }

  /** Whether the caller is the loop's own thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Stops taking tasks and interrupts the loop's thread; the task running now (if any) is not waited for. */
  @Override
  public void close() {
    closed = true;
    tasks.clear();
    thread.interrupt();
  }

  private void run() {
    while (!closed) {
      Runnable task;
      try {
        task = next();
      } catch (InterruptedException e) {
        continue; // closed, or a stray interrupt: the loop's condition decides
      }
      if (task == null || closed) {
        continue;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        report(Level.WARNING, "a task on " + thread.getName() + " failed: " + e, e);
      }
    }
    tasks.clear();
    timers.clear();
  }

  /**
   * The next task, waiting for one to be posted or a timer to come due. A due timer joins the
   * queue's tail, so it runs after what was posted before it came due, as in a scheduled executor.
   */
  private Runnable next() throws InterruptedException {
    long now = System.nanoTime();
    Timer timer;
    while ((timer = timers.peek()) != null && (timer.isCancelled() || timer.dueNanos - now <= 0)) {
      timers.poll();
      if (!timer.isCancelled()) {
        tasks.add(timer);
      }
    }
    Runnable task = spin.poll(poll);
    if (task != null) {
      return task;
    }
    task = timer == null ? tasks.take() : tasks.poll(timer.dueNanos - now, TimeUnit.NANOSECONDS);
    spin.parkedFor();
    return task;
  }

  private void report(Level level, String message, Throwable failure) {
    LOG.log(level, message, failure);
    if (log == null) {
      return;
    }
    if (failure == null) {
      log.info(message);
    } else {
      StringWriter stack = new StringWriter();
      failure.printStackTrace(new PrintWriter(stack));
      log.error(message, stack.toString());
    }
  }

  /** A timer on the loop: cancelling it before it runs means it never runs. */
  private final class Timer extends FutureTask<Void> implements ScheduledFuture<Void> {
    private final long dueNanos;
    private final long sequence;

    Timer(Runnable task, long dueNanos, long sequence) {
      super(task, null);
      this.dueNanos = dueNanos;
      this.sequence = sequence;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled && inLoop()) {
        timers.remove(this); // from elsewhere it stays in the heap until due, and is skipped then
      }
      return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Timer o = (Timer) other;
      long byTime = dueNanos - o.dueNanos;
      return byTime != 0 ? (byTime < 0 ? -1 : 1) : Long.compare(sequence, o.sequence);
    }

    @Override
    protected void done() {
      if (!isCancelled()) {
        try {
          get(); // a timer's task that threw: say so, as a posted task's failure is said
        } catch (java.util.concurrent.ExecutionException e) {
          report(Level.WARNING, "a timer on " + thread.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
          // not failures of the task
        }
      }
    }
  }
}
