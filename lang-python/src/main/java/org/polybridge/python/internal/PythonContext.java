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
 * <h2>Interrupting it</h2>
 * {@code Context.interrupt} stops every thread inside the context, and GraalPy (25.0) keeps its GIL
 * on a thread the interrupt reaches while that thread waits for the GIL at its way in from Java (an
 * interop call's first acquire: {@code GilNode.acquire} takes the lock uninterruptibly after the
 * failure, {@code ensureGilAfterFailure}, and throws before the call's {@code finally} that would
 * release it). That thread returns to Java owning the lock, for good: a script thread that then
 * ends leaves the GIL to a dead thread, and every other thread of the context (the interrupted
 * runaway among them) waits for it for ever. So every way in from Java passes a gate ({@link
 * #admit}), and {@link #interrupt} closes it, lets the threads already in leave (for up to {@link
 * #OTHERS_GRACE}) and only then interrupts: no thread is on its way in when the interrupt lands,
 * and the other scripts' work is not cut ({@code SharedContextTest}: a script stopped while computing
 * as another loads and a third is called).
 *
 * <p>Thread-safe: the glue's functions are looked up once at bootstrap and only read after.
 */
final class PythonContext {
  private static final Source BOOTSTRAP = Source.create("python", "import iterm2._loop\niterm2._loop.bootstrap()\niterm2._loop");

  private static final Source REPL = Source.create("python", "import iterm2._repl\niterm2._repl");

  /**
   * How long an interrupt waits for the threads inside other than its target to leave: their
   * entries are short (a task's step), unless they compute or block too, and then they are past
   * their way in, where the interrupt is safe.
   */
  static final Duration OTHERS_GRACE = Duration.ofSeconds(2);

  private final Context context;
  private final boolean shared;
  /** The threads inside the context now, each with how many of its entries are under way; guarded by itself. */
  private final java.util.Map<Thread, Integer> inside = new java.util.HashMap<>();
  /** An interrupt is under way: no thread comes in until it is over. Guarded by {@link #inside}. */
  private boolean interrupting;
  /** Why the context was last interrupted, for the scripts whose work it cut. */
  private volatile String lastInterrupt = "the context was interrupted";
  private volatile Value failCut;
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
      python.failCut = glue.getMember("fail_cut");
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
    admit();
    try {
      return newScript.execute(number, host, folder.toAbsolutePath().toString(), mainFile.toAbsolutePath().toString());
    } finally {
      leave();
    }
  }

  /**
   * Runs {@code work(arguments…)} as {@code script} on the calling thread (the script's), then pumps
   * the script's loop; returns the seconds until the loop wants the thread again, 0 for at once,
   * negative for idle. {@code work} may be null: only the pump.
   */
  double enter(Value script, Value work, Object... arguments) {
    admit();
    try {
      dropLeftovers();
      Object[] all = new Object[arguments.length + 2];
      all[0] = script;
      all[1] = work;
      System.arraycopy(arguments, 0, all, 2, arguments.length);
      return enter.execute(all).asDouble();
    } finally {
      leave();
    }
  }

  /**
   * Waits while an interrupt is under way, then counts the calling thread in: the way in from Java
   * that an interrupt must not meet. A thread already inside passes (it is past its way in).
   */
  private void admit() {
    Thread current = Thread.currentThread();
    boolean wasInterrupted = false;
    synchronized (inside) {
      while (interrupting && !inside.containsKey(current)) {
        try {
          inside.wait();
        } catch (InterruptedException e) {
          wasInterrupted = true; // the interrupt is bounded by its grace: wait it out, then say so
        }
      }
      inside.merge(current, 1, Integer::sum);
    }
    if (wasInterrupted) {
      current.interrupt();
    }
  }

  private void leave() {
    Thread current = Thread.currentThread();
    synchronized (inside) {
      if (inside.merge(current, -1, Integer::sum) == 0) {
        inside.remove(current);
        inside.notifyAll();
      }
    }
  }

  /** {@code _loop.fail_cut(why)}: fails the call whose task the last interrupt cut, as the script's work. */
  Value failCut() {
    return failCut;
  }

  /** Why the context was last interrupted ("script x.py ran past its timeout"). */
  String lastInterrupt() {
    return lastInterrupt;
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
   * A function of the REPL's glue, {@code iterm2._repl} ({@code start}, {@code evaluate}, {@code interrupt}):
   * imported when the first REPL of this context needs it, not at bootstrap, where every script would pay for it.
   */
  Value repl(String function) {
    admit();
    try {
      Value glue = repl;
      if (glue == null) {
        glue = context.eval(REPL);
        repl = glue;
      }
      return glue.getMember(function);
    } finally {
      leave();
    }
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

  /**
   * Stops what {@code target} runs in the context, saying {@code why} to the scripts whose work it
   * cuts too; the context stays usable. Closes the way in and waits (up to {@link #OTHERS_GRACE})
   * for the other threads inside to leave before interrupting: see the class's doc. Fails when the
   * threads inside have not stopped within {@code grace}.
   */
  void interrupt(Thread target, String why, Duration grace) throws TimeoutException {
    long othersGone = System.nanoTime() + OTHERS_GRACE.toNanos();
    synchronized (inside) {
      boolean wasInterrupted = false;
      while (interrupting) { // another interrupt (none yet: they run on the one watchdog thread)
        try {
          inside.wait();
        } catch (InterruptedException e) {
          wasInterrupted = true;
        }
      }
      interrupting = true;
      try {
        for (long left = othersGone - System.nanoTime(); left > 0 && !othersLeft(target); left = othersGone - System.nanoTime()) {
          inside.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      lastInterrupt = why;
      context.interrupt(grace);
    } finally {
      synchronized (inside) {
        interrupting = false;
        inside.notifyAll();
      }
    }
  }

  /** Whether no thread but {@code target} (and the caller) is inside; holding {@link #inside}'s lock. */
  private boolean othersLeft(Thread target) {
    for (Thread t : inside.keySet()) {
      if (t != target && t != Thread.currentThread()) {
        return false;
      }
    }
    return true;
  }

  /** Closes it, cancelling what runs in it; any thread may call it. */
  void close() {
    context.close(true);
  }
}
