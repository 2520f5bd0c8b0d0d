package org.polybridge.python.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.polybridge.ScriptException;
import org.polybridge.script.RuntimeFault;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.json.Json;
import org.polybridge.script.Deadlines;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;

/**
 * One Python script: a {@code _loop.Script} in a {@link PythonContext} — the runtime's shared one,
 * or a context of its own when it runs isolated ({@link SharedPython}) — entered only by the
 * script's {@link org.polybridge.script.ScriptEventLoop} thread.
 *
 * <h2>The event loop</h2>
 * The Java queue of the script's thread is the event loop; Python's asyncio loop is driven from
 * it (see {@code iterm2/_loop.py}). Every piece of work for the script (its top level, an RPC
 * call, a notification, a Java future that completed, a timer) is a task on that thread which
 * {@linkplain #enter enters} the context as the script, does its work and <em>pumps</em> asyncio
 * in one call. The pump answers when asyncio next wants the thread, and that becomes one {@code
 * schedule(...)} on the script's loop (or nothing, when idle). Nothing polls; the loop's thread
 * spins a few microseconds for its next task only while tasks come back to back ({@link
 * org.polybridge.script.ScriptEventLoop}).
 *
 * <h2>Runaway code</h2>
 * Each RPC call has a deadline (its registration timeout, 5 s by default). When a call is still
 * unanswered at its deadline and the thread has been inside one entry for at least half that
 * timeout, the entry is what keeps the call from answering: the watchdog interrupts the context
 * ({@code Context.interrupt}) and the call fails. An isolated script then goes on serving. In the
 * shared context, where one thread is inside at a time ({@link PythonContext}), the interrupt lands
 * on the runaway alone while the other scripts wait outside; the runaway script is stopped and,
 * restarted by the loader, runs in a context of its own. A context that does not stop when interrupted fails
 * the script.
 *
 * <h2>Stopping</h2>
 * An isolated script's context is closed ({@code close(true)}, from another thread, so a script
 * stuck anywhere is released). In the shared context the script's registrations go with its
 * connection, and once its thread has left the context what it left there (tasks, its modules) is
 * dropped; a thread still inside after {@link #STOP_GRACE} is interrupted.
 */
public final class PythonScript implements Script {
  private static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(2);
  /** The system property that sets how long a script's top level may run, in seconds (60, as JavaScript's). */
  public static final String LOAD_BUDGET_PROPERTY = "polybridge.python.loadBudget";
  private static final long DEFAULT_LOAD_BUDGET_SECONDS = 60;
  private static final Pattern ISOLATED = Pattern.compile("#\\s*polybridge:\\s*isolated\\s*");

  private final SharedPython shared;
  private final ScriptEnvironment env;
  /** Where a REPL's output goes ({@link PythonRepl}); {@code null} for a script, whose output goes to its log. */
  private final Repl.Output console;
  private final GuestApi host;
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  /** Done once the main file's top level ran without raising: later failures are crashes. */
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  /** pip installing the script's packages before it loads, or {@code null}. */
  private volatile PythonPackages.Install install;
  /** The script's installed packages ({@code requirements.txt}), or {@code null}. */
  private volatile Path packages;

  /** Set once by the script's thread, before the script's first entry. */
  private volatile PythonContext python;
  /** The script's thread (its loop's), once it has started loading: what an interrupt of it targets. */
  private volatile Thread thread;
  private volatile Value self;
  /** When the thread entered the context ({@link System#nanoTime()}), or 0 when it is outside. */
  private volatile long enteredAt;
  private volatile boolean ranAway;
  /** Its top level ran past its budget, and the watchdog interrupted it. */
  private volatile Duration loadOverran;
  /** The stop watch has said once that it interrupts the script (it may have to again). */
  private volatile boolean interruptReported;
  /** A REPL's user interrupted what it ran: the interrupt is theirs, not another script's runaway. */
  private volatile boolean interruptAsked;

  // Used by the script's thread only.
  private boolean loopStarted;
  /** An entry was interrupted and none has entered through {@link #enter} since (see {@link #enterCall}). */
  private boolean afterInterrupt;
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;

