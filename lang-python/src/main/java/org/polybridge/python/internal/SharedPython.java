package org.polybridge.python.internal;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Engine;
import org.polybridge.script.ScriptEnvironment;

/**
 * What every Python script of a runtime shares: the extracted {@code iterm2} package, the {@code
 * .pyc} cache, a watchdog thread and the {@linkplain WarmContexts warm contexts}. The polyglot
 * {@link Engine} is the bridge's ({@link ScriptEnvironment#engine()}), shared with the other
 * languages: code parsed once serves every context. GraalPy starts with the first Python script: a
 * bridge without any never pays for it.
 *
 * <p>Warm-up, in two parts. The first script starts at once; the others wait until it has imported
 * {@code iterm2} (and so {@code asyncio}), which fills the engine's code cache, so that they do not
 * all parse the standard library in parallel on a few cores. The gate is the runtime's, not the
 * engine's: should scripts of one runtime come with different engines, only the first engine is
 * warmed first, which costs time, never correctness. Then, once no script is starting (so that it
 * never competes with one), a context of the last script's engine is built and bootstrapped ahead
 * of need ({@code polybridge.python.warmContexts}, 1 by default, 0 for none): the next script
 * takes it instead of importing {@code iterm2} anew, and another is built after it started.
 */
public final class SharedPython implements AutoCloseable {
  private final Path cache;
  private final boolean warmUp;
  private final AtomicBoolean firstClaimed = new AtomicBoolean();
  private final CompletableFuture<Void> warm = new CompletableFuture<>();
  /** Scripts started whose context is not ready yet (bootstrapped, or given up). */
  private final AtomicInteger starting = new AtomicInteger();
  private final WarmContexts warmContexts;
  private final ScheduledThreadPoolExecutor watchdog;
  private volatile Path library;

  /**
   * @param warmUp whether scripts wait for the first one to warm the engine
   * @param warmContexts how many bootstrapped contexts to keep ready per engine
   */
  public SharedPython(Path cache, boolean warmUp, int warmContexts) {
    this.cache = cache;
    this.warmUp = warmUp;
    this.warmContexts = new WarmContexts(warmContexts, engine -> PythonContext.create(engine, library(), cache));
    this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "polybridge-python-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.setRemoveOnCancelPolicy(true);
  }

  /** The cache folder named by {@code polybridge.cache.dir}, {@code $XDG_CACHE_HOME/polybridge} or {@code ~/.cache/polybridge}. */
  public static Path defaultCache() {
    String dir = System.getProperty("polybridge.cache.dir");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("polybridge");
  }

  /** Runs {@code load} now if it is the first script, else once the first has warmed the engine. */
  void whenWarm(Runnable load) {
    if (!warmUp || firstClaimed.compareAndSet(false, true)) {
      load.run();
    } else {
      warm.whenComplete((ok, e) -> load.run());
    }
  }

  /** A script starts: until its {@link #ready}, no warm context is built. */
  void starting() {
    starting.incrementAndGet();
  }

  /**
   * A script's context is bootstrapped, or its start ended otherwise; once per {@link #starting}.
   * Opens the warm-up gate, and when no other script is starting, tops up {@code engine}'s warm
   * contexts.
   */
  void ready(Engine engine) {
    warm.complete(null);
    if (starting.decrementAndGet() == 0) {
      warmContexts.refill(engine);
    }
  }

  /** A warm context of {@code engine} (ready or being built), or null; see {@link WarmContexts#take}. */
  CompletableFuture<PythonContext> takeWarm(Engine engine) {
    return warmContexts.take(engine);
  }

  /** The script's thread takes over a warm context: false when the runtime closed it meanwhile. */
  boolean claim(PythonContext context) {
    return warmContexts.claim(context);
  }

  /** How many warm contexts this runtime has begun to build (for tests and benchmarks). */
  public int warmContextsMade() {
    return warmContexts.made();
  }

  /** How many warm contexts are open and not taken by a script: being built, or ready. */
  public int warmContextsHeld() {
    return warmContexts.held();
  }

  ScheduledExecutorService watchdog() {
    return watchdog;
  }

  /** A new context of {@code engine} for one script, not bootstrapped; call on the script's own thread. */
  PythonContext newContext(Engine engine) {
    return PythonContext.create(engine, library(), cache);
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

  @Override
  public void close() {
    warmContexts.close();
    watchdog.shutdownNow();
  }
}
