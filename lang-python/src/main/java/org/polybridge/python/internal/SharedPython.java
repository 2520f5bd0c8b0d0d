package org.polybridge.python.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Engine;
import org.polybridge.script.Deadlines;
import org.polybridge.UserFolders;
import org.polybridge.script.ScriptEnvironment;

/**
 * What every Python script of a runtime shares: the shared GraalPy context (one per engine), the
 * extracted {@code iterm2} package, the {@code .pyc} cache, and one thread for watching and
 * cleaning up ({@code polybridge-python-watchdog}). The polyglot {@link Engine} is the bridge's
 * ({@link ScriptEnvironment#engine()}). GraalPy starts with the first Python script: a bridge
 * without any never pays for it.
 *
 * <h2>Shared or isolated</h2>
 * A script runs in the shared context unless it is <em>isolated</em>: its main file says so (a
 * line {@code # polybridge: isolated} among its first lines), its folder has a {@code
 * requirements.txt} ({@link PythonPackages}: its packages on its own {@code sys.path}), {@code
 * polybridge.python.isolation} is {@code isolated} (every script), or it ran away in the shared
 * context before: such a script
 * starts again in a context of its own, for the runtime's life. An isolated script costs a GraalPy
 * start of its own (seconds, tens of MB); a shared one tens of milliseconds and a few hundred KB.
 *
 * <p>The shared context is built once, on a thread of its own ({@code polybridge-python-start}),
 * when the first script of its engine asks for it; every script waiting for it then loads on its
 * own thread.
 */
public final class SharedPython implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SharedPython.class.getName());

  private final Path cache;
  private final boolean isolateAll;
  private final Map<Engine, CompletableFuture<PythonContext>> shared = new HashMap<>();
  private final List<PythonContext> made = new ArrayList<>();
  private final Set<PythonContext> isolatedOpen = new java.util.HashSet<>();
  private final Set<String> isolated = ConcurrentHashMap.newKeySet();
  private final AtomicInteger scripts = new AtomicInteger();
  private final ScheduledThreadPoolExecutor watchdog;
  /** The scripts' call timeouts, on the watchdog's thread. */
  private final Deadlines deadlines;
  private volatile Path library;
  private boolean closed;

  /** @param isolateAll whether every script gets a context of its own */
  public SharedPython(Path cache, boolean isolateAll) {
    this.cache = cache;
    this.isolateAll = isolateAll;
    this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "polybridge-python-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.setRemoveOnCancelPolicy(true);
    deadlines = new Deadlines(watchdog);
  }

  /** The cache folder named by {@code polybridge.cache.dir}, {@code $XDG_CACHE_HOME/polybridge} or {@code ~/.cache/polybridge}. */
  public static Path defaultCache() {
    String dir = System.getProperty("polybridge.cache.dir");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return UserFolders.current().cache();
  }

  /** Whether a script of this name and main file runs in a context of its own. */
  boolean isolates(String name, boolean asksForIt) {
    return isolateAll || asksForIt || isolated.contains(name);
  }

  /** The script of this name ran away in the shared context: from now on it starts isolated. */
  void isolate(String name) {
    isolated.add(name);
  }

  /**
   * The shared context of {@code engine}: built on first demand on a thread of its own, then the
   * same for every script. Fails when it could not be built (every later script tries again).
   */
  synchronized CompletableFuture<PythonContext> sharedContext(Engine engine) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the Python runtime is closed"));
    }
    CompletableFuture<PythonContext> context = shared.get(engine);
    if (context == null || context.isCompletedExceptionally()) {
      CompletableFuture<PythonContext> building = new CompletableFuture<>();
      shared.put(engine, building);
      Thread starter = new Thread(() -> build(engine, building), "polybridge-python-start");
      starter.setDaemon(true);
      starter.start();
      context = building;
    }
    return context;
  }

  private void build(Engine engine, CompletableFuture<PythonContext> building) {
    try {
      long started = System.nanoTime();
      PythonContext context = PythonContext.open(engine, library(), cache, true);
      synchronized (this) {
        if (closed) {
          context.close();
          building.completeExceptionally(new IllegalStateException("the Python runtime is closed"));
          return;
        }
        made.add(context); // so that closing the runtime cancels the bootstrap below
      }
      context.bootstrap();
      LOG.log(Level.INFO, "the shared Python context is ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
      building.complete(context);
    } catch (RuntimeException | LinkageError e) {
      synchronized (this) {
        if (!closed) {
          LOG.log(Level.ERROR, "the shared Python context could not start: " + e.getMessage(), e);
        }
      }
      building.completeExceptionally(e);
    }
  }

  /**
   * A context of {@code engine} for one isolated script, built on the calling thread (the script's),
   * with the script's installed {@code packages} (or {@code null}) on {@code sys.path}.
   */
  PythonContext isolatedContext(Engine engine, Path packages) {
    PythonContext context = PythonContext.create(engine, library(), packages, cache, false);
    synchronized (this) {
      if (closed) {
        context.close();
        throw new IllegalStateException("the Python runtime is closed");
      }
      isolatedOpen.add(context);
    }
    return context;
  }

  /**
   * Closes an isolated script's context; any thread. Those still open when the runtime closes are
   * closed with it: one left to the garbage collector is closed by the engine from whichever thread
   * next closes a context, and may wait there for a GIL its dead thread held.
   */
  void closeIsolated(PythonContext context) {
    synchronized (this) {
      isolatedOpen.remove(context);
    }
    context.close();
  }

  /** The cache folder: compiled Python, the {@code iterm2} package, scripts' packages. */
  Path cache() {
    return cache;
  }

  /** A number for a new script's private package in its context. */
  int nextScriptNumber() {
    return scripts.incrementAndGet();
  }

  ScheduledExecutorService watchdog() {
    return watchdog;
  }

  /** The timer of the scripts' calls, armed for the earliest only. */
  Deadlines deadlines() {
    return deadlines;
  }

  private Path library() {
    Path l = library;
    if (l == null) {
      synchronized (this) {
        if (library == null) {
          library = PythonLibrary.extract(cache);
        }
        l = library;
      }
    }
    return l;
  }

  /** How many shared contexts this runtime has built (for tests). */
  public synchronized int sharedContextsMade() {
    return made.size();
  }

  @Override
  public void close() {
    List<PythonContext> closing;
    synchronized (this) {
      closed = true;
      closing = new ArrayList<>(made);
      closing.addAll(isolatedOpen);
      made.clear();
      isolatedOpen.clear();
      shared.clear();
    }
    for (PythonContext context : closing) {
      try {
        context.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the shared Python context failed: " + e.getMessage(), e);
      }
    }
    watchdog.shutdownNow();
  }
}
