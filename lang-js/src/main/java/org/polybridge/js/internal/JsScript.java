package org.polybridge.js.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.polybridge.ScriptException;
import org.polybridge.script.Deadlines;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.script.ScriptLog;

/**
 * One JavaScript script: its context, made, entered and closed on the script's loop only. Every
 * entry (loading, a function call, a callback, a timer, a promise settled by the host) goes through
 * {@link #enter}, which gives it a time budget, contains its failures, and drains the microtasks
 * it queued (GraalJS does that when the outermost call returns).
 *
 * <p>Lifetime: a script that called {@code iterm2.runForever} runs until stopped; one that called
 * {@code iterm2.runUntilComplete} finishes when its main function returns; any other finishes when
 * nothing is left that could call it again (no registrations, timers or pending host calls), as a
 * Node.js program does.
 */
public final class JsScript implements Script {
  /** How long loading (the main file's top level) may run. */
  static final Duration LOAD_BUDGET = Duration.ofSeconds(60);
  /** How long a callback, timer or promise continuation may run at a stretch. */
  static final Duration CALLBACK_BUDGET = Duration.ofSeconds(10);

  private static final Pattern MODULE_SYNTAX = Pattern.compile("^\\s*(import\\s*[\\w*{'\"]|export\\s)", Pattern.MULTILINE);

  enum Mode { PLAIN, FOREVER, UNTIL_COMPLETE }

  private final SharedJs shared;
  private final ScriptEnvironment environment;
  private final ScriptEventLoop loop;
  private final ScriptLog log;
  /** Its host: made with it, or a spare context's, bound to it as it loads. */
  private JsHost host;
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final CompletableFuture<Void> completion = new CompletableFuture<>();
  private final Map<Integer, ScheduledFuture<?>> timers = new HashMap<>();
  private final LogStream out;
  private final LogStream err;
  private volatile Context context;
  /** npm installing the script's packages before it loads, or {@code null}. */
  private volatile NpmPackages.Install install;
  private volatile boolean closing;
  /**
   * The watches of its calls not answered yet ({@link #watchCall}), cancelled as it stops: a call cut
   * short by a stop is never answered here, and its watch, held by the runtime's shared timer, kept
   * the script (its context, all its heap) until the call's timeout.
   */
  private final java.util.Set<Deadlines.Deadline> callWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private Watchdog watchdog;
  private Source main;
  private Mode mode = Mode.PLAIN;
  private int depth;
  private int lastTimerId;

  /** A REPL's output ({@link JsRepl}), or {@code null} for a script, whose console goes to its log. */
  private final Repl.Output console;

  private JsScript(SharedJs shared, ScriptEnvironment environment, Repl.Output console) {
    this.shared = shared;
    this.environment = environment;
    this.console = console;
    this.loop = environment.loop();
    this.log = environment.log();
    this.host = new JsHost(this, environment.api());
    this.out = new LogStream(console == null ? log::info : line -> console.print(line + "\n", false));
    this.err = new LogStream(console == null ? line -> log.error(line, null) : line -> console.print(line + "\n", true));
  }

  /** Starts loading the script on its loop; returns at once. */
  public static JsScript start(SharedJs shared, ScriptEnvironment environment) {
    return start(shared, environment, null);
  }

  /** Starts a REPL ({@code console} not null: no main file runs; it lives until stopped) or a script. */
  static JsScript start(SharedJs shared, ScriptEnvironment environment, Repl.Output console) {
    JsScript script = new JsScript(shared, environment, console);
    if (console == null && isFolder(environment)) {
      try {
        var install = NpmPackages.installIfStale(environment.directory(), NpmPackages.npm(), environment.log());
        if (install.isPresent()) {
          script.install = install.get();
          install.get().done().whenComplete((ok, failure) -> script.loadAfterInstall(failure));
          return script;
        }
      } catch (ScriptException e) {
        environment.loop().execute(() -> script.fail(e));
        return script;
      }
    }
    environment.loop().execute(script::load);
    return script;
  }

  /**
   * Whether the script is a folder of its own ({@code AutoLaunch/name/main.js}), whose npm packages
   * it may install, rather than a file beside others in AutoLaunch.
   */
  private static boolean isFolder(ScriptEnvironment environment) {
    Path directory = environment.directory().getFileName();
    return directory != null && directory.toString().equals(environment.name());
  }

