package org.polybridge.internal.rpc;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.polybridge.internal.time.BriefSpin;

/**
 * Where a bridge runs its Java functions unless the embedder gives an executor: a call goes to an
 * idle thread of the {@value #WARM} it keeps parked for the purpose, else to a new virtual thread.
 * So a function that blocks holds only its own thread, and calls made one after another (the common
 * case) are handed to a parked platform thread, which wakes sooner than a new virtual thread starts
 * on its carrier: {@code Bridge.invoke} of a Java function took 8.4 µs at the median this way, 13.1
 * µs with a virtual thread per call (two wake-ups either way, the function's thread's and the
 * caller's; benchmarks/README.md).
 *
 * <p>{@value #WARM}, not one: a caller woken by the answer may send its next call before the thread
 * that answered is back among the idle ones; it then finds the other. A warm thread runs one call at
 * a time and parks between calls; its interrupt status is cleared after each call, so an interrupt
 * meant for one call never reaches the next. Thread-locals a function sets may outlive its call on
 * a warm thread, as on any pooled thread.
 *
 * <p>{@link #close} interrupts the calls running (as {@link ExecutorService#shutdownNow} does) and
 * ends the warm threads; later calls are refused with a {@link RejectedExecutionException}.
 *
 * <pre>{@code
 * FunctionThreads threads = new FunctionThreads("polybridge-function");
 * threads.execute(() -> answer(function.apply(arguments)));
 * threads.close();
 * }</pre>
 */
public final class FunctionThreads implements Executor, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FunctionThreads.class.getName());

  /** How many platform threads are kept for calls. */
  static final int WARM = 2;

  private final String name;
  /** The warm threads parked for a call, the last one parked first (its caches are the warmest). */
  private final ConcurrentLinkedDeque<Warm> idle = new ConcurrentLinkedDeque<>();
  private final Set<Warm> warm = ConcurrentHashMap.newKeySet();
  private final AtomicInteger started = new AtomicInteger();
  private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  /** Threads named {@code name-1}, {@code name-2}. */
  public FunctionThreads(String name) {
    this.name = Objects.requireNonNull(name, "name == null");
  }

  /**
   * Runs {@code task} on an idle warm thread, a new one while fewer than {@value #WARM} were
   * started, else on a new virtual thread.
   *
   * @throws RejectedExecutionException after {@link #close}
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task == null");
    if (closed) {
      throw new RejectedExecutionException(name + " threads are closed: the bridge is closing");
    }
    Warm thread = idle.pollFirst();
    if (thread != null) {
      thread.hand(task);
      return;
    }
    int n = reserveWarm();
    if (n > 0 && startWarm(n, task)) {
      return;
    }
    virtual.execute(task);
  }

  /** The number of a warm thread to start, or 0 when all {@value #WARM} were started. */
  private int reserveWarm() {
    for (int n = started.get(); n < WARM; n = started.get()) {
      if (started.compareAndSet(n, n + 1)) {
        return n + 1;
      }
    }
    return 0;
  }

  /** How many warm threads run or wait, for tests. */
  int warmThreads() {
    return warm.size();
  }

  /** How many warm threads are parked for a call now, for tests. */
  int idleThreads() {
    return idle.size();
  }

  @Override
  public void close() {
    closed = true;
    virtual.shutdownNow();
    for (Warm w : warm) {
      w.thread.interrupt();
    }
  }

  private boolean startWarm(int n, Runnable first) {
    Warm w = new Warm(first);
    try {
      w.thread = Thread.ofPlatform().name(name + "-" + n).daemon().unstarted(w);
      warm.add(w);
      w.thread.start();
      return true;
    } catch (RuntimeException | OutOfMemoryError e) { // no thread to be had: a virtual one will do
      warm.remove(w);
      LOG.log(Level.WARNING, "could not start the function thread " + name + "-" + n + ": " + e);
      return false;
    }
  }

  /** One warm thread: runs the call it is handed, then parks until the next. */
  private final class Warm implements Runnable {
    private final AtomicReference<Runnable> next = new AtomicReference<>();
    private final BriefSpin.Adaptive spin = new BriefSpin.Adaptive();
    /** The call handed over, taken; read first so that a spin does not write the shared field. */
    private final Supplier<Runnable> take = () -> next.get() == null ? null : next.getAndSet(null);
    private Runnable first;
    private volatile Thread thread;

    Warm(Runnable first) {
      this.first = first;
    }

    void hand(Runnable task) {
      next.set(task);
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      try {
        Runnable task = first;
        first = null;
        while (task != null) {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "a Java function's task failed on " + Thread.currentThread().getName(), e);
          }
          Thread.interrupted(); // the next call starts uninterrupted
          task = awaitNext();
        }
      } finally {
        warm.remove(this);
      }
    }

    /** The next call handed over, or null once closed and no caller took this thread. */
    private Runnable awaitNext() {
      if (closed) {
        return null;
      }
      idle.addFirst(this);
      Runnable spun = spin.poll(take);
      if (spun != null) {
        return spun;
      }
      while (true) {
        Runnable task = next.getAndSet(null);
        if (task != null) {
          spin.parkedFor();
          return task;
        }
        // closed: end, unless a caller took this thread from the idle ones just before; its call is on its way then
        if (closed && idle.remove(this)) {
          return null;
        }
        LockSupport.park(this);
        Thread.interrupted(); // close's interrupt, seen through the flag
      }
    }
  }
}
