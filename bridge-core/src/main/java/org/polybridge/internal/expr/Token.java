package org.polybridge.internal.expr;

/** A token spanning the 0-based half-open range [start, end) of the input. */
record Token(TokenKind kind, int start, int end, String text) {
  int column() {
    return start + 1;
  }

  /** How an error message names this token after "found". */
  String describe() {
    return switch (kind) {
      case END -> "end of input";
      default -> "'" + text + "'";
    };
  }
}
