package org.polybridge.internal.expr;

import java.util.List;

/**
 * A string with embedded expressions, {@code "a \(x) b"}. Parts are text ({@link Literal}s holding
 * a {@link String}) and expressions, concatenated in order.
 *
 * <p>A string literal inside {@code \( )} is indistinguishable from text once parsed, so the parser
 * folds it into the surrounding text: it never yields two adjacent text parts, an empty text part,
 * or an interpolated string made of text only (that is a plain {@link Literal}).
 */
public record InterpolatedString(List<Expression> parts, int column) implements Expression {
  public InterpolatedString {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts is empty (expected: at least one part)");
    }
    Nodes.requireColumn(column);
  }

  static boolean isText(Expression part) {
    return part instanceof Literal literal && literal.value() instanceof String;
  }

  @Override
  public String source() {
    StringBuilder out = new StringBuilder().append('"');
    for (Expression part : parts) {
      if (isText(part)) {
        Nodes.appendEscaped(out, (String) ((Literal) part).value());
      } else {
        out.append("\\(").append(part.source()).append(')');
      }
    }
    return out.append('"').toString();
  }
}
