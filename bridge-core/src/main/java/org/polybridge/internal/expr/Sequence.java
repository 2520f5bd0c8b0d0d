package org.polybridge.internal.expr;

import java.util.List;
import java.util.stream.Collectors;

/** Top-level steps separated by {@code ;}, run in order: {@code f(); g(x: 1)}. */
public record Sequence(List<Expression> steps, int column) implements Expression {
  public Sequence {
    steps = List.copyOf(steps);
    if (steps.size() < 2) {
      throw new IllegalArgumentException("steps : " + steps.size() + " (expected: >= 2)");
    }
    if (steps.stream().anyMatch(step -> step instanceof Sequence)) {
      throw new IllegalArgumentException("steps contain a Sequence (expected: only at top level)");
    }
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return steps.stream().map(Expression::source).collect(Collectors.joining("; "));
  }
}
