package org.polybridge;

/**
 * An invocation expression that does not parse. The message names the 1-based column and what was
 * expected there, e.g. {@code expected ':' after argument name 'b' at column 14}.
 *
 * <p>The invocation parser throws it; {@link Bridge#invoke} and the wire answer such an invocation
 * with an {@link InvocationException} of status {@code REQUEST_MALFORMED} that carries the same
 * message, and the user's configuration file reports it as a problem of its line.
 *
 * <pre>{@code
 * try {
 *   bridge.invoke("add(a: 1, b 2)").join();
 * } catch (CompletionException e) {
 *   InvocationException failure = (InvocationException) e.getCause();
 *   failure.status();   // REQUEST_MALFORMED
 *   failure.reason();   // "expected ':' after argument name 'b' at column …"
 * }
 * }</pre>
 */
public final class ExpressionSyntaxException extends BridgeException {
  private static final long serialVersionUID = 1L;

  private final int column;

  public ExpressionSyntaxException(String message, int column) {
    super(message);
    this.column = column;
  }

  /** The 1-based column of the input where parsing failed. */
  public int column() {
    return column;
  }
}
