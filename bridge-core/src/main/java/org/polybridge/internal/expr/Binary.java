package org.polybridge.internal.expr;

import java.util.Objects;

/** {@code left op right}; {@code column} is the operator's, where an error in applying it is reported. */
public record Binary(BinaryOperator op, Expression left, Expression right, int column)
    implements Expression {
  public Binary {
    Objects.requireNonNull(op, "op == null");
    Objects.requireNonNull(left, "left == null");
    Objects.requireNonNull(right, "right == null");
    Nodes.requireColumn(column);
  }

  /** Spaces around the operator are required, not cosmetic: {@code a-b} is one identifier. */
  @Override
  public String source() {
    return Nodes.operand(left, op.precedence())
        + " "
        + op.symbol()
        + " "
        + Nodes.operand(right, op.precedence() + 1);
  }
}
