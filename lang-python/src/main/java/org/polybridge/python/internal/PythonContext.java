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
import org.polybridge.UserFolders;

/**
 * A GraalPy context that hosts Python scripts: the runtime's shared one, which every script not
 * isolated runs in, or an isolated script's own. Bootstrapped once ({@code iterm2} imported and
 * pinned, imports and output routed per script: {@code iterm2/_loop.py}); then each script is a
 * {@code _loop.Script} object in it ({@link #newScript}), entered only by that script's thread
 * through {@link #enter}, one thread at a time (see below).
 *
 * <h2>Interrupting it</h2>
 * {@code Context.interrupt} stops every thread inside the context, and GraalPy (25.0) keeps its GIL
 * on a thread the interrupt reaches while that thread waits for the GIL at its way in from Java (an
 * interop call's first acquire: {@code GilNode.acquire} takes the lock uninterruptibly after the
 * failure, {@code ensureGilAfterFailure}, and throws before the call's {@code finally} that would
 * release it). That thread returns to Java owning the lock, for good: a script thread that then
 * ends leaves the GIL to a dead thread, and every other thread of the context (the interrupted
 * runaway among them) waits for it for ever. Waiting for GraalPy to pass the GIL to the others does
 * not avoid it: a thread waited there for seconds behind a script computing in a loop. So the way in
 * from Java lets one thread in at a time ({@link #admit}): no thread of ours ever waits for the GIL on
 * its way in, an interrupt lands only on the thread inside (its target, {@link #interrupt}), and no
 * other script's work is cut ({@code SharedContextTest}: a script stopped while computing as another
 * loads and a third is called). The price: a script that computes, or blocks in Python ({@code
 * time.sleep}, a subprocess), holds the other scripts of the context up until it returns or its
 * call's timeout interrupts it.
 *
 * <p>Thread-safe: the glue's functions are looked up once at bootstrap and only read after.
 */
final class PythonContext {
  private static final Source BOOTSTRAP = Source.create("python", "import iterm2._loop\niterm2._loop.bootstrap()\niterm2._loop");

  private static final Source REPL = Source.create("python", "import iterm2._repl\niterm2._repl");

  /** How long an interrupt waits for its target to be the thread inside (another script's entry may be under way). */
  static final Duration OTHERS_GRACE = Duration.ofSeconds(2);

  private final Context context;
  private final boolean shared;
  /** Guards the way in: {@link #insideThread}, {@link #depth}, {@link #interrupting}. */
  private final Object gate = new Object();
  /** The one thread of ours inside the context now, or null. */
  private Thread insideThread;
  /** How many entries of {@link #insideThread} are under way. */
  private int depth;
  /** An interrupt is under way: no thread comes in until it is over. */
  private boolean interrupting;
  /** Why the context was last interrupted, for a script whose work it cut (none but the target's, now). */
  private volatile String lastInterrupt = "the context was interrupted";
  private volatile Value enter;
  private volatile Value newScript;
  private volatile Value unload;
  private volatile Value runScript;
  private volatile Value callRpc;
  private volatile Value call;
  private volatile Value callPlain;
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
    try {
      if (java.nio.file.Files.isDirectory(folder)) {
        UserFolders.makePrivate(folder);
      } else {
        java.nio.file.Files.createDirectories(folder, UserFolders.privateFolder());
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
      python.call = glue.getMember("call");
      python.callPlain = glue.getMember("call_plain");
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
   * Calls a registered function the short way, {@code _loop.call(script, function, reply,
   * arguments…)}, on the calling thread (the script's, once it has entered as the script). When the
   * guest hands the result back itself (a scalar, the script's loop idle) the reply gets it here,
   * after the thread has left the context; else the guest answered through the reply (or will).
   * Returns when to pump again, as {@link #enter} does.
   *
   * @param call the script, the function (its plain twin when {@code plain}), the reply, then the
   *     arguments in the function's order
   * @param plain whether to call the twin of an {@code async def} that never suspends ({@code
   *     _loop.call_plain}) rather than the function
   */
  double call(Object[] call, RpcReply reply, boolean plain) {
    Object result;
    admit();
    try {
      dropLeftovers();
      Value answer = (plain ? callPlain : this.call).execute(call);
      // Each question to the answer is an interop call: an int, the common answer, is told in two.
      if (!answer.fitsInLong() && !answer.isString() && answer.hasArrayElements()) {
        return answer.getArrayElement(0).asDouble();
      }
      result = RpcReply.scalar(answer);
    } finally {
      leave();
    }
    reply.answer(result);
    return -1; // the guest answers itself only when its loop is idle
  }

  /**
   * Waits until no other thread of ours is inside and no interrupt is under way, then lets the
   * calling thread in: one thread at a time, so none ever waits for the GIL on its way in (see the
   * class's doc). A thread already inside passes (a nested entry).
   */
  private void admit() {
    Thread current = Thread.currentThread();
    boolean wasInterrupted = false;
    synchronized (gate) {
      while (insideThread != current && (insideThread != null || interrupting)) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          wasInterrupted = true; // entries and interrupts are bounded: wait, then say so
        }
      }
      insideThread = current;
      depth++;
    }
    if (wasInterrupted) {
      current.interrupt();
    }
  }

  /** Whether {@code thread} is the thread inside the context now. */
  boolean inside(Thread thread) {
    synchronized (gate) {
      return insideThread == thread;
    }
  }

  private void leave() {
    synchronized (gate) {
      if (--depth == 0) {
        insideThread = null;
        gate.notifyAll();
      }
    }
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
   * Stops what {@code target} runs in the context, once it is the thread inside (waiting for that
   * up to {@link #OTHERS_GRACE}: it may be waiting for another script's entry to end), and keeps
   * every other thread out meanwhile; the context stays usable. {@code why} is what a script whose
   * work it cut hears. Does nothing when {@code target} is not inside by then; fails when it has
   * not stopped within {@code grace}.
   */
  void interrupt(Thread target, String why, Duration grace) throws TimeoutException {
    long waitUntil = System.nanoTime() + OTHERS_GRACE.toNanos();
    boolean wasInterrupted = false;
    synchronized (gate) {
      while (interrupting) { // another interrupt (none: they all run on the one watchdog thread)
        try {
          gate.wait();
        } catch (InterruptedException e) {
          wasInterrupted = true;
        }
      }
      interrupting = true;
      try {
        for (long left = waitUntil - System.nanoTime(); left > 0 && insideThread != target; left = waitUntil - System.nanoTime()) {
          gate.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        wasInterrupted = true;
      }
    }
    try {
      boolean alone;
      synchronized (gate) {
        alone = insideThread == target;
      }
      if (alone) {
        lastInterrupt = why;
        context.interrupt(grace);
      }
    } finally {
      synchronized (gate) {
        interrupting = false;
        gate.notifyAll();
      }
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes it, cancelling what runs in it; any thread may call it. */
  void close() {
    context.close(true);
  }
}
