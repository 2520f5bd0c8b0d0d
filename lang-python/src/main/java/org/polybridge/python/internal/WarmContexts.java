package org.polybridge.python.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.graalvm.polyglot.Engine;

/**
 * Python contexts built and bootstrapped ahead of their scripts, {@code size} per engine, so that
 * the next script (a hot reload, a new file) skips the second or so that a context takes to import
 * {@code asyncio} and {@code iterm2}. They are built one at a time on one platform daemon thread,
 * and only when {@link #refill asked}: never before a first script (see {@link SharedPython}).
 *
 * <h2>Ownership</h2>
 * A warm context belongs to the warm-up thread while it is built, then to nobody until a script
 * {@link #take takes} it and {@link #claim claims} it on the script's own thread. The warm-up
 * thread leaves the context (its {@code eval} returned) before it completes the context's future,
 * and the script's thread sees it through that future and its own queue: the hand-over is a
 * happens-before edge, and after it only the script's thread enters the context. Contexts not
 * claimed yet, the one being built among them, are closed by {@link #close} ({@code close(true)}
 * from the closing thread cancels a bootstrap in progress).
 */
final class WarmContexts implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WarmContexts.class.getName());

  private final int size;
  private final Function<Engine, PythonContext> factory;
  private final ExecutorService builder;
  private final Map<Engine, Deque<CompletableFuture<PythonContext>>> ready = new HashMap<>();
  /** The contexts this holds: being built, or built and not claimed by a script. */
  private final Set<PythonContext> held = new HashSet<>();
  private int made;
  private boolean closed;

  /** {@code size} contexts per engine, each made by {@code factory} (which must not enter it). */
  WarmContexts(int size, Function<Engine, PythonContext> factory) {
    this.size = size;
    this.factory = factory;
    this.builder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "polybridge-python-warm-up");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The oldest warm context of {@code engine}: ready, or still being built (it was started before
   * this script, so it is ready sooner than a new one would be); null when there is none. The
   * future fails when its bootstrap failed or this closed meanwhile.
   */
  synchronized CompletableFuture<PythonContext> take(Engine engine) {
    Deque<CompletableFuture<PythonContext>> queue = ready.get(engine);
    return queue == null ? null : queue.poll();
  }

  /** The script's thread takes over a context it took: false when this closed it meanwhile. */
  synchronized boolean claim(PythonContext context) {
    return held.remove(context);
  }

  /** Starts building contexts of {@code engine} until it has its {@code size}. */
  synchronized void refill(Engine engine) {
    if (closed || size == 0) {
      return;
    }
    Deque<CompletableFuture<PythonContext>> queue = ready.computeIfAbsent(engine, e -> new ArrayDeque<>());
    while (queue.size() < size) {
      CompletableFuture<PythonContext> next = new CompletableFuture<>();
      queue.add(next);
      try {
        builder.execute(() -> build(engine, next));
      } catch (RejectedExecutionException e) {
        next.cancel(false);
        return;
      }
    }
  }

  /** How many contexts the warm-up has begun to build. */
  synchronized int made() {
    return made;
  }

  /** How many contexts this holds: being built, or waiting for a script. */
  synchronized int held() {
    return held.size();
  }

  private void build(Engine engine, CompletableFuture<PythonContext> next) {
    PythonContext context = null;
    try {
      synchronized (this) {
        if (closed) {
          next.cancel(false);
          return;
        }
        made++;
      }
      context = factory.apply(engine);
      synchronized (this) {
        if (closed) {
          context.close();
          next.cancel(false);
          return;
        }
        held.add(context);
      }
      long started = System.nanoTime();
      context.bootstrap();
      long ms = (System.nanoTime() - started) / 1_000_000;
      LOG.log(Level.DEBUG, () -> "warm Python context ready in " + ms + " ms");
      next.complete(context);
    } catch (RuntimeException e) {
      boolean closing;
      synchronized (this) {
        closing = closed;
        if (context != null) {
          held.remove(context);
        }
      }
      if (context != null) {
        closeQuietly(context);
      }
      if (!closing) {
        LOG.log(Level.WARNING, "preparing a Python context failed; scripts build their own", e);
      }
      next.completeExceptionally(e);
    }
  }

  /** Closes the contexts held, cancelling one being built, and stops the warm-up thread. */
  @Override
  public void close() {
    Set<PythonContext> closing;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closing = new HashSet<>(held);
      held.clear();
      ready.values().forEach(queue -> queue.forEach(f -> f.cancel(false)));
      ready.clear();
    }
    builder.shutdown();
    for (PythonContext context : closing) {
      closeQuietly(context);
    }
  }

  private static void closeQuietly(PythonContext context) {
    try {
      context.close();
    } catch (RuntimeException e) {
      // already closed, or its engine is
    }
  }
}
