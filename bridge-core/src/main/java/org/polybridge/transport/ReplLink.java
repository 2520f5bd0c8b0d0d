package org.polybridge.transport;

import java.util.concurrent.CompletableFuture;
import org.polybridge.script.Repl;

/**
 * A REPL in a host's script runtimes, over polybridge's {@code repl.polybridge.org} extension of the
 * wire (docs/PROTOCOL.md): what {@code polybridge repl} uses. The REPL runs in the host as one of its
 * scripts (for Python, in the scripts' shared context), with the same {@code iterm2} module; it ends
 * when the connection does, and its registrations with it.
 *
 * <pre>{@code
 * ReplLink repl = Connections.openRepl(address, credentials, "my-console", (text, error) -> System.out.print(text)).join();
 * repl.hello("Python", "/home/me").join();            // once it takes input
 * Repl.Outcome o = repl.evaluate("1 + 1").join();      // DONE; "2\n" printed
 * repl.close();
 * }</pre>
 *
 * <p>Methods may be called from any thread and do not block. The output listener runs on the
 * connection's reader thread, before the outcome of the input that printed completes.
 */
public interface ReplLink extends AutoCloseable {
  /**
   * Opens the REPL of {@code language} ({@code "Python"}, {@code "JavaScript"}) with imports looking
   * in {@code cwd} first ({@code null}: the host's choice); completes when it takes input, or fails
   * with the host's reason (no such language, it could not start). Call it first, once.
   */
  CompletableFuture<Void> hello(String language, String cwd);

  /** Evaluates one input ({@link Repl#evaluate}); fails when the REPL ends first. */
  CompletableFuture<Repl.Outcome> evaluate(String input);

  /** Interrupts the evaluation under way (Ctrl-C). */
  void interrupt();

  /** Completes, with the host's reason when it gave one ({@code exit()}, the host closing), when the connection has ended. */
  CompletableFuture<String> ended();

  /** Closes the connection: the REPL stops. Idempotent. */
  @Override
  void close();
}