  private PythonScript(SharedPython shared, ScriptEnvironment env, Repl.Output console) {
    this.shared = shared;
    this.env = env;
    this.console = console;
    this.host = new GuestApi(this);
  }

  /** Starts loading {@code env}'s script on its thread, in the shared context unless it is isolated; returns at once. */
  public static PythonScript start(SharedPython shared, ScriptEnvironment env) {
    return start(shared, env, null);
  }

  /**
   * Starts a REPL ({@code console} not null: no main file runs, what it prints goes there) or a
   * script; a REPL always runs in the shared context.
   */
  static PythonScript start(SharedPython shared, ScriptEnvironment env, Repl.Output console) {
    PythonScript script = new PythonScript(shared, env, console);
    Path requirements = console == null ? PythonPackages.requirementsOf(env) : null;
    if (requirements != null) {
      // Its packages go on its context's sys.path: a context of its own, so that they meet no other
      // script's (two scripts may need two versions of one package).
      PythonPackages.Install install = PythonPackages.install(env.engine(), shared.cache(), requirements, env.name(), env.log());
      script.install = install;
      install.done().whenComplete((packages, failure) -> {
        script.install = null;
        if (failure != null) {
          Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          script.fail(cause.getMessage(), null);
        } else {
          script.packages = packages;
          script.loadOnItsThread(null);
        }
      });
    } else if (console == null && shared.isolates(env.name(), asksForIsolation(env))) {
      script.loadOnItsThread(null);
    } else {
      shared.sharedContext(env.engine()).whenComplete((context, failure) -> {
        if (failure != null) {
          script.fail("could not start Python: " + failure.getMessage(), null);
        } else {
          script.loadOnItsThread(context);
        }
      });
    }
    return script;
  }

  private static boolean asksForIsolation(ScriptEnvironment env) {
    try (Stream<String> lines = Files.lines(env.mainFile())) {
      return lines.limit(20).anyMatch(line -> ISOLATED.matcher(line).matches());
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // unreadable: loading it says why
    }
  }

