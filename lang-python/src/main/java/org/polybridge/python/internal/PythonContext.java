package org.polybridge.python.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * A GraalPy context that hosts Python scripts: the runtime's shared one, which every script not
 * isolated runs in, or an isolated script's own. Bootstrapped once ({@code iterm2} imported and
 * pinned, imports and output routed per script: {@code iterm2/_loop.py}); then each script is a
 * {@code _loop.Script} object in it ({@link #newScript}), entered only by that script's thread
 * through {@link #enter}. Several threads may be inside at once: GraalPy's GIL serialises them.
 *
 * <p>Thread-safe: the glue's functions are looked up once at bootstrap and only read after.
 */
final class PythonContext {
  private static final Source BOOTSTRAP = Source.create("python", "import iterm2._loop\niterm2._loop.bootstrap()\niterm2._loop");

  private static final Source REPL = Source.create("python", "import iterm2._repl\niterm2._repl");

  private final Context context;
  private final boolean shared;
  private volatile Value enter;
  private volatile Value newScript;
  private volatile Value unload;
  private volatile Value runScript;
  private volatile Value callRpc;
  private volatile Value none;
  private volatile Value repl;
  /** Scripts stopped since the last entry, whose leftovers the next entering thread drops. */
  private final java.util.Queue<Leftovers> leftovers = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** A stopped script, and where a failure to drop what it left is reported. */
  private record Leftovers(Value script, java.util.function.Consumer<RuntimeException> failed) {}

  private PythonContext(Engine engine, Path library, Path packages, Path cache, boolean shared) {
    this.shared = shared;
    this.context = Context.newBuilder("python")
        .engine(engine)
        .allowHostAccess(HostAccess.EXPLICIT)
        .allowIO(IOAccess.ALL)
        // Scripts are the user's own code, as in iTerm2: they may run programs (subprocess,
        // os.system) and see the daemon's environment (HOME, PATH), which those programs inherit.
        // Threads stay refused: a script's code runs on its own loop thread only.
        .allowCreateProcess(true)
        .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
        // What scripts print goes to their logs through the glue; this is for what runs outside any
        // script (the bootstrap, GraalPy's own warnings).
        .out(System.err)
        .err(System.err)
        .option("python.PythonPath", packages == null ? library.toString() : library + java.io.File.pathSeparator + packages)
        .option("python.PyCachePrefix", privateFolder(cache.resolve("pyc")).toString())
        .option("python.DontWriteBytecodeFlag", "false")
        .build();
  }

  /**
   * {@code folder}, made (or kept) its user's alone (0700): compiled scripts hold their constants,
   * as their source does. Where the file system has no such permissions, or they cannot be set, it
   * is left as it is (GraalPy makes it as it writes).
   */
  private static Path privateFolder(Path folder) {
    if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return folder;
    }
    var owner = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    try {
      if (java.nio.file.Files.isDirectory(folder)) {
        java.nio.file.Files.setPosixFilePermissions(folder, owner);
      } else {
        java.nio.file.Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
      }
    } catch (java.io.IOException e) {
      System.getLogger(PythonContext.class.getName()).log(System.Logger.Level.WARNING,
          "cannot make the .pyc cache " + folder + " private: " + e);
    }
    return folder;
  }

  /**
   * A new context of {@code engine}, bootstrapped on the calling thread (seconds: CPython's start,
   * {@code asyncio}, {@code iterm2}).
   *
   * @param shared whether many scripts will run in it (the runtime's) or one (an isolated script's)
   */
  static PythonContext create(Engine engine, Path library, Path cache, boolean shared) {
    return create(engine, library, null, cache, shared);
  }

  /** As {@link #create(Engine, Path, Path, boolean)}, with a script's installed {@code packages} on {@code sys.path} too. */
  static PythonContext create(Engine engine, Path library, Path packages, Path cache, boolean shared) {
    return new PythonContext(engine, library, packages, cache, shared).bootstrap();
  }

  /** A new context of {@code engine}, not bootstrapped yet: {@link #close} cancels a {@link #bootstrap} under way. */
  static PythonContext open(Engine engine, Path library, Path cache, boolean shared) {
    return new PythonContext(engine, library, null, cache, shared);
  }

  /** Imports and pins {@code iterm2} and routes imports and output per script; on the calling thread, once. */
  PythonContext bootstrap() {
    PythonContext python = this;
    try {
      Value glue = python.context.eval(BOOTSTRAP);
      python.newScript = glue.getMember("load");
      python.enter = glue.getMember("enter");
      python.unload = glue.getMember("unload");
      python.runScript = glue.getMember("run_script");
      python.callRpc = glue.getMember("call_rpc");
      python.none = glue.getMember("NONE");
      return python;
    } catch (RuntimeException e) {
      python.close();
      throw e;
    }
  }

  boolean shared() {
    return shared;
  }

  /** A new script in this context; {@code number} names its private package. */
  Value newScript(int number, GuestApi host, Path folder, Path mainFile) {
    return newScript.execute(number, host, folder.toAbsolutePath().toString(), mainFile.toAbsolutePath().toString());
  }

  /**
   * Runs {@code work(arguments…)} as {@code script} on the calling thread (the script's), then pumps
   * the script's loop; returns the seconds until the loop wants the thread again, 0 for at once,
   * negative for idle. {@code work} may be null: only the pump.
   */
  double enter(Value script, Value work, Object... arguments) {
    dropLeftovers();
    Object[] all = new Object[arguments.length + 2];
    all[0] = script;
    all[1] = work;
    System.arraycopy(arguments, 0, all, 2, arguments.length);
    return enter.execute(all).asDouble();
  }

  Value runScript() {
    return runScript;
  }

  Value callRpc() {
    return callRpc;
  }

  /** Python's {@code None}, to pass where Java has null: a Java null arrives as a foreign null, not None. */
  Value none() {
    return none;
  }

  /**
   * The REPL's glue, {@code iterm2._repl} ({@code start}, {@code evaluate}, {@code interrupt}):
   * imported when the first REPL of this context needs it, not at bootstrap, where every script would pay for it.
   */
  Value repl() {
    Value glue = repl;
    if (glue == null) {
      glue = context.eval(REPL);
      repl = glue;
    }
    return glue;
  }

  /**
   * Drops what a stopped script left in the context (its loop, its modules) when a script next
   * enters, on that script's thread, which takes the context's lock anyway. Dropping it at once
   * would mean taking the lock on the caller's thread, the runtime's watchdog: behind a script
   * that computes in a loop it would wait there, with the interrupt meant to stop that loop queued
   * behind it (GraalPy's lock is released only at its own switch intervals).
   */
  void unloadLater(Value script, java.util.function.Consumer<RuntimeException> failed) {
    leftovers.add(new Leftovers(script, failed));
  }

  private void dropLeftovers() {
    for (Leftovers l = leftovers.poll(); l != null; l = leftovers.poll()) {
      try {
        unload.execute(l.script());
      } catch (RuntimeException e) {
        l.failed().accept(e);
      }
    }
  }

  /** Stops whatever runs in the context now, on every thread; it stays usable. */
  void interrupt(Duration grace) throws TimeoutException {
    context.interrupt(grace);
  }

  /** Closes it, cancelling what runs in it; any thread may call it. */
  void close() {
    context.close(true);
  }
}
