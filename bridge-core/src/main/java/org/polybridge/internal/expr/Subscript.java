package org.polybridge.internal.expr;

import java.util.Objects;

/**
 * {@code target[index]}, e.g. {@code user.list?[0]}; {@code column} is the {@code [}'s, where an
 * error in applying it is reported (in {@code a[0][9]}, the second subscript's is its own).
 */
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
