package org.polybridge.internal.expr;

import java.util.regex.Pattern;

/** Checks and rendering rules shared by the node records. */
final class Nodes {
  /** Binding strength of nodes that are not binary operators; see {@link BinaryOperator}. */
  static final int CONDITIONAL = 1;

  static final int UNARY = 8;
  static final int POSTFIX = 9;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*");

  private Nodes() {}

  static int requireColumn(int column) {
    if (column < 1) {
      throw new IllegalArgumentException("column : " + column + " (expected: >= 1)");
    }
    return column;
  }

  static String requireIdentifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name : '" + name + "' (expected: [A-Za-z_][A-Za-z0-9_-]*)");
    }
    return name;
  }

  /** Call and path names; a bare keyword would read back as a literal, so it is refused. */
  static String requireDottedName(String name) {
    if (!DOTTED.matcher(name).matches() || isKeyword(name)) {
      throw new IllegalArgumentException(
          "name : '" + name + "' (expected: identifiers joined by '.', not true/false/null)");
    }
    return name;
  }

  static boolean isKeyword(String word) {
    return word.equals("true") || word.equals("false") || word.equals("null");
  }

  static int precedence(Expression node) {
    return switch (node) {
      case Sequence ignored -> 0;
      case Conditional ignored -> CONDITIONAL;
      case Binary binary -> binary.op().precedence();
      case Unary ignored -> UNARY;
      default -> POSTFIX;
    };
  }

  /** The node's source, parenthesised when it binds more loosely than its position requires. */
  static String operand(Expression node, int minimumPrecedence) {
    return precedence(node) >= minimumPrecedence ? node.source() : "(" + node.source() + ")";
  }

  /** Escapes text for a double-quoted string; {@code \(} stays literal because '\' is escaped. */
  static void appendEscaped(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