  private void loadOnItsThread(PythonContext sharedContext) {
    try {
      env.loop().execute(() -> load(sharedContext));
    } catch (RejectedExecutionException e) {
      // the script's thread is gone: it was stopped before it could load
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
    stop("the script was stopped");
  }

  /** Stops it; the callers of its functions whose calls this cuts short hear {@code reason}. */
  @Override
  public void stop(String reason) {
    if (end(reason)) {
      env.log().info("stopped");
      completion.complete(null);
    }
    PythonPackages.Install installing = install;
    if (installing != null) {
      installing.cancel();
    }
  }

  ApiClient api() {
    return env.api();
  }

  ScriptEnvironment environment() {
    return env;
  }

  /** A REPL's output, or {@code null} for a script. */
  Repl.Output console() {
    return console;
  }

  /** The context it runs in once loaded, else {@code null}. */
  PythonContext context() {
    return python;
  }

  /** Loads the script on its thread: in {@code sharedContext}, or in a new context of its own when null. */
  private void load(PythonContext sharedContext) {
    if (ended.get()) {
      return;
    }
    thread = Thread.currentThread();
    long started = System.nanoTime();
    PythonContext context;
    try {
      context = sharedContext != null ? sharedContext : shared.isolatedContext(env.engine(), packages);
    } catch (PolyglotException | IllegalStateException e) {
      fail("could not start Python: " + e.getMessage(), e instanceof PolyglotException p ? guestStack(p) : null);
      return;
    }
    try {
      self = context.newScript(shared.nextScriptNumber(), host, env.directory(), env.mainFile());
    } catch (PolyglotException | IllegalStateException e) {
      if (sharedContext == null) {
        shared.closeIsolated(context);
      }
      if (e instanceof PolyglotException p && p.isInterrupted()) {
        failByAnother();
      } else {
        fail("could not start Python: " + e.getMessage(), null);
      }
      return;
    }
    python = context;
    if (ended.get()) {
      release(context); // stopped while the context was being made
      return;
    }
    env.log().info("Python ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
        + (context.shared() ? " (shared context)" : " (a context of its own)"));
    if (console != null) {
      try {
        enter(context.repl("start"));
      } catch (PolyglotException | IllegalStateException e) {
        fail("could not start the REPL: " + e.getMessage(), e instanceof PolyglotException p ? guestStack(p) : null);
        return;
      }
      loopStarted(); // a REPL lives until stopped
    } else {
      ScheduledFuture<?> budget = watchLoad(context, loadBudget());
      enter(context.runScript(), env.mainFile().toAbsolutePath().toString());
      if (budget != null) {
        budget.cancel(false);
      }
    }
    if (ended.get()) {
      return;
    }
    loaded.complete(null);
    if (!loopStarted) {
      finish(); // a simple script: it ran to its end
    }
  }

  /**
   * Enters the context as this script on its thread, runs {@code work(arguments…)}, then pumps
   * asyncio. Guest failures that reach here are the runtime's own bugs (the glue catches the
   * script's): logged.
   */
  void enter(Value work, Object... arguments) {
    entered(context -> context.enter(self, work, arguments), arguments);
  }

  /**
   * The one way this script's thread enters its context: runs {@code entry} (which returns when
   * to pump again) unless the script has ended, never re-entrant; {@code arguments} name the work
   * in a failure's log.
   */
  private void entered(ToDoubleFunction<PythonContext> entry, Object[] arguments) {
    PythonContext context = python;
    if (ended.get() || context == null) {
      return;
    }
    if (enteredAt != 0) {
      throw new IllegalStateException("re-entering the Python context of " + env.name() + ": post the work instead");
    }
    enteredAt = Math.max(1, System.nanoTime());
    afterInterrupt = false;
    try {
      double next = entry.applyAsDouble(context);
      if (!ended.get()) {
        wakeUpIn(next);
      }
    } catch (PolyglotException e) {
      failed(e, arguments);
    } catch (IllegalStateException e) {
      if (!ended.get()) {
        env.log().error("internal error in the Python runtime: " + e.getMessage(), null);
      }
    } finally {
      enteredAt = 0;
    }
  }


  /** An entry ended with an exception: stopped, interrupted, or what the guest could not catch. */
  private void failed(PolyglotException e, Object[] arguments) {
    if (ended.get() || e.isCancelled()) {
      return; // stopped under our feet
    }
    if (e.isInterrupted()) {
      interrupted();
      return;
    }
    refused(e, arguments);
  }

  /**
   * What the guest could not catch: GraalPy raises no Python exception when the context refuses a
   * thread or a process (a host {@code IllegalStateException} or {@code SecurityException} passes
   * through {@code except BaseException}). The work it cut short fails where someone waits for it:
   * the script while it loads, the caller of an RPC; anything else is logged.
   */
  private void refused(PolyglotException e, Object[] arguments) {
    String message = e.isHostException() ? e.asHostException().toString() : e.getMessage();
    if (!loaded.isDone()) {
      fail(message, guestStack(e), e.isInternalError() ? new RuntimeFault(e) : null);
      return;
    }
    for (Object argument : arguments) {
      if (argument instanceof RpcReply reply) {
        reply.fail(message, guestStack(e));
        return;
      }
    }
    env.log().error("the Python runtime could not go on with a task of " + env.name() + ": " + message, guestStack(e));
  }

  /**
   * A REPL's user pressed Ctrl-C: when the thread is inside the context (code that computes, not
   * awaits), the context is interrupted from the watchdog's thread, once that thread is the one
   * inside (the other scripts wait outside meanwhile).
   */
  void interruptEntry() {
    if (enteredAt == 0 || ended.get()) {
      return;
    }
    interruptAsked = true;
    PythonContext context = python;
    try {
      shared.watchdog().execute(() -> {
        if (enteredAt == 0) {
          return;
        }
        try {
          context.interrupt(thread, "the REPL " + env.name() + " was interrupted by its user", INTERRUPT_GRACE);
        } catch (TimeoutException e) {
          fail("it did not stop when interrupted: the REPL was stopped", null);
        } catch (RuntimeException e) {
          // the context closed meanwhile
        }
      });
    } catch (RejectedExecutionException e) {
      // the runtime closed
    }
  }

  /** Posts work for the script's thread: the only way other threads (and callbacks) reach the context. */
  void post(Value work, Object... arguments) {
    env.loop().execute(() -> enter(work, arguments));
  }

  /** Runs work now when on the script's thread outside the context (a notification), else posts it. */
  void run(Value work, Object... arguments) {
    if (env.loop().inLoop() && enteredAt == 0) {
      enter(work, arguments);
    } else {
      post(work, arguments);
    }
  }

  /** The script called {@code run_forever} or {@code run_until_complete}: it lives on after its top level. */
  void loopStarted() {
    loopStarted = true;
  }

  /** {@code run_until_complete}'s main returned. */
  void finish() {
    if (end("the script finished")) {
      env.log().info("finished");
      completion.complete(null);
    }
  }

  /** Loading failed, or main raised: the script ends with the guest's traceback. */
  void fail(String message, String traceback) {
    fail(message, traceback, null);
  }

  /** As {@link #fail(String, String)}, caused by {@code cause} ({@code null}: the script's own doing). */
  private void fail(String message, String traceback, Throwable cause) {
    if (end((loaded.isDone() ? "the script crashed: " : "the script failed while loading: ") + message)) {
      env.log().error(message, traceback);
      ScriptException failure = new ScriptException(message, traceback, cause);
      loaded.completeExceptionally(failure);
      completion.completeExceptionally(failure);
    }
  }

  /**
   * {@code call_rpc}'s arguments: the function, the reply, then either {@code null} and the
   * arguments as name, value pairs (every value a scalar: Python receives it as its own object, null
   * as {@code none}) or
   * their JSON text (a list or an object among them).
   */
  private static Object[] callArguments(Value function, RpcReply reply, Map<String, Object> arguments, Value none) {
    Object[] pairs = new Object[3 + 2 * arguments.size()];
    pairs[0] = function;
    pairs[1] = reply;
    int i = 3;
    for (Map.Entry<String, Object> argument : arguments.entrySet()) {
      Object value = argument.getValue();
      if (!scalar(value)) {
        return new Object[] {function, reply, Json.write(arguments)};
      }
      pairs[i++] = argument.getKey();
      pairs[i++] = value == null ? none : value;
    }
    return pairs;
  }

  /**
   * {@code _loop.call}'s arguments: the script, the function, the reply, then the arguments' values
   * in the definition's order (the function's: {@code positional}), each a scalar (Python receives
   * it as its own object, null as {@code None}); null when they cannot go so (a list or an object
   * among them).
   */
  private Object[] inOrder(RpcDefinition definition, Value function, RpcReply reply, Map<String, Object> arguments) {
    List<String> names = definition.arguments();
    if (names.size() != arguments.size()) {
      return null;
    }
    Object[] call = new Object[3 + names.size()];
    call[0] = self;
    call[1] = function;
    call[2] = reply;
    for (int i = 0; i < names.size(); i++) {
      Object value = arguments.get(names.get(i));
      if (!scalar(value)) {
        return null;
      }
      call[3 + i] = value == null ? python.none() : value;
    }
    return call;
  }

  private static boolean scalar(Object value) {
    return value == null || value instanceof String || value instanceof Long || value instanceof Integer
        || value instanceof Boolean || value instanceof Double d && Double.isFinite(d);
  }

  /**
   * Serves one call of a registered function: a task in the script's asyncio loop. {@code
   * positional}: the function takes the definition's arguments by position, in its order; {@code
   * twin}: its plain twin ({@code _loop.plain_twin}), which such a call runs instead, or null.
   */
  CompletableFuture<Object> call(RpcDefinition definition, Value function, boolean positional, Value twin, Map<String, Object> arguments) {
    Call call = new Call(definition.name(), definition.timeout() != null ? definition.timeout() : DEFAULT_RPC_TIMEOUT);
    if (ended.get()) {
      return CompletableFuture.failedFuture(new ScriptException("the script has ended", null));
    }
    calls.add(call);
    // One shared timer armed for the earliest call only: a schedule and a cancel per call would
    // wake the watchdog thread for every call. The watch may interrupt and wait: not on the timer.
    Deadlines.Deadline watching = shared.deadlines().after(call.timeout, () -> shared.watchdog().execute(() -> watch(call)));
    call.result.whenComplete((v, e) -> {
      calls.remove(call);
      watching.cancel(); // answered: its watch would find nothing to cut
    });
    RpcReply reply = new RpcReply(call.result);
    boolean plain = twin != null;
    Object[] inOrder = positional ? inOrder(definition, plain ? twin : function, reply, arguments) : null;
    if (inOrder == null) {
      run(python.callRpc(), callArguments(function, reply, arguments, python.none()));
    } else if (env.loop().inLoop() && enteredAt == 0) {
      enterCall(inOrder, reply, plain);
    } else {
      env.loop().execute(() -> enterCall(inOrder, reply, plain));
    }
    return call.result;
  }

  /** As {@link #enter} for an RPC call the short way ({@link PythonContext#call}); {@code plain}: through its twin. */
  private void enterCall(Object[] call, RpcReply reply, boolean plain) {
    if (afterInterrupt) {
      enter(null); // forgets the task the interrupt cut off, which _loop.call does not look for
    }
    entered(context -> context.call(call, reply, plain), call);
  }


  private void watch(Call call) {
    long since = enteredAt;
    if (call.result.isDone() || ended.get() || since == 0 || System.nanoTime() - since < call.timeout.toNanos() / 2
        || !python.inside(thread)) {
      return; // answered, or waiting on an await (or for another script's entry) rather than holding the thread: nothing to cut
    }
    call.overdue = true;
    PythonContext context = python;
    if (context.shared()) {
      ranAway = true;
      shared.isolate(env.name());
      env.log().error(call.name + " ran past its timeout of " + call.timeout.toMillis()
          + " ms: interrupting it; the script starts again in a Python context of its own", null);
    } else {
      env.log().error(call.name + " ran past its timeout of " + call.timeout.toMillis() + " ms: interrupting it", null);
    }
    try {
      context.interrupt(thread, "script " + env.name() + " ran past the timeout of " + call.name, INTERRUPT_GRACE);
    } catch (TimeoutException e) {
      fail(call.name + " did not stop when interrupted: the script was stopped", null);
    } catch (RuntimeException e) {
      // the context closed meanwhile
    }
  }

  private void interrupted() {
    afterInterrupt = true;
    Duration overran = loadOverran;
    if (overran != null) {
      fail("its top level ran longer than " + overran.toSeconds() + " s and was interrupted", null);
      return;
    }
    if (interruptAsked) {
      interruptAsked = false;
      post(null);
      return;
    }
    boolean mine = false;
    for (Call call : calls) {
      if (call.overdue) {
        mine = true;
        call.result.completeExceptionally(new ScriptException(
            call.name + " was interrupted: it ran past its timeout of " + call.timeout.toMillis() + " ms", null));
      }
    }
    if (ranAway) {
      fail("it ran past a function's timeout in the shared Python context", null);
      return;
    }
    if (!loaded.isDone() && console == null) {
      failByAnother(); // its top level was cut short: it would count as finished
      return;
    }
    if (!mine) {
      env.log().error("what this script was running was interrupted because " + python.lastInterrupt(), null);
    }
    post(null); // let asyncio run what was ready behind the interrupted work
  }

  /**
   * Its load was cut short by an interrupt of the shared context meant for another script (one
   * that ran away, or was stopped while computing): not its code's failure, so it fails as with a
   * fault of the runtime, which the loader tries once more after the back-off.
   */
  private void failByAnother() {
    String why = "its top level was interrupted: another script in the shared Python context ran away or was stopped";
    fail(why, null, new RuntimeFault(new IllegalStateException(why)));
  }

  /** How long a script's top level may run: {@value #LOAD_BUDGET_PROPERTY}, else 60 s. */
  private static Duration loadBudget() {
    long seconds = Long.getLong(LOAD_BUDGET_PROPERTY, DEFAULT_LOAD_BUDGET_SECONDS);
    return Duration.ofSeconds(seconds > 0 ? seconds : DEFAULT_LOAD_BUDGET_SECONDS);
  }

  /**
   * Interrupts the script's top level if it still runs after {@code budget}: a top level that
   * computes for ever would hold its thread — in the shared context, every Python script's — and
   * stay LOADING. In the shared context it runs in a context of its own when it starts again.
   */
  private ScheduledFuture<?> watchLoad(PythonContext context, Duration budget) {
    try {
      return shared.watchdog().schedule(() -> {
        if (loaded.isDone() || ended.get() || enteredAt == 0 || !context.inside(thread)) {
          return;
        }
        loadOverran = budget;
        if (context.shared()) {
          shared.isolate(env.name());
        }
        env.log().error("its top level ran longer than " + budget.toSeconds() + " s: interrupting it"
            + (context.shared() ? "; when it starts again it runs in a Python context of its own" : ""), null);
        try {
          context.interrupt(thread, "the top level of script " + env.name() + " ran longer than " + budget.toSeconds() + " s", INTERRUPT_GRACE);
        } catch (TimeoutException e) {
          fail("its top level did not stop when interrupted: the script was stopped", null);
        } catch (RuntimeException e) {
          // the context closed meanwhile
        }
      }, budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null; // the runtime closed: its contexts close with it
    }
  }

  private void wakeUpIn(double seconds) {
    if (seconds < 0) {
      return; // idle: the next task pumps
    }
    if (seconds == 0) {
      post(null); // more is ready: after the Java tasks already queued
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
        enter(null);
      }, Duration.ofNanos(nanos));
    } catch (RejectedExecutionException closed) {
      // the script's thread is gone
    }
  }

