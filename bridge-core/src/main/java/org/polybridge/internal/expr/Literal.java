package org.polybridge.internal.expr;

/**
 * A constant: {@code null}, a {@link Boolean}, a {@link Long}, a finite {@link Double} or a {@link
 * String}. The parser never produces negative numbers ({@code -3} is a {@link Unary}), so a
 * negative literal's source reads back as a negation.
 */
public record Literal(Object value, int column) implements Expression {
  public Literal {
    boolean allowed =
        switch (value) {
          case null -> true;
          case Boolean ignored -> true;
          case Long ignored -> true;
          case String ignored -> true;
          case Double number -> Double.isFinite(number);
          default -> false;
        };
    if (!allowed) {
      throw new IllegalArgumentException(
          "value : " + value + " (expected: null, Boolean, Long, finite Double or String)");
    }
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    if (value instanceof String text) {
      StringBuilder out = new StringBuilder(text.length() + 2).append('"');
      Nodes.appendEscaped(out, text);
      return out.append('"').toString();
    }
    return String.valueOf(value);
  }
}
