package org.polybridge.python.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.polybridge.ScriptException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.json.Json;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;

/**
 * One Python script: its GraalPy context, entered only by the script's {@link
 * org.polybridge.script.ScriptEventLoop} thread. The context is the script's own, built on that
 * thread, or a warm one ({@link WarmContexts}), built and bootstrapped ahead on the warm-up thread
 * and handed over: after the hand-over only the script's thread enters it.
 *
 * <h2>The event loop</h2>
 * The Java queue of the script's thread is the event loop; Python's asyncio loop is driven from
 * it (see {@code iterm2/_loop.py}). Every piece of work for the script (its top level, an RPC
 * call, a notification, a Java future that completed, a timer) is a task on that thread which
 * {@linkplain #enter enters} the context, does its work, then <em>pumps</em> asyncio: runs its
 * ready callbacks until none is ready now. The pump answers when asyncio next wants the thread,
 * and that becomes one {@code schedule(...)} on the script's loop (or nothing, when idle). So
 * {@code await asyncio.sleep(x)} is a Java timer, an awaited Java future is a task posted when it
 * completes, and nothing polls or busy-waits: between tasks the thread sleeps in its queue.
 *
 * <h2>Runaway code</h2>
 * Each RPC call has a deadline (its registration timeout, 5 s by default). When a call is still
 * unanswered at its deadline and the thread has been inside one guest entry for at least half that
 * timeout, the entry is what keeps the call from answering: the watchdog interrupts the context
 * ({@link Context#interrupt}), the call fails, and the script goes on serving. A context that does
 * not stop when interrupted fails the script.
 */
public final class PythonScript implements Script {
  private static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

  private final SharedPython shared;
  private final ScriptEnvironment env;
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  /** Done once the main file's top level ran without raising: later failures are crashes. */
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  private volatile Context context;
  /** When the thread entered the context ({@link System#nanoTime()}), or 0 when it is outside. */
  private volatile long enteredAt;

  // Used by the script's thread only.
  private Value glue;
  private Value pump;
  private Value callRpc;
  private boolean loopStarted;
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;

  private PythonScript(SharedPython shared, ScriptEnvironment env) {
    this.shared = shared;
    this.env = env;
  }

  /** Starts loading {@code env}'s script on its thread, on a warm context when there is one; returns at once. */
  public static PythonScript start(SharedPython shared, ScriptEnvironment env) {
    PythonScript script = new PythonScript(shared, env);
    shared.starting();
    CompletableFuture<PythonContext> warm = shared.takeWarm(env.engine());
    if (warm != null) {
      // Completed by the warm-up thread once it has left the context; the queue hands it over.
      warm.whenComplete((context, e) -> script.loadOnItsThread(context));
    } else {
      shared.whenWarm(() -> script.loadOnItsThread(null));
    }
    return script;
  }

  private void loadOnItsThread(PythonContext warm) {
    try {
      env.loop().execute(() -> load(warm));
    } catch (RejectedExecutionException e) {
      // the script's thread is gone: it was stopped before it could load
      if (warm != null && shared.claim(warm)) {
        warm.close();
      }
      ready();
    }
  }

  @Override
  public CompletableFuture<Void> completion() {
    return completion;
  }

  @Override
  public CompletableFuture<Void> loaded() {
    return loaded;
  }

  @Override
  public void stop() {
    if (end()) {
      env.log().info("stopped");
      completion.complete(null);
    }
    // Its load may never run now (the loader closes the script's thread next, dropping the queued
    // load): the scripts waiting for this one's warm-up must not wait for ever.
    ready();
  }

  ApiClient api() {
    return env.api();
  }

  ScriptEnvironment environment() {
    return env;
  }