  /** npm is done: the script loads, or fails with npm's reason. */
  private void loadAfterInstall(Throwable failure) {
    install = null;
    try {
      if (failure == null) {
        loop.execute(this::load);
      } else {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        ScriptException reason = cause instanceof ScriptException e ? e : new ScriptException(cause.toString(), null, cause);
        loop.execute(() -> fail(reason));
      }
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // the script was stopped meanwhile
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

  /**
   * Closes the context on the loop. When the loop does not get to it within a second (it runs code
   * that ignores interrupts), the context is cancelled from here.
   */
  @Override
  public void stop() {
    NpmPackages.Install installing = install;
    if (installing != null) {
      installing.cancel();
    }
    if (closing && context == null) {
      return;
    }
    closing = true;
    completion.complete(null);
    callWatches.forEach(Deadlines.Deadline::cancel);
    callWatches.clear();
    if (loop.inLoop()) {
      loop.execute(this::closeContext);
      return;
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    loop.execute(() -> {
      closeContext();
      closed.complete(null);
    });
    try {
      closed.get(1, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      cancelContext();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelContext();
    }
  }

  // ---- for JsHost, on the loop ----

  ScriptEventLoop loop() {
    return loop;
  }

  ScriptLog log() {
    return log;
  }

  boolean isClosing() {
    return closing;
  }

  /** The script's context once loaded; {@code null} before and once closed. Its loop's thread only. */
  Context context() {
    return context;
  }

  /** Interrupts the code running in the context now; from any thread but the loop's (it waits up to 2 s). */
  void interruptNow() {
    Context c = context;
    if (c != null) {
      try {
        c.interrupt(Duration.ofSeconds(2));
      } catch (TimeoutException e) {
        log.error("the REPL's code did not stop within 2 s of its interrupt", null);
      } catch (IllegalStateException | PolyglotException closed) {
        // closed meanwhile
      }
    }
  }

  /**
   * Runs guest code as one entry with a time budget. A failure goes to {@code onFailure} as a
   * {@link ScriptException} with the JS stack; an entry the watchdog interrupted says so. Returns
   * {@code false}, running nothing, once the script is stopping.
   */
  boolean enter(String what, Duration budget, Runnable guestCode, Consumer<ScriptException> onFailure) {
    if (closing || context == null) {
      return false;
    }
    if (depth > 0) {
      guestCode.run();
      return true;
    }
    depth++;
    long entry = watchdog.arm(budget);
    try {
      guestCode.run();
    } catch (PolyglotException e) {
      Duration overran = watchdog.overran(entry);
      if (overran != null && e.isInterrupted()) {
        onFailure.accept(new ScriptException(what + " ran longer than " + seconds(overran)
            + " and was interrupted", GuestErrors.guestStack(e), e));
      } else if (e.isCancelled() && closing) {
        // stopping: nothing to report
      } else if (e.isExit()) {
        exited(e.getExitStatus());
      } else if (e.isInternalError() || e.isResourceExhausted()) {
        fail(GuestErrors.of(e));
      } else {
        onFailure.accept(GuestErrors.of(e));
      }
    } catch (IllegalStateException e) {
      if (!closing) {
        onFailure.accept(new ScriptException(what + " failed: " + e.getMessage(), null, e));
      }
    } finally {
      watchdog.disarm(entry);
      depth--;
    }
    Duration overran = watchdog.overran(entry);
    if (overran != null) {
      log.error(what + " ran longer than " + seconds(overran) + " and was interrupted", null);
    }
    finishWhenIdle();
    return true;
  }

  /**
   * Watches a call of one of the script's functions that the entry which brought it did not
   * answer: still unanswered at its timeout, the entry running then is interrupted if it has held
   * the thread for half that time ({@link Watchdog#overdue}), as an entry past its own budget is.
   */
  void watchCall(Duration timeout, CompletableFuture<?> result) {
    Watchdog w = watchdog;
    if (result.isDone() || w == null) {
      return;
    }
    try {
      // The interrupt may wait: on the watchdog's thread, not the timer's.
      Deadlines.Deadline watch = shared.deadlines().after(timeout, () -> shared.watchdog().execute(() -> {
        if (!result.isDone()) {
          w.overdue(timeout);
        }
      }));
      callWatches.add(watch);
      result.whenComplete((v, e) -> {
        watch.cancel();
        callWatches.remove(watch);
      });
      if (closing) {
        watch.cancel(); // stopped meanwhile
        callWatches.remove(watch);
      }
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the runtime closed: its contexts close with it
    }
  }

  /** What a failed callback does: log it; the script goes on. */
  void logFailure(String what, ScriptException e) {
    log.error(what + " failed: " + e.getMessage(), e.traceback().orElse(null));
  }

  void runForever() {
    mode = Mode.FOREVER;
  }

  void runUntilComplete() {
    mode = Mode.UNTIL_COMPLETE;
  }

  /** The main function given to {@code runForever}/{@code runUntilComplete} returned. */
  void mainReturned() {
    markLoaded();
    if (mode == Mode.UNTIL_COMPLETE) {
      finish();
    }
  }

  /** The main function failed: the script did not load. */
  void mainFailed(String reason, String traceback) {
    fail(new ScriptException(reason, traceback));
  }

  int setTimer(Value callback, Duration delay, boolean repeat) {
    int id = ++lastTimerId;
    schedule(id, callback, delay, repeat);
    return id;
  }

  void clearTimer(int id) {
    ScheduledFuture<?> timer = timers.remove(id);
    if (timer != null) {
      timer.cancel(false);
    }
  }

  // ---- the lifecycle, on the loop ----

  private void load() {
    if (closing) {
      return;
    }
    long started = System.nanoTime();
    try {
      SharedJs.Spare spare = console == null ? shared.takeSpare(environment.engine(), environment.directory()) : null;
      if (spare != null) {
        // made ahead, the prelude run: only the script's own files are left to run
        // built before this script was known: its relative paths resolve in the script's folder from now on
        spare.files().setCurrentWorkingDirectory(environment.directory().toAbsolutePath());
        spare.out().pointTo(out);
        spare.err().pointTo(err);
        spare.host().bind(this, environment.api());
        host = spare.host();
        context = spare.context();
      } else {
        context = shared.newContext(environment.engine(), environment.directory(), out, err);
      }
      if (closing) {
        closeContext();
        return;
      }
      watchdog = new Watchdog(shared.watchdog(), context);
      if (spare == null) {
        Value iterm2 = context.eval(shared.prelude()).execute(host);
        shared.exportsOf(iterm2);
      }
      log.info("JavaScript context ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
          + (spare != null ? " (made ahead)" : ""));
      if (console != null) {
        runForever();
        markLoaded();
        return;
      }
      main = source(environment.mainFile());
    } catch (PolyglotException e) {
      fail(GuestErrors.of(e));
      return;
    } catch (IOException | RuntimeException e) {
      fail(new ScriptException("cannot load " + environment.mainFile() + ": " + e, null, e));
      return;
    }
    enter("loading " + environment.mainFile().getFileName(), LOAD_BUDGET, () -> {
      context.eval(main);
      if (mode == Mode.PLAIN) {
        markLoaded();
      }
    }, this::fail);
  }

  private Source source(Path file) throws IOException {
    boolean module = file.getFileName().toString().endsWith(".mjs")
        || MODULE_SYNTAX.matcher(Files.readString(file)).find();
    Path relative = environment.directory().toAbsolutePath().relativize(file.toAbsolutePath());
    return Source.newBuilder("js", file.toFile())
        .name(environment.mainFile().equals(environment.directory()) ? file.getFileName().toString() : relative.toString())
        .mimeType(module ? "application/javascript+module" : "application/javascript")
        .build();
  }

  private void schedule(int id, Value callback, Duration delay, boolean repeat) {
    timers.put(id, loop.schedule(() -> {
      if (repeat) {
        schedule(id, callback, delay.isZero() ? Duration.ofMillis(1) : delay, true);
      } else {
        timers.remove(id);
      }
      enter("a timer", CALLBACK_BUDGET, () -> callback.executeVoid(), e -> logFailure("a timer callback", e));
    }, delay));
  }

  private void markLoaded() {
    if (loaded.complete(null)) {
      log.info("loaded");
    }
  }

  private void finishWhenIdle() {
    if (mode == Mode.PLAIN && loaded.isDone() && !completion.isDone() && !closing
        && timers.isEmpty() && !host.keepsAlive()) {
      log.info("finished: nothing is left to run");
      finish();
    }
  }

  private void exited(int status) {
    if (status == 0) {
      loaded.complete(null);
      finish();
    } else {
      fail(new ScriptException("the script exited with status " + status, null));
    }
  }

  private void finish() {
    loaded.complete(null);
    completion.complete(null);
    closeLater();
  }

  private void fail(ScriptException e) {
    if (completion.isDone()) {
      return;
    }
    log.error((loaded.isDone() ? "crashed: " : "failed while loading: ") + e.getMessage(), e.traceback().orElse(null));
    loaded.completeExceptionally(e);
    completion.completeExceptionally(e);
    closeLater();
  }

  private void closeLater() {
    closing = true;
    loop.execute(this::closeContext);
  }

  private void closeContext() {
    closing = true;
    timers.values().forEach(t -> t.cancel(false));
    timers.clear();
    if (watchdog != null) {
      watchdog.close();
    }
    Context c = context;
    context = null;
    if (c != null) {
      try {
        c.close();
      } catch (PolyglotException | IllegalStateException e) {
        c.close(true);
      }
    }
    out.close();
    err.close();
  }

  private void cancelContext() {
    Context c = context;
    context = null;
    if (c != null) {
      try {
        c.close(true);
      } catch (RuntimeException e) {
        log.error("the script did not stop cleanly: " + e, null);
      }
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? "its " + d.toSeconds() + " s" : "its " + d.toMillis() + " ms";
  }
}
