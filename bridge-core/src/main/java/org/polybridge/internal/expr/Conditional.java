package org.polybridge.internal.expr;

import java.util.Objects;

/** {@code condition ? ifTrue : ifFalse}, right-associative. */
public record Conditional(Expression condition, Expression ifTrue, Expression ifFalse, int column)
    implements Expression {
  public Conditional {
    Objects.requireNonNull(condition, "condition == null");
    Objects.requireNonNull(ifTrue, "ifTrue == null");
    Objects.requireNonNull(ifFalse, "ifFalse == null");
    Nodes.requireColumn(column);
  }

  /** The space before '?' matters: directly after a path, '?' could read as the optional suffix. */
  @Override
  public String source() {
    return Nodes.operand(condition, BinaryOperator.LOWEST)
        + " ? "
        + ifTrue.source()
        + " : "
        + Nodes.operand(ifFalse, Nodes.CONDITIONAL);
  }
}
