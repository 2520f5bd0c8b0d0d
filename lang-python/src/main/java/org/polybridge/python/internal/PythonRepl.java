package org.polybridge.python.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.HostAccess;
import org.polybridge.script.Repl;
import org.polybridge.script.ScriptEnvironment;

/**
 * A Python REPL: a {@link PythonScript} without a main file, in the shared context, whose inputs
 * are evaluated on its thread by {@code iterm2/_repl.py} ({@code evaluate}, {@code interrupt}).
 * Each input is one entry of the script; one that awaits runs on as a task of its loop, and its
 * outcome comes when the task ends, so the loop serves calls of the REPL's functions meanwhile.
 */
public final class PythonRepl implements Repl {
  private final PythonScript script;
  /** The outcome the running input will give; only one input runs at a time. */
  private final AtomicReference<CompletableFuture<Outcome>> running = new AtomicReference<>();
  /** The outcome of the last input given: the next one starts when it is done. */
  private CompletableFuture<?> last;
  /** The last input given, which may not have started yet. */
  private CompletableFuture<Outcome> lastInput;

  private PythonRepl(PythonScript script) {
    this.script = script;
    this.last = script.loaded();
  }

  /** Starts a REPL on {@code env}'s thread in the shared context; returns at once. */
  public static PythonRepl start(SharedPython shared, ScriptEnvironment env, Output output) {
    return new PythonRepl(PythonScript.start(shared, env, output));
  }

  @Override
  public CompletableFuture<Void> completion() {
    return script.completion();
  }

  @Override
  public CompletableFuture<Void> loaded() {
    return script.loaded();
  }

  @Override
  public CompletableFuture<Outcome> evaluate(String input) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    CompletableFuture<?> previous;
    synchronized (this) {
      previous = last;
      last = outcome;
      lastInput = outcome;
    }
    previous.whenComplete((ok, failure) -> {
      if (!script.loaded().isDone() || script.loaded().isCompletedExceptionally()) {
        script.loaded().whenComplete((v, e) -> outcome.completeExceptionally(e != null ? e : new IllegalStateException("the REPL has ended")));
        return;
      }
      script.environment().loop().execute(() -> evaluateNow(input, outcome));
    });
    script.completion().whenComplete((ok, failure) -> outcome.completeExceptionally(
        new IllegalStateException("the REPL has ended")));
    return outcome;
  }

  /** On the REPL's thread: the previous input has answered before this runs, or was interrupted. */
  private void evaluateNow(String input, CompletableFuture<Outcome> outcome) {
    if (outcome.isDone()) {
      return; // interrupted before it ran
    }
    running.set(outcome);
    Reply reply = new Reply(outcome);
    outcome.whenComplete((o, e) -> {
      running.compareAndSet(outcome, null);
      if (o != null && o.status() == Outcome.Status.EXIT) {
        script.stop();
      }
    });
    script.enter(script.context().repl("evaluate"), input, reply);
    if (!outcome.isDone() && !reply.awaiting) {
      outcome.complete(Outcome.failed("KeyboardInterrupt\n")); // the entry was cut short: interrupted
    }
  }

  @Override
  public void interrupt() {
    if (running.get() == null) {
      interruptQueued();
      return;
    }
    script.interruptEntry();
    script.environment().loop().execute(() -> {
      PythonContext context = script.context();
      if (context != null) {
        script.enter(context.repl("interrupt"));
      }
      // A task cut short by the interrupt never answers; one that was awaiting has answered by now.
      CompletableFuture<Outcome> outcome = running.get();
      if (outcome != null) {
        outcome.complete(Outcome.failed("KeyboardInterrupt\n"));
      }
    });
  }

  /** Ctrl-C before the last input has started (the loop was busy): it never runs. */
  private void interruptQueued() {
    CompletableFuture<Outcome> queued;
    synchronized (this) {
      queued = lastInput;
    }
    if (queued != null) {
      queued.complete(Outcome.failed("KeyboardInterrupt\n"));
    }
  }

  @Override
  public void stop() {
    script.stop();
  }

  /** How {@code _repl.evaluate} answers; called on the REPL's thread. */
  public static final class Reply {
    private final CompletableFuture<Outcome> outcome;
    private boolean awaiting;

    Reply(CompletableFuture<Outcome> outcome) {
      this.outcome = outcome;
    }

    /** The input awaits: its outcome comes when its task ends. */
    @HostAccess.Export
    public void awaiting() {
      awaiting = true;
    }

    @HostAccess.Export
    public void more() {
      outcome.complete(Outcome.more());
    }

    @HostAccess.Export
    public void done() {
      outcome.complete(Outcome.done());
    }

    @HostAccess.Export
    public void failed(String error) {
      outcome.complete(Outcome.failed(error));
    }

    @HostAccess.Export
    public void exit() {
      outcome.complete(Outcome.exit());
    }
  }
}
