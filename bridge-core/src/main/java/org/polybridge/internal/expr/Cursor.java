package org.polybridge.internal.expr;

import org.polybridge.ExpressionSyntaxException;

/**
 * The input and the position reached in it, shared by the {@link Lexer} (tokens) and the {@link
 * StringLexer} (string bodies): interpolation switches between the two mid-string.
 */
final class Cursor {
  /** Returned past the end, so look-ahead needs no bounds checks. */
  static final int END = -1;

  private final String source;
  private int position;

  Cursor(String source) {
    this.source = source;
  }

  int position() {
    return position;
  }

  void moveTo(int index) {
    position = index;
  }

  void advance(int count) {
    position += count;
  }

  int length() {
    return source.length();
  }

  /** The char at {@code index}, or {@link #END} past the end. */
  int charAt(int index) {
    return index < source.length() ? source.charAt(index) : END;
  }

  String text(int start, int end) {
    return source.substring(start, end);
  }

  /** A syntax error at the 0-based {@code index}; the message gains its 1-based column. */
  ExpressionSyntaxException failAt(String message, int index) {
    int column = index + 1;
    return new ExpressionSyntaxException(message + " at column " + column, column);
  }

  /** How an error message shows the char at {@code index}: quoted if printable, else U+XXXX. */
  String describeCharAt(int index) {
    int codePoint = source.codePointAt(index);
    if (Character.isISOControl(codePoint)
        || Character.isWhitespace(codePoint)
        || !Character.isDefined(codePoint)
        || Character.isSurrogate(source.charAt(index))) {
      return String.format("U+%04X", (int) source.charAt(index));
    }
    return "'" + Character.toString(codePoint) + "'";
  }
}
