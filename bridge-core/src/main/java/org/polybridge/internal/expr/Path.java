package org.polybridge.internal.expr;

/**
 * A variable reference such as {@code id}, {@code tab.title} or {@code user.foo}; an optional path
 * ({@code user.foo?}) evaluates to null when the variable is unset instead of failing.
 */
public record Path(String name, boolean optional, int column) implements Expression {
  public Path {
    Nodes.requireDottedName(name);
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return optional ? name + "?" : name;
  }
}
