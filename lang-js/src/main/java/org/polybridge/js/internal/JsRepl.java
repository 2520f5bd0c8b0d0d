package org.polybridge.js.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.polybridge.ScriptException;
import org.polybridge.script.Repl;
import org.polybridge.script.ScriptEnvironment;

/**
 * A JavaScript REPL: a {@link JsScript} without a main file, whose inputs are evaluated in its
 * context on its loop, as Node.js's REPL does: an input goes on while GraalJS finds it incomplete
 * ({@code isIncompleteSource}), a value is echoed ({@code repl.js}'s {@code inspect}), and {@code
 * await} works at top level. GraalJS takes {@code await} only in modules and async functions, so
 * such an input runs as the body of an async arrow function: a single expression has its value
 * echoed (statements, {@code undefined}); in statements, top-level {@code const}, {@code let}, {@code var}, {@code function} and
 * {@code class} at the start of a line become assignments to globals, so later inputs see them.
 */
public final class JsRepl implements Repl {
  /** How long one input may compute before it is interrupted; Ctrl-C stops it sooner. */
  private static final Duration INPUT_BUDGET = Duration.ofHours(1);
  private static final Source GLUE = glue();
  private static final Pattern AWAIT_OUTSIDE_ASYNC = Pattern.compile("await is only valid");
  private static final Pattern DECLARATION = Pattern.compile("(?m)^(?:const|let|var)\\s+(?=[\\p{L}_$\\[])");
  private static final Pattern FUNCTION = Pattern.compile("(?m)^((?:async\\s+)?function\\s*\\*?\\s*|class\\s+)([\\p{L}_$][\\w$]*)");

  private final JsScript script;
  private final Output output;
  private final AtomicReference<CompletableFuture<Outcome>> running = new AtomicReference<>();
  private CompletableFuture<?> last;
  /** The last input given, which may not have started yet. */
  private CompletableFuture<Outcome> lastInput;
  private Value inspect;

  private JsRepl(JsScript script, Output output) {
    this.script = script;
    this.output = output;
    this.last = script.loaded();
  }

