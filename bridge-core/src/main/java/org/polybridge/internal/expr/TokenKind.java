package org.polybridge.internal.expr;

/** Token kinds; a string body is not a token but read by the {@link StringLexer}. */
enum TokenKind {
  /** A dotted name: identifier, path or keyword (the parser tells them apart). */
  WORD(null, false),
  NUMBER(null, false),
  /** The opening quote of a string. */
  QUOTE(null, false),
  LPAREN(null, false),
  RPAREN(null, true),
  LBRACKET(null, true),
  RBRACKET(null, true),
  COMMA(null, true),
  COLON(null, true),
  SEMICOLON(null, true),
  QUESTION(null, true),
  BANG(null, false),
  PLUS(BinaryOperator.ADD, true),
  MINUS(BinaryOperator.SUBTRACT, true),
  STAR(BinaryOperator.MULTIPLY, true),
  SLASH(BinaryOperator.DIVIDE, true),
  EQUAL(BinaryOperator.EQUAL, true),
  NOT_EQUAL(BinaryOperator.NOT_EQUAL, true),
  LESS(BinaryOperator.LESS, true),
  LESS_OR_EQUAL(BinaryOperator.LESS_OR_EQUAL, true),
  GREATER(BinaryOperator.GREATER, true),
  GREATER_OR_EQUAL(BinaryOperator.GREATER_OR_EQUAL, true),
  AND(BinaryOperator.AND, true),
  OR(BinaryOperator.OR, true),
  END(null, true);

  private final BinaryOperator binaryOperator;
  private final boolean marksOptionalSuffix;

  TokenKind(BinaryOperator binaryOperator, boolean marksOptionalSuffix) {
    this.binaryOperator = binaryOperator;
    this.marksOptionalSuffix = marksOptionalSuffix;
  }

  /** The operator this token stands for between two operands, or null. */
  BinaryOperator binaryOperator() {
    return binaryOperator;
  }

  /**
   * Whether this token, following a {@code ?} written directly after a path, makes that {@code ?}
   * the optional suffix rather than a ternary: see {@link InvocationParser}.
   */
  boolean marksOptionalSuffix() {
    return marksOptionalSuffix;
  }
}
