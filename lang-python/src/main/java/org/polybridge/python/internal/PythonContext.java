package org.polybridge.python.internal;

import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.polybridge.script.ScriptEnvironment;

/**
 * A GraalPy context in two steps, so that the slow one can be done before its script is known:
 * {@link #bootstrap} imports {@code iterm2} (and with it {@code asyncio}), which holds no state of
 * any script; {@link #adopt} then binds what is the script's own — its folder on {@code sys.path},
 * its log as {@code sys.stdout}/{@code sys.stderr}. A script's own context and a warm one
 * ({@link WarmContexts}) go through the same steps.
 *
 * <p>Not thread-safe: used by one thread at a time (the warm-up's, then the script's), handed over
 * with a happens-before edge.
 */
final class PythonContext {
  private static final Source BOOTSTRAP = Source.create("python", "import iterm2, iterm2._loop\niterm2._loop");

  private final Context context;
  private final Path library;
  private final ScriptOutput out = new ScriptOutput();
  private final ScriptOutput err = new ScriptOutput();
  private Value glue;

  private PythonContext(Engine engine, Path library, Path cache) {
    this.library = library;
    this.context = Context.newBuilder("python")
        .engine(engine)
        .allowHostAccess(HostAccess.EXPLICIT)
        .allowIO(IOAccess.ALL)
        .out(out)
        .err(err)
        // Only the library: the script's folder comes first once the script is known (adopt).
        .option("python.PythonPath", library.toString())
        .option("python.PyCachePrefix", cache.resolve("pyc").toString())
        .option("python.DontWriteBytecodeFlag", "false")
        .build();
  }

  /** A new context of {@code engine}, not entered yet. */
  static PythonContext create(Engine engine, Path library, Path cache) {
    return new PythonContext(engine, library, cache);
  }

  Context context() {
    return context;
  }

  /** Imports {@code iterm2}; returns its glue module ({@code iterm2._loop}). Enters the context. */
  Value bootstrap() {
    if (glue == null) {
      glue = context.eval(BOOTSTRAP);
    }
    return glue;
  }

  /** Whether {@link #bootstrap} has run. */
  boolean bootstrapped() {
    return glue != null;
  }

  /** Makes the context {@code env}'s script's: its folder on {@code sys.path}, its log for output. Enters the context. */
  void adopt(ScriptEnvironment env) {
    bootstrap().getMember("adopt").execute(env.directory().toAbsolutePath().toString(), library.toString());
    out.sendTo(new LogOutputStream(env.log()));
    err.sendTo(new LogOutputStream(env.log()));
  }

  /** Closes it, cancelling what runs in it; any thread may call it. */
  void close() {
    context.close(true);
  }
}
