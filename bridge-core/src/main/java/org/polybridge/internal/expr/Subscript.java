package org.polybridge.internal.expr;

import java.util.Objects;

/** {@code target[index]}, e.g. {@code user.list?[0]}. */
public record Subscript(Expression target, Expression index, int column) implements Expression {
  public Subscript {
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(index, "index == null");
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return Nodes.operand(target, Nodes.POSTFIX) + "[" + index.source() + "]";
  }
}
