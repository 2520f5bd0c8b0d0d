package org.polybridge.internal.expr;

/** Infix operators, all left-associative; a higher precedence binds tighter. */
public enum BinaryOperator {
  OR("||", 2),
  AND("&&", 3),
  EQUAL("==", 4),
  NOT_EQUAL("!=", 4),
  LESS("<", 5),
  LESS_OR_EQUAL("<=", 5),
  GREATER(">", 5),
  GREATER_OR_EQUAL(">=", 5),
  ADD("+", 6),
  SUBTRACT("-", 6),
  MULTIPLY("*", 7),
  DIVIDE("/", 7);

  static final int LOWEST = 2;

  private final String symbol;
  private final int precedence;

  BinaryOperator(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }
}
