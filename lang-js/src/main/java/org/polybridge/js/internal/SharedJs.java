package org.polybridge.js.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.polybridge.script.Deadlines;

/**
 * What every JavaScript script of a runtime shares: the {@code iterm2} prelude, the text of the
 * {@code iterm2} module, and the watchdog thread that interrupts runaway code. The polyglot {@link
 * Engine} is the bridge's ({@link org.polybridge.script.ScriptEnvironment#engine()}): the engine
 * caches the code it parsed for a {@link Source} as long as the {@code Source} lives, so the
 * prelude is kept here on purpose. A {@code Source} is not tied to an engine: scripts of one runtime
 * may come with different engines, each caching the prelude once.
 *
 * <p>Once warmed up ({@link #warmUp}) it keeps a spare context ready ({@link Spare}): built, the
 * prelude run, its host not yet bound. The next script that starts takes it, binds it and runs only
 * its own files (building a context and running the prelude took 10–80 ms of the 31–340 ms in
 * which a saved script answered, on 2 busy cores; {@code UserFigures saved}); a new spare is built
 * on a thread of its own once no script has started for {@link #REFILL_DELAY}, so that it does not
 * compete for the cores with the script that took the last one. {@code -Dpolybridge.js.spare=false}
 * turns spares off.
 */