  /**
   * Marks the script ended and releases it; false when it had ended already. The calls it was
   * serving fail with {@code reason}, why it ended.
   */
  private boolean end(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    for (Call call : calls) {
      call.result.completeExceptionally(new ScriptException("the script ended during the call: " + reason, null));
    }
    ScheduledFuture<?> w = wakeUp;
    if (w != null) {
      w.cancel(false);
    }
    env.api().close(reason);
    host.closeOutput();
    PythonContext context = python;
    if (context != null) {
      release(context);
    }
    return true;
  }

  /**
   * From another thread, so that a script stuck in a loop (or ending from inside its own callback)
   * is cancelled rather than waited for: an isolated script's context is closed; in the shared one
   * what the script left is dropped once its thread is out.
   */
  private void release(PythonContext context) {
    try {
      if (!context.shared()) {
        shared.watchdog().execute(() -> {
          try {
            shared.closeIsolated(context);
          } catch (RuntimeException e) {
            env.log().error("closing the Python context: " + e.getMessage(), null);
          }
        });
      } else {
        shared.watchdog().execute(() -> unloadOnceOut(context, System.nanoTime()));
      }
    } catch (RejectedExecutionException e) {
      // the runtime closed: its contexts close with it
    }
  }

  private void unloadOnceOut(PythonContext context, long since) {
    long entered = enteredAt;
    if (entered != 0) {
      if (System.nanoTime() - since < STOP_GRACE.toNanos()) {
        shared.watchdog().schedule(() -> unloadOnceOut(context, since), 20, TimeUnit.MILLISECONDS);
        return;
      }
      if (!interruptReported) {
        interruptReported = true;
        env.log().error("still running " + STOP_GRACE.toMillis() + " ms after it was stopped: interrupting it", null);
      }
      try {
        context.interrupt(thread, "script " + env.name() + " was still computing " + STOP_GRACE.toMillis() + " ms after it was stopped", INTERRUPT_GRACE);
      } catch (TimeoutException e) {
        // Not stopped within the grace (a loaded machine): try again rather than leave it running,
        // holding the shared context's lock for every other script.
        env.log().error("it did not stop within " + INTERRUPT_GRACE.toSeconds() + " s of an interrupt: interrupting it again", null);
        shared.watchdog().execute(() -> unloadOnceOut(context, since));
        return;
      } catch (RuntimeException e) {
        env.log().error("it did not stop when interrupted: " + e.getMessage(), null);
      }
    }
    Value script = self;
    if (script != null) {
      context.unloadLater(script, e -> {
        if (!(e instanceof PolyglotException p && p.isCancelled())) {
          env.log().error("cleaning up after the script: " + e.getMessage(), null);
        }
      });
    }
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
