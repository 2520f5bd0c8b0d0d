package org.polybridge.script;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An interactive session of a guest language ({@code polybridge repl}): a script without a main
 * file, whose code is what its user types, one input at a time. It runs as an AutoLaunch script
 * does (its own event loop, its own connection to the host, the same {@code iterm2} module), so a
 * function it registers serves callers while it runs and goes when it stops. What it prints goes to
 * its {@link Output}, not only to a log.
 *
 * <pre>{@code
 * Repl repl = runtime.startRepl(environment, (text, error) -> System.out.print(text));
 * repl.evaluate("def f(x):").join();           // Outcome[status=MORE, …]: a block goes on
 * repl.evaluate("def f(x):\n  return x\n").join();  // DONE
 * repl.evaluate("f(2)").join();                // DONE, and "2\n" printed
 * repl.stop();                                 // its registrations go with its connection
 * }</pre>
 *
 * <p>{@link #completion()} completes when the session ends: stopped, or ended by its user
 * ({@code exit()}).
 */
public interface Repl extends Script {
  /** Where a session's output goes: what it prints, values it echoes, errors of its callbacks. */
  @FunctionalInterface
  interface Output {
    /** {@code text} as printed (newlines included); {@code error} for standard error. Called on the session's thread. */
    void print(String text, boolean error);
  }

  /**
   * What became of one input.
   *
   * @param status what happened
   * @param error the guest's traceback (or syntax error) when {@link Status#FAILED}, else {@code null}
   */
  record Outcome(Status status, String error) {
    /** What became of an input. */
    public enum Status {
      /** Ran (expression values were echoed to the output). */
      DONE,
      /** Not a whole input yet (an open block, bracket or string): send it again with the next line. */
      MORE,
      /** Failed: a syntax error, or an exception (with its traceback), or interrupted. */
      FAILED,
      /** The user ended the session ({@code exit()}); {@link Repl#completion()} completes. */
      EXIT
    }

    public Outcome {
      Objects.requireNonNull(status, "status == null");
    }

    public static Outcome done() {
      return new Outcome(Status.DONE, null);
    }

    public static Outcome more() {
      return new Outcome(Status.MORE, null);
    }

    public static Outcome exit() {
      return new Outcome(Status.EXIT, null);
    }

    public static Outcome failed(String error) {
      return new Outcome(Status.FAILED, error);
    }
  }

  /**
   * Evaluates {@code input}: all lines typed since the last outcome other than {@link
   * Outcome.Status#MORE}, joined with {@code "\n"}. Top-level {@code await} works; the outcome comes
   * when what was awaited is done. Inputs are evaluated in order, one at a time.
   */
  CompletableFuture<Outcome> evaluate(String input);

  /**
   * Cancels the evaluation under way, as Ctrl-C does in a REPL: awaiting code is cancelled, code
   * that computes is interrupted; its outcome is {@link Outcome.Status#FAILED}. The session goes on.
   */
  void interrupt();
}
