package org.polybridge;

/**
 * An invocation expression that does not parse. The message names the 1-based column and what was
 * expected there, e.g. {@code expected ':' after argument name 'b' at column 14}.
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