public final class SharedJs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SharedJs.class.getName());
  /** {@code -Dpolybridge.js.spare=false}: every script builds its context as it starts. */
  static final String SPARE_PROPERTY = "polybridge.js.spare";
  /** How long after the last script started a new spare context is built. */
  static final Duration REFILL_DELAY = Duration.ofSeconds(1);
  private static final String PRELUDE = "/org/polybridge/js/iterm2.js";
  /** How many times {@link #warmUp} takes a script's path. */
  private static final int WARM_UP_PASSES = 3;
  /**
   * What the warm-up runs after the prelude: what most scripts' main functions do, an async function
   * made an RPC (its parameters read) and registered (the warm-up's host has no connection: the
   * registration fails, after the definition crossed to the host as a script's does), then called.
   */
  private static final String WARM_UP = """
      (async (connection) => {
        const f = iterm2.rpc(async function warm_up(x) { return await Promise.resolve(x); });
        try {
          await f.register(connection);
        } catch (e) {
          // expected: nothing to register with
        }
        return await f(1);
      })({});
      """;

  private Source prelude;
  private ScheduledThreadPoolExecutor watchdog;
  private Deadlines deadlines;
  private volatile String moduleText;
  private volatile boolean closed;
  /** The warm-up's context while it runs ({@link #warmUp}), cancelled by {@link #close}. */
  private Context warming;
  /** Whether a script has built a context: the JVM has been through that path. */
  private volatile boolean scriptContextBuilt;
  /** Whether spare contexts are kept: from the first warm-up on, unless turned off. */
  private boolean sparesWanted;
  /** The spare context ready for the next script, or {@code null}. */
  private Spare spare;
  /** A spare's context while it is being built, cancelled by {@link #close}. */
  private Context building;
  /** Held while a spare is built. */
  private final Object spareBuild = new Object();
  /** Builds spares ({@code polybridge-js-spare}); made with the first. */
  private ScheduledThreadPoolExecutor spareBuilder;
  private ScheduledFuture<?> refill;

  /**
   * A context built ahead of the script that takes it ({@link #takeSpare}): the prelude has run in
   * it and made {@code iterm2} with {@code host}, whose script and connection are bound as it is
   * taken ({@link JsHost#bind}); its console goes to {@code out} and {@code err}, pointed at the
   * script's log then, and its files are resolved in the folder {@code files} is given then. Nothing
   * else is fixed at a context's creation for a script: the options are every script's (npm package
   * folders, whose options differ, build their own), and the script's name is its main file's.
   */
  record Spare(Context context, Engine engine, ModuleFileSystem files, OutputSwitch out, OutputSwitch err, JsHost host) {}

  /**
   * A new context of {@code engine} for a script, on the calling thread (the script's loop): host
   * access only to what is annotated {@code @HostAccess.Export}, files readable for {@code import},
   * the module {@code iterm2} resolvable, console output to {@code out} and {@code err}. In an npm
   * package folder ({@link NpmPackages#isPackage}), {@code require} and bare {@code import}s load
   * from its {@code node_modules} (GraalJS's own CommonJS and npm-style module loading).
   */
  Context newContext(Engine engine, Path directory, OutputStream out, OutputStream err) {
    scriptContextBuilt = true;
    return build(engine, directory, new ModuleFileSystem(this::moduleText), out, err);
  }

  /** A context as {@link #newContext} describes; {@code directory} null: the JVM's until the script that takes it sets its own. */
  private Context build(Engine engine, Path directory, ModuleFileSystem files, OutputStream out, OutputStream err) {
    if (closed) {
      throw new IllegalStateException("the JavaScript runtime is closed");
    }
    Context.Builder builder = Context.newBuilder("js")
        .engine(engine)
        .allowHostAccess(HostAccess.EXPLICIT)
        .allowIO(IOAccess.newBuilder().fileSystem(files).build())
        .option("js.unhandled-rejections", "handler")
        .out(out)
        .err(err);
    if (directory != null) {
      builder.currentWorkingDirectory(directory.toAbsolutePath());
    }
    if (directory != null && NpmPackages.isPackage(directory)) {
      // "Experimental" in GraalJS's terms: the options of its Node.js-compatible module loading.
      builder.allowExperimentalOptions(true)
          .option("js.commonjs-require", "true")
          .option("js.commonjs-require-cwd", directory.toAbsolutePath().toString());
    }
    return builder.build();
  }

  /**
   * Runs, on the calling thread, what a runtime's first script runs before its own code — a context
   * of {@code engine}, the prelude parsed, run and given a host, one function made an RPC — three
   * times, each in a context closed after: the engine keeps the prelude's parsed code (it caches it as long as {@link
   * #prelude} lives) and the JVM has been through that path once, so that the first script saved
   * later costs what a second one does. The host is never called (nothing is registered). When
   * scripts have built contexts already, the JVM has been through that path and the passes are
   * left out. Then, unless {@code -Dpolybridge.js.spare=false}, it builds a {@link Spare} for the
   * next script, and keeps one from then on.
   */
  public void warmUp(Engine engine) {
    // The first pass is the cold one; the next ones, some milliseconds each, take the path again as
    // the second and third scripts would, so that what the JVM compiles once that path is hot it
    // compiles now rather than while the next scripts start.
    for (int pass = 0; pass < WARM_UP_PASSES && !closed && !scriptContextBuilt; pass++) {
      warmUpOnce(engine);
    }
    if (!"false".equals(System.getProperty(SPARE_PROPERTY))) {
      synchronized (this) {
        sparesWanted = true;
      }
      buildSpare(engine);
    }
  }

  /**
   * The spare context for a script about to start in {@code directory} on {@code engine}, taken
   * (the caller binds it and owns it), or {@code null} when there is none for it (none kept, being
   * built, for another engine, or the script is an npm package folder, whose context has options
   * of its own). Either way a new spare is built once no script has started for {@link
   * #REFILL_DELAY}, when spares are kept.
   */
  synchronized Spare takeSpare(Engine engine, Path directory) {
    if (!sparesWanted || closed) {
      return null;
    }
    Spare taken = spare != null && spare.engine() == engine && !NpmPackages.isPackage(directory) ? spare : null;
    if (taken != null) {
      spare = null;
    }
    if (refill != null) {
      refill.cancel(false);
    }
    try {
      refill = spareBuilder().schedule(() -> buildSpare(engine), REFILL_DELAY.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // closed meanwhile
    }
    return taken;
  }

  /** Whether a spare context waits for the next script. */
  public synchronized boolean spareReady() {
    return spare != null;
  }

  /**
   * Builds a spare for {@code engine} on the calling thread, unless one is ready; a failure reaches
   * the log. One at a time ({@link #building} is the one {@link #close} cancels): the warm-up's and
   * a refill may overlap.
   */
  private void buildSpare(Engine engine) {
    synchronized (spareBuild) {
      buildSpareNow(engine);
    }
  }

  private void buildSpareNow(Engine engine) {
    synchronized (this) {
      if (closed || spare != null && spare.engine() == engine) {
        return;
      }
    }
    OutputSwitch out = new OutputSwitch();
    OutputSwitch err = new OutputSwitch();
    ModuleFileSystem files = new ModuleFileSystem(this::moduleText);
    Context context = null;
    Spare built = null;
    try {
      context = build(engine, null, files, out, err);
      synchronized (this) {
        if (closed) {
          context.close();
          return;
        }
        building = context;
      }
      JsHost host = new JsHost(null, null);
      exportsOf(context.eval(prelude()).execute(host));
      built = new Spare(context, engine, files, out, err, host);
    } catch (IllegalStateException | PolyglotException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "building a spare JavaScript context failed; scripts build their own", e);
      }
    }
    Spare replaced = null;
    boolean kept = false;
    synchronized (this) {
      building = null;
      if (built != null && !closed) {
        replaced = spare; // one for another engine
        spare = built;
        kept = true;
      }
    }
    if (replaced != null) {
      closeQuietly(replaced.context());
    }
    if (!kept) {
      closeQuietly(context); // failed, or the runtime closed meanwhile
    }
  }

  private static void closeQuietly(Context context) {
    if (context != null) {
      try {
        context.close(true);
      } catch (IllegalStateException | PolyglotException e) {
        // closed already
      }
    }
  }

  /** The thread spares are built on. */
  private synchronized ScheduledExecutorService spareBuilder() {
    if (spareBuilder == null) {
      spareBuilder = oneThread("polybridge-js-spare");
    }
    return spareBuilder;
  }

  private void warmUpOnce(Engine engine) {
    Context context = newContext(engine, Path.of("").toAbsolutePath(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    synchronized (this) {
      if (closed) {
        context.close();
        return;
      }
      warming = context;
    }
    try {
      exportsOf(context.eval(prelude()).execute(new JsHost(null, null)));
      context.eval("js", WARM_UP);
    } finally {
      synchronized (this) {
        warming = null;
      }
      context.close();
    }
  }

  /** The prelude: a function of the host object that returns the {@code iterm2} object. */
  synchronized Source prelude() {
    if (prelude == null) {
      try (InputStream in = SharedJs.class.getResourceAsStream(PRELUDE)) {
        if (in == null) {
          throw new IllegalStateException(PRELUDE + " is missing from the lang-js jar");
        }
        prelude = Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "iterm2.js")
            .cached(true).buildLiteral();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return prelude;
  }

  /** The thread that interrupts code running past its time. */
  synchronized ScheduledExecutorService watchdog() {
    if (watchdog == null) {
      watchdog = oneThread("polybridge-js-watchdog");
    }
    return watchdog;
  }

  /** A scheduler of one daemon thread named {@code name}; a cancelled task leaves its queue at once. */
  private static ScheduledThreadPoolExecutor oneThread(String name) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * The timer of the scripts' calls that outlive the entry that brought them, on the watchdog's
   * thread, armed for the earliest only: a schedule and a cancel per call would wake it each time.
   */
  synchronized Deadlines deadlines() {
    if (deadlines == null) {
      deadlines = new Deadlines(watchdog());
    }
    return deadlines;
  }

  /**
   * Remembers the names the {@code iterm2} object exports, the first time a context has made one,
   * as the text of the ES module {@code import … from 'iterm2'} loads.
   */
  void exportsOf(Value iterm2) {
    if (moduleText == null) {
      StringBuilder text = new StringBuilder(
          "const iterm2 = globalThis[Symbol.for('polybridge.iterm2')];\nexport default iterm2;\n");
      for (String name : iterm2.getMemberKeys()) {
        text.append("export const ").append(name).append(" = iterm2.").append(name).append(";\n");
      }
      moduleText = text.toString();
    }
  }

  private String moduleText() {
    return moduleText;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (warming != null) {
      warming.close(true); // from another thread: cancels the warm-up, which then closes it again, as a no-op
    }
    if (building != null) {
      building.close(true); // likewise for a spare being built
    }
    if (spare != null) {
      closeQuietly(spare.context()); // entered by no thread: closed from this one
      spare = null;
    }
    if (spareBuilder != null) {
      spareBuilder.shutdownNow();
    }
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
  }
}