  /** Starts a REPL on {@code environment}'s loop in a context of its own; returns at once. */
  public static JsRepl start(SharedJs shared, ScriptEnvironment environment, Output output) {
    return new JsRepl(JsScript.start(shared, environment, output), output);
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
      if (script.loaded().isCompletedExceptionally()) {
        script.loaded().whenComplete((v, e) -> outcome.completeExceptionally(e));
        return;
      }
      script.loop().execute(() -> evaluateNow(input, outcome));
    });
    script.completion().whenComplete((ok, failure) -> outcome.completeExceptionally(new IllegalStateException("the REPL has ended")));
    return outcome;
  }

  @Override
  public void interrupt() {
    CompletableFuture<Outcome> outcome = running.get();
    if (outcome == null) {
      interruptQueued();
      return;
    }
    // What awaits is let go (its promise settles unheard); what computes is interrupted, from
    // another thread than the one running it.
    outcome.complete(Outcome.failed("Interrupted\n"));
    try {
      Thread.ofPlatform().name("polybridge-repl-interrupt").daemon().start(script::interruptNow);
    } catch (RejectedExecutionException e) {
      // stopping
    }
  }

  /** Ctrl-C before the last input has started (the loop was busy): it never runs. */
  private void interruptQueued() {
    CompletableFuture<Outcome> queued;
    synchronized (this) {
      queued = lastInput;
    }
    if (queued != null) {
      queued.complete(Outcome.failed("Interrupted\n"));
    }
  }

  @Override
  public void stop() {
    script.stop();
  }

  /** On the REPL's loop. */
  private void evaluateNow(String input, CompletableFuture<Outcome> outcome) {
    Context context = script.context();
    if (context == null) {
      outcome.completeExceptionally(new IllegalStateException("the REPL has ended"));
      return;
    }
    if (outcome.isDone()) {
      return; // interrupted before it ran
    }
    running.set(outcome);
    outcome.whenComplete((o, e) -> running.compareAndSet(outcome, null));
    if (inspect == null) {
      script.enter("starting the REPL", JsScript.CALLBACK_BUDGET, () -> inspect = context.eval(GLUE).getMember("inspect"),
          failure -> outcome.complete(Outcome.failed(describe(failure))));
      if (inspect == null) {
        outcome.complete(Outcome.failed("the REPL could not start\n"));
        return;
      }
    }
    Source source = Source.newBuilder("js", input, "<repl>").buildLiteral();
    try {
      context.parse(source);
    } catch (PolyglotException e) {
      if (e.isSyntaxError() && e.isIncompleteSource()) {
        outcome.complete(Outcome.more());
      } else if (e.isSyntaxError() && AWAIT_OUTSIDE_ASYNC.matcher(String.valueOf(e.getMessage())).find()) {
        evaluateAsync(context, input, e, outcome);
      } else {
        outcome.complete(Outcome.failed(describe(GuestErrors.of(e))));
      }
      return;
    }
    boolean entered = script.enter("the REPL's input", INPUT_BUDGET, () -> {
      Value value = context.eval(source);
      echo(value, outcome);
      outcome.complete(Outcome.done());
    }, failure -> outcome.complete(Outcome.failed(describe(failure))));
    if (!entered) {
      outcome.completeExceptionally(new IllegalStateException("the REPL has ended"));
    }
  }

  private void evaluateAsync(Context context, String input, PolyglotException original, CompletableFuture<Outcome> outcome) {
    Source expression = Source.newBuilder("js", "(async () => (\n" + input + "\n))()", "<repl>").buildLiteral();
    Source statements = Source.newBuilder("js", "(async () => {\n" + globals(input) + "\n})()", "<repl>").buildLiteral();
    boolean echoes;
    Source chosen;
    if (parses(context, expression)) {
      chosen = expression;
      echoes = true;
    } else if (parses(context, statements)) {
      chosen = statements;
      echoes = false;
    } else {
      outcome.complete(Outcome.failed(describe(GuestErrors.of(original))));
      return;
    }
    boolean entered = script.enter("the REPL's input", INPUT_BUDGET, () -> context.eval(chosen).invokeMember("then",
        (ProxyExecutable) ok -> {
          echo(echoes && ok.length > 0 ? ok[0] : null, outcome);
          outcome.complete(Outcome.done());
          return null;
        },
        (ProxyExecutable) failed -> {
          outcome.complete(Outcome.failed(inspect(failed.length > 0 ? failed[0] : null) + "\n"));
          return null;
        }), failure -> outcome.complete(Outcome.failed(describe(failure))));
    if (!entered) {
      outcome.completeExceptionally(new IllegalStateException("the REPL has ended"));
    }
  }

  private void echo(Value value, CompletableFuture<Outcome> outcome) {
    if (!outcome.isDone()) {
      output.print(inspect(value) + "\n", false);
    }
  }

  /** The text the REPL echoes for {@code value}; inside an entry. */
  private String inspect(Value value) {
    return value == null ? "undefined" : inspect.execute(value).asString();
  }

  /** Top-level declarations at the start of a line as assignments to globals (see the class comment). */
  static String globals(String input) {
    String assigned = DECLARATION.matcher(input).replaceAll("");
    return FUNCTION.matcher(assigned).replaceAll("$2 = $1$2");
  }

  private static boolean parses(Context context, Source source) {
    try {
      context.parse(source);
      return true;
    } catch (PolyglotException e) {
      return false;
    }
  }

  private static String describe(ScriptException e) {
    String traceback = e.traceback().orElse(null);
    return e.getMessage() + "\n" + (traceback == null || traceback.isBlank() ? "" : traceback.stripTrailing() + "\n");
  }

  private static Source glue() {
    try (InputStream in = JsRepl.class.getResourceAsStream("/org/polybridge/js/repl.js")) {
      if (in == null) {
        throw new IllegalStateException("/org/polybridge/js/repl.js is missing from the lang-js jar");
      }
      return Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "repl.js").cached(true).buildLiteral();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