  /** Loads the script on its thread: on {@code warm} (bootstrapped) when given and still open, else on a new context. */
  private void load(PythonContext warm) {
    long started = System.nanoTime();
    PythonContext python;
    try {
      python = warm != null && shared.claim(warm) ? warm : null;
      if (ended.get()) {
        if (python != null) {
          python.close();
        }
        ready();
        return;
      }
      if (python == null) {
        python = shared.newContext(env.engine());
      }
      context = python.context();
      if (ended.get()) {
        python.close(); // stopped while the context was being made
        ready();
        return;
      }
    } catch (RuntimeException e) {
      ready();
      fail("could not start Python: " + e.getMessage(), null);
      return;
    }
    boolean wasWarm = python.bootstrapped();
    PythonContext p = python;
    enter(() -> {
      try {
        glue = p.bootstrap();
        p.adopt(env);
        glue.getMember("attach").execute(new GuestApi(this));
        pump = glue.getMember("pump");
        callRpc = glue.getMember("call_rpc");
      } catch (PolyglotException e) {
        if (!e.isCancelled()) {
          fail("could not load the iterm2 module: " + e.getMessage(), guestStack(e));
        }
        return;
      } catch (IllegalStateException e) {
        fail("could not start Python: " + e.getMessage(), null); // a warm context whose engine closed
        return;
      } finally {
        ready();
      }
      env.log().info("Python ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
          + (wasWarm ? " (warm context)" : ""));
      Value failure = glue.getMember("run_script").execute(env.mainFile().toAbsolutePath().toString());
      if (!failure.isNull()) {
        fail(failure.getArrayElement(0).asString(), failure.getArrayElement(1).asString());
        return;
      }
      loaded.complete(null);
      if (!loopStarted) {
        finish(); // a simple script: it ran to its end
      }
    });
    ready(); // when enter did not run the work: the script ended first
  }

  /** Tells the runtime this script's context is bootstrapped or will never be; once. */
  private void ready() {
    if (ready.compareAndSet(false, true)) {
      shared.ready(env.engine());
    }
  }

  /**
   * Enters the context on the script's thread, runs {@code work}, then pumps asyncio. Guest
   * failures that reach here are the runtime's own bugs (the glue catches the script's): logged.
   */
  void enter(Runnable work) {
    if (ended.get() || context == null) {
      return;
    }
    if (enteredAt != 0) {
      throw new IllegalStateException("re-entering the Python context of " + env.name() + ": post the work instead");
    }
    enteredAt = Math.max(1, System.nanoTime());
    try {
      work.run();
      if (pump != null && !ended.get()) {
        wakeUpIn(pump.execute().asDouble());
      }
    } catch (PolyglotException e) {
      if (ended.get() || e.isCancelled()) {
        return; // stopped under our feet
      }
      if (e.isInterrupted()) {
        interrupted();
        return;
      }
      env.log().error("internal error in the Python runtime: " + e.getMessage(), guestStack(e));
    } catch (IllegalStateException e) {
      if (!ended.get()) {
        env.log().error("internal error in the Python runtime: " + e.getMessage(), null);
      }
    } finally {
      enteredAt = 0;
    }
  }

  /** Posts work for the script's thread: the only way other threads (and callbacks) reach the context. */
  void post(Runnable work) {
    env.loop().execute(() -> enter(work));
  }

  /** Runs work now when on the script's thread outside the context (a notification), else posts it. */
  void run(Runnable work) {
    if (env.loop().inLoop() && enteredAt == 0) {
      enter(work);
    } else {
      post(work);
    }
  }

  /** The script called {@code run_forever} or {@code run_until_complete}: it lives on after its top level. */
  void loopStarted() {
    loopStarted = true;
  }

  /** {@code run_until_complete}'s main returned. */
  void finish() {
    if (end()) {
      env.log().info("finished");
      completion.complete(null);
    }
  }

  /** Loading failed, or main raised: the script ends with the guest's traceback. */
  void fail(String message, String traceback) {
    if (end()) {
      env.log().error(message, traceback);
      ScriptException failure = new ScriptException(message, traceback);
      loaded.completeExceptionally(failure);
      completion.completeExceptionally(failure);
    }
  }

