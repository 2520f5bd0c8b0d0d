package org.polybridge.internal.expr;

import java.util.List;
import java.util.stream.Collectors;

/** {@code [a, "b", f()]}. */
public record ArrayLiteral(List<Expression> elements, int column) implements Expression {
  public ArrayLiteral {
    elements = List.copyOf(elements);
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return elements.stream().map(Expression::source).collect(Collectors.joining(", ", "[", "]"));
  }
}
