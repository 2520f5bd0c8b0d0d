package org.polybridge.python.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.io.IOAccess;
import org.polybridge.script.ScriptEnvironment;

/**
 * What every Python script of a runtime shares: the extracted {@code iterm2} package, the {@code
 * .pyc} cache, and a watchdog thread. The polyglot {@link Engine} is the bridge's ({@link
 * ScriptEnvironment#engine()}), shared with the other languages: code parsed once serves every
 * context. GraalPy starts with the first Python script: a bridge without any never pays for it.
 *
 * <p>Warm-up: the first script starts at once; the others wait until it has imported {@code
 * iterm2} (and so {@code asyncio}), which fills the engine's code cache, so that they do not all
 * parse the standard library in parallel on a few cores. The gate is the runtime's, not the
 * engine's: should scripts of one runtime come with different engines, only the first engine is
 * warmed first, which costs time, never correctness.
 */
public final class SharedPython implements AutoCloseable {
  private final Path cache;
  private final boolean warmUp;
  private final AtomicBoolean firstClaimed = new AtomicBoolean();
  private final CompletableFuture<Void> warm = new CompletableFuture<>();
  private final ScheduledThreadPoolExecutor watchdog;
  private volatile Path library;

  public SharedPython(Path cache, boolean warmUp) {
    this.cache = cache;
    this.warmUp = warmUp;
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

  /** The first script's context has imported {@code iterm2} (or failed trying). */
  void warmed() {
    warm.complete(null);
  }

  ScheduledExecutorService watchdog() {
    return watchdog;
  }

  /** A new context of the bridge's engine for one script; call on the script's own thread. */
  Context newContext(ScriptEnvironment env) {
    Path lib = library();
    return Context.newBuilder("python")
        .engine(env.engine())
        .allowHostAccess(HostAccess.EXPLICIT)
        .allowIO(IOAccess.ALL)
        .out(new LogOutputStream(env.log()))
        .err(new LogOutputStream(env.log()))
        .option("python.PythonPath", env.directory().toAbsolutePath() + File.pathSeparator + lib)
        .option("python.PyCachePrefix", cache.resolve("pyc").toString())
        .option("python.DontWriteBytecodeFlag", "false")
        .build();
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
    watchdog.shutdownNow();
  }
}
