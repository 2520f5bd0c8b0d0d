package org.polybridge.internal.expr;

/**
 * Splits the input into tokens on demand. Lexing is a pure function of the position, so the parser
 * can look two tokens ahead (for the optional {@code ?}) and switch to the {@link StringLexer} at
 * any point without a token buffer going stale.
 */
final class Lexer {
  private final Cursor cursor;
  private Token peeked;
  private int peekedAt = -1;

  Lexer(Cursor cursor) {
    this.cursor = cursor;
  }

  Token peek() {
    if (peeked == null || peekedAt != cursor.position()) {
      peekedAt = cursor.position();
      peeked = lexAt(peekedAt);
    }
    return peeked;
  }

  Token next() {
    Token token = peek();
    cursor.moveTo(token.end());
    return token;
  }

  /** The token after {@code token}, without consuming anything. */
  Token peekAfter(Token token) {
    return lexAt(token.end());
  }

  private Token lexAt(int from) {
    int start = skipWhitespace(from);
    int c = cursor.charAt(start);
    return switch (c) {
      case Cursor.END -> new Token(TokenKind.END, start, start, "");
      case '"' -> token(TokenKind.QUOTE, start, 1);
      case '(' -> token(TokenKind.LPAREN, start, 1);
      case ')' -> token(TokenKind.RPAREN, start, 1);
      case '[' -> token(TokenKind.LBRACKET, start, 1);
      case ']' -> token(TokenKind.RBRACKET, start, 1);
      case ',' -> token(TokenKind.COMMA, start, 1);
      case ':' -> token(TokenKind.COLON, start, 1);
      case ';' -> token(TokenKind.SEMICOLON, start, 1);
      case '?' -> token(TokenKind.QUESTION, start, 1);
      case '+' -> token(TokenKind.PLUS, start, 1);
      case '-' -> token(TokenKind.MINUS, start, 1);
      case '*' -> token(TokenKind.STAR, start, 1);
      case '/' -> token(TokenKind.SLASH, start, 1);
      case '!' ->
          followedBy(start, '=')
              ? token(TokenKind.NOT_EQUAL, start, 2)
              : token(TokenKind.BANG, start, 1);
      case '<' ->
          followedBy(start, '=')
              ? token(TokenKind.LESS_OR_EQUAL, start, 2)
              : token(TokenKind.LESS, start, 1);
      case '>' ->
          followedBy(start, '=')
              ? token(TokenKind.GREATER_OR_EQUAL, start, 2)
              : token(TokenKind.GREATER, start, 1);
      case '=' -> doubled(TokenKind.EQUAL, start);
      case '&' -> doubled(TokenKind.AND, start);
      case '|' -> doubled(TokenKind.OR, start);
      case '.' -> throw failOnDot(start);
      default -> {
        if (isDigit(c)) {
          yield number(start);
        }
        if (isWordStart(c)) {
          yield word(start);
        }
        throw cursor.failAt("unexpected character " + cursor.describeCharAt(start), start);
      }
    };
  }

  private int skipWhitespace(int index) {
    int i = index;
    for (int c = cursor.charAt(i);
        c == ' ' || c == '\t' || c == '\n' || c == '\r';
        c = cursor.charAt(i)) {
      i++;
    }
    return i;
  }

  private Token token(TokenKind kind, int start, int length) {
    return new Token(kind, start, start + length, cursor.text(start, start + length));
  }

  private boolean followedBy(int index, char expected) {
    return cursor.charAt(index + 1) == expected;
  }

  /**
   * {@code ==}, {@code &&} and {@code ||}: a single {@code =}, {@code &} or {@code |} means
   * nothing.
   */
  private Token doubled(TokenKind kind, int start) {
    char c = (char) cursor.charAt(start);
    if (!followedBy(start, c)) {
      throw cursor.failAt("unexpected character '" + c + "' (expected '" + c + c + "')", start);
    }
    return token(kind, start, 2);
  }

  private RuntimeException failOnDot(int index) {
    if (isDigit(cursor.charAt(index + 1))) {
      return cursor.failAt("expected a digit before '.'", index);
    }
    return cursor.failAt("unexpected character '.'", index);
  }

  /** Identifiers joined by '.', written without spaces: {@code iterm2.set_variable}. */
  private Token word(int start) {
    int end = identifierEnd(start);
    while (cursor.charAt(end) == '.') {
      if (!isWordStart(cursor.charAt(end + 1))) {
        throw cursor.failAt("expected an identifier after '.'", end + 1);
      }
      end = identifierEnd(end + 1);
    }
    return new Token(TokenKind.WORD, start, end, cursor.text(start, end));
  }

  private int identifierEnd(int start) {
    int end = start + 1;
    for (int c = cursor.charAt(end);
        isWordStart(c) || isDigit(c) || c == '-';
        c = cursor.charAt(end)) {
      end++;
    }
    return end;
  }

  /** JSON's number syntax without the sign (that is the unary minus), leading zeros allowed. */
  private Token number(int start) {
    int end = digitsEnd(start);
    if (cursor.charAt(end) == '.') {
      if (!isDigit(cursor.charAt(end + 1))) {
        throw cursor.failAt("expected a digit after the decimal point", end + 1);
      }
      end = digitsEnd(end + 1);
    }
    if (cursor.charAt(end) == 'e' || cursor.charAt(end) == 'E') {
      int digits = end + 1;
      if (cursor.charAt(digits) == '+' || cursor.charAt(digits) == '-') {
        digits++;
      }
      if (!isDigit(cursor.charAt(digits))) {
        throw cursor.failAt("expected a digit in the exponent", digits);
      }
      end = digitsEnd(digits);
    }
    if (isWordStart(cursor.charAt(end)) || cursor.charAt(end) == '.') {
      throw cursor.failAt(
          "unexpected character " + cursor.describeCharAt(end) + " after number", end);
    }
    return new Token(TokenKind.NUMBER, start, end, cursor.text(start, end));
  }

  private int digitsEnd(int start) {
    int end = start;
    while (isDigit(cursor.charAt(end))) {
      end++;
    }
    return end;
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isWordStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
}
