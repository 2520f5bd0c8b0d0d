package org.polybridge.internal.expr;

import java.util.Objects;

/** One {@code name: value} of a {@link Call}; the name is a plain identifier without dots. */
public record Argument(String name, Expression value, int column) {
  public Argument {
    Nodes.requireIdentifier(name);
    Objects.requireNonNull(value, "value == null");
    Nodes.requireColumn(column);
  }

  public String source() {
    return name + ": " + value.source();
  }
}