  /** Serves one call of a registered function: a task in the script's asyncio loop. */
  CompletableFuture<Object> call(RpcDefinition definition, Value function, Map<String, Object> arguments) {
    Call call = new Call(definition.name(), definition.timeout() != null ? definition.timeout() : DEFAULT_RPC_TIMEOUT);
    if (ended.get()) {
      return CompletableFuture.failedFuture(new ScriptException("the script has ended", null));
    }
    calls.add(call);
    ScheduledFuture<?> watching = shared.watchdog().schedule(() -> watch(call), call.timeout.toNanos(), TimeUnit.NANOSECONDS);
    call.result.whenComplete((v, e) -> {
      calls.remove(call);
      watching.cancel(false); // answered: its watch would find nothing to cut
    });
    String json = Json.write(arguments);
    run(() -> callRpc.execute(function, json, new RpcReply(call.result)));
    return call.result;
  }

  private void watch(Call call) {
    long since = enteredAt;
    if (call.result.isDone() || ended.get() || since == 0 || System.nanoTime() - since < call.timeout.toNanos() / 2) {
      return; // answered, or waiting on an await rather than holding the thread: nothing to cut
    }
    call.overdue = true;
    env.log().error(call.name + " ran past its timeout of " + call.timeout.toMillis() + " ms: interrupting it", null);
    try {
      context.interrupt(INTERRUPT_GRACE);
    } catch (TimeoutException e) {
      fail(call.name + " did not stop when interrupted: the script was stopped", null);
    } catch (RuntimeException e) {
      // the context closed meanwhile
    }
  }

  private void interrupted() {
    for (Call call : calls) {
      if (call.overdue) {
        call.result.completeExceptionally(new ScriptException(
            call.name + " was interrupted: it ran past its timeout of " + call.timeout.toMillis() + " ms", null));
      }
    }
    post(() -> {}); // let asyncio run what was ready behind the runaway
  }

  private void wakeUpIn(double seconds) {
    if (seconds < 0) {
      return; // idle: the next task pumps
    }
    if (seconds == 0) {
      post(() -> {}); // more is ready: after the Java tasks already queued
      return;
    }
    long nanos = (long) (seconds * 1e9);
    long at = System.nanoTime() + nanos;
    if (wakeUp != null && !wakeUp.isDone()) {
      if (wakeUpAt - at <= 0) {
        return; // an earlier wake-up is already set; that pump sets the next one
      }
      wakeUp.cancel(false);
    }
    wakeUpAt = at;
    try {
      wakeUp = env.loop().schedule(() -> {
        wakeUp = null;
        enter(() -> {});
      }, Duration.ofNanos(nanos));
    } catch (RejectedExecutionException closed) {
      // the script's thread is gone
    }
  }

  /** Marks the script ended and releases it; false when it had ended already. */
  private boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    for (Call call : calls) {
      call.result.completeExceptionally(new ScriptException("the script ended during the call", null));
    }
    ScheduledFuture<?> w = wakeUp;
    if (w != null) {
      w.cancel(false);
    }
    env.api().close();
    Context c = context;
    if (c != null) {
      // From another thread, so that a script stuck in a loop (or ending from inside its own
      // callback) is cancelled rather than waited for.
      shared.watchdog().execute(() -> {
        try {
          c.close(true);
        } catch (RuntimeException e) {
          env.log().error("closing the Python context: " + e.getMessage(), null);
        }
      });
    }
    return true;
  }

  private static String guestStack(PolyglotException e) {
    StringBuilder b = new StringBuilder();
    for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
      if (f.isGuestFrame()) {
        b.append("  ").append(f).append('\n');
      }
    }
    return b.toString();
  }

  private static final class Call {
    final String name;
    final Duration timeout;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    volatile boolean overdue;

    Call(String name, Duration timeout) {
      this.name = name;
      this.timeout = timeout;
    }
  }
}
