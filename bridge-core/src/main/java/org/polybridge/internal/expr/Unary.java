package org.polybridge.internal.expr;

import java.util.Objects;

/** {@code -x} or {@code !x}. */
public record Unary(UnaryOperator op, Expression operand, int column) implements Expression {
  public Unary {
    Objects.requireNonNull(op, "op == null");
    Objects.requireNonNull(operand, "operand == null");
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return op.symbol() + Nodes.operand(operand, Nodes.UNARY);
  }
}
