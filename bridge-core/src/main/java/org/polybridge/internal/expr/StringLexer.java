package org.polybridge.internal.expr;

/**
 * Reads the body of a double-quoted string: JSON escapes, and stops at each {@code \(} so that the
 * parser can read the embedded expression with the ordinary {@link Lexer}.
 */
final class StringLexer {
  private final Cursor cursor;

  StringLexer(Cursor cursor) {
    this.cursor = cursor;
  }

  /**
   * Decodes text from the cursor up to the closing quote or the next {@code \(}, and leaves the
   * cursor on it. {@code quoteStart} is where the string opened, for the unterminated-string error.
   */
  String text(int quoteStart) {
    StringBuilder out = new StringBuilder();
    int i = cursor.position();
    while (true) {
      int c = cursor.charAt(i);
      if (c == Cursor.END) {
        throw cursor.failAt("unterminated string starting", quoteStart);
      }
      if (c == '"' || (c == '\\' && cursor.charAt(i + 1) == '(')) {
        break;
      }
      if (c < 0x20) {
        throw cursor.failAt(
            "unescaped control character " + cursor.describeCharAt(i) + " in string", i);
      }
      if (c == '\\') {
        i = escape(i, out, quoteStart);
      } else {
        out.append((char) c);
        i++;
      }
    }
    cursor.moveTo(i);
    return out.toString();
  }

  /** Whether the cursor stands on {@code \(}; otherwise it stands on the closing quote. */
  boolean atInterpolation() {
    return cursor.charAt(cursor.position()) == '\\';
  }

  /** Decodes the escape at {@code backslash} and returns the index after it. */
  private int escape(int backslash, StringBuilder out, int quoteStart) {
    int c = cursor.charAt(backslash + 1);
    switch (c) {
      case Cursor.END -> throw cursor.failAt("unterminated string starting", quoteStart);
      case '"', '\\', '/' -> out.append((char) c);
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        return unicode(backslash, out);
      }
      default -> {
        String shown = c < 0x20 ? cursor.describeCharAt(backslash + 1) : "'\\" + (char) c + "'";
        throw cursor.failAt("unknown escape " + shown + " in string", backslash);
      }
    }
    return backslash + 2;
  }

  /** {@code \}{@code uXXXX}; a surrogate must come as a high-low pair of such escapes. */
  private int unicode(int backslash, StringBuilder out) {
    char unit = hex(backslash);
    if (Character.isLowSurrogate(unit)) {
      throw failOnUnpairedSurrogate(unit, backslash);
    }
    if (!Character.isHighSurrogate(unit)) {
      out.append(unit);
      return backslash + 6;
    }
    int next = backslash + 6;
    if (cursor.charAt(next) != '\\' || cursor.charAt(next + 1) != 'u') {
      throw failOnUnpairedSurrogate(unit, backslash);
    }
    char low = hex(next);
    if (!Character.isLowSurrogate(low)) {
      throw failOnUnpairedSurrogate(unit, backslash);
    }
    out.append(unit).append(low);
    return next + 6;
  }

  private char hex(int backslash) {
    int value = 0;
    for (int i = backslash + 2; i < backslash + 6; i++) {
      int digit = Character.digit(cursor.charAt(i), 16);
      if (cursor.charAt(i) == Cursor.END || cursor.charAt(i) > 'f' || digit < 0) {
        throw cursor.failAt("expected 4 hex digits after '\\u'", backslash);
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private RuntimeException failOnUnpairedSurrogate(char unit, int backslash) {
    return cursor.failAt(
        String.format("unpaired surrogate '\\u%04X' in string", (int) unit), backslash);
  }
}
