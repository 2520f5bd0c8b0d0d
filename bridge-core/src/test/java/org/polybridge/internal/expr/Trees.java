package org.polybridge.internal.expr;

import java.util.Arrays;
import java.util.List;

/**
 * Builds expected trees tersely, every node at column 1, and erases the columns of parsed trees so
 * that the two compare equal when only the shape matters.
 */
final class Trees {
  private Trees() {}

  static Expression erased(Expression node) {
    return switch (node) {
      case Sequence s -> new Sequence(s.steps().stream().map(Trees::erased).toList(), 1);
      case Call c ->
          new Call(
              c.name(),
              c.arguments().stream()
                  .map(a -> new Argument(a.name(), erased(a.value()), 1))
                  .toList(),
              1);
      case Path p -> new Path(p.name(), p.optional(), 1);
      case Subscript s -> new Subscript(erased(s.target()), erased(s.index()), 1);
      case Literal l -> new Literal(l.value(), 1);
      case ArrayLiteral a -> new ArrayLiteral(a.elements().stream().map(Trees::erased).toList(), 1);
      case InterpolatedString i ->
          new InterpolatedString(i.parts().stream().map(Trees::erased).toList(), 1);
      case Unary u -> new Unary(u.op(), erased(u.operand()), 1);
      case Binary b -> new Binary(b.op(), erased(b.left()), erased(b.right()), 1);
      case Conditional c ->
          new Conditional(erased(c.condition()), erased(c.ifTrue()), erased(c.ifFalse()), 1);
    };
  }

  static Expression parsedShape(String source) {
    return erased(InvocationParser.parse(source));
  }

  static Literal lit(Object value) {
    return new Literal(value, 1);
  }

  static Path path(String name) {
    return new Path(name, false, 1);
  }

  static Path optional(String name) {
    return new Path(name, true, 1);
  }

  static Call call(String name, Argument... arguments) {
    return new Call(name, List.of(arguments), 1);
  }

  static Argument arg(String name, Expression value) {
    return new Argument(name, value, 1);
  }

  static Subscript at(Expression target, Expression index) {
    return new Subscript(target, index, 1);
  }

  static ArrayLiteral array(Expression... elements) {
    return new ArrayLiteral(List.of(elements), 1);
  }

  static InterpolatedString interpolated(Expression... parts) {
    return new InterpolatedString(List.of(parts), 1);
  }

  static Sequence sequence(Expression... steps) {
    return new Sequence(Arrays.asList(steps), 1);
  }

  static Unary negate(Expression operand) {
    return new Unary(UnaryOperator.NEGATE, operand, 1);
  }

  static Unary not(Expression operand) {
    return new Unary(UnaryOperator.NOT, operand, 1);
  }

  static Binary binary(BinaryOperator op, Expression left, Expression right) {
    return new Binary(op, left, right, 1);
  }

  static Conditional conditional(Expression condition, Expression ifTrue, Expression ifFalse) {
    return new Conditional(condition, ifTrue, ifFalse, 1);
  }
}
