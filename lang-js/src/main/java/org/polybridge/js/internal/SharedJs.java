package org.polybridge.js.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
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
 */
public final class SharedJs implements AutoCloseable {
  private static final String PRELUDE = "/org/polybridge/js/iterm2.js";
  /** How many times {@link #warmUp} takes a script's path. */
  private static final int WARM_UP_PASSES = 3;
  /** What the warm-up runs after the prelude: a function made an RPC (its parameters read), as most scripts begin. */
  private static final String WARM_UP = "iterm2.rpc(async function warm_up(x) { return x; });";

  private Source prelude;
  private ScheduledThreadPoolExecutor watchdog;
  private Deadlines deadlines;
  private volatile String moduleText;
  private volatile boolean closed;
  /** The warm-up's context while it runs ({@link #warmUp}), cancelled by {@link #close}. */
  private Context warming;

  /**
   * A new context of {@code engine} for a script, on the calling thread (the script's loop): host
   * access only to what is annotated {@code @HostAccess.Export}, files readable for {@code import},
   * the module {@code iterm2} resolvable, console output to {@code out} and {@code err}. In an npm
   * package folder ({@link NpmPackages#isPackage}), {@code require} and bare {@code import}s load
   * from its {@code node_modules} (GraalJS's own CommonJS and npm-style module loading).
   */
  Context newContext(Engine engine, Path directory, OutputStream out, OutputStream err) {
    if (closed) {
      throw new IllegalStateException("the JavaScript runtime is closed");
    }
    Context.Builder builder = Context.newBuilder("js")
        .engine(engine)
        .allowHostAccess(HostAccess.EXPLICIT)
        .allowIO(IOAccess.newBuilder().fileSystem(new ModuleFileSystem(this::moduleText)).build())
        .currentWorkingDirectory(directory.toAbsolutePath())
        .option("js.unhandled-rejections", "handler")
        .out(out)
        .err(err);
    if (NpmPackages.isPackage(directory)) {
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
   * later costs what a second one does. The host is never called (nothing is registered).
   */
  public void warmUp(Engine engine) {
    // The first pass is the cold one; the next ones, some milliseconds each, take the path again as
    // the second and third scripts would, so that what the JVM compiles once that path is hot it
    // compiles now rather than while the next scripts start.
    for (int pass = 0; pass < WARM_UP_PASSES && !closed; pass++) {
      warmUpOnce(engine);
    }
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
      watchdog = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "polybridge-js-watchdog");
        t.setDaemon(true);
        return t;
      });
      watchdog.setRemoveOnCancelPolicy(true);
    }
    return watchdog;
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
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
  }
}
