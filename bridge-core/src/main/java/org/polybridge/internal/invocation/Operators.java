package org.polybridge.internal.invocation;

import java.util.List;
import java.util.Objects;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.internal.expr.BinaryOperator;
import org.polybridge.internal.expr.UnaryOperator;
import org.polybridge.json.Json;
import org.polybridge.internal.protocol.ApiServer;

/**
 * The operators of the invocation language over JSON values. Integers stay integers while they
 * fit ({@code 1 + 2} is {@code 3}, not {@code 3.0}); {@code +} also joins two strings; comparison
 * works on numbers and on strings; a type mismatch is an error that names the operator, the
 * values and the column.
 */
final class Operators {
  private Operators() {}

  static Object unary(UnaryOperator op, Object value, int column) {
    return switch (op) {
      case NEGATE -> value instanceof Long l && l != Long.MIN_VALUE ? (Object) (-l) : (Object) (-number(value, "-", column));
      case NOT -> !truth(value, "operand of '!'", column);
    };
  }

  static Object binary(BinaryOperator op, Object left, Object right, int column) {
    return switch (op) {
      case ADD -> left instanceof String a && right instanceof String b ? join(a, b, column) : arithmetic(op, left, right, column);
      case SUBTRACT, MULTIPLY, DIVIDE -> arithmetic(op, left, right, column);
      case EQUAL -> same(left, right);
      case NOT_EQUAL -> !same(left, right);
      case LESS -> compare(op, left, right, column) < 0;
      case LESS_OR_EQUAL -> compare(op, left, right, column) <= 0;
      case GREATER -> compare(op, left, right, column) > 0;
      case GREATER_OR_EQUAL -> compare(op, left, right, column) >= 0;
      case AND, OR -> throw new IllegalStateException("short-circuit operators are evaluated by the evaluator");
    };
  }

  static boolean truth(Object value, String what, int column) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw mismatch("expected a boolean for the " + what + ", got " + describe(value), column);
  }

  static Object subscript(Object target, Object index, int column) {
    if (!(target instanceof List<?> list)) {
      throw mismatch("only arrays can be indexed, got " + describe(target), column);
    }
    if (!(index instanceof Long i)) {
      throw mismatch("an array index must be an integer, got " + describe(index), column);
    }
    if (i < 0 || i >= list.size()) {
      throw mismatch("index " + i + " is out of bounds for an array of length " + list.size(), column);
    }
    return list.get(i.intValue());
  }

  /** Two strings joined, unless the result would be longer than any answer may carry: refused before it is built. */
  private static String join(String a, String b, int column) {
    long length = (long) a.length() + b.length();
    if (length > ApiServer.MAX_ANSWER_LENGTH) {
      throw mismatch("the result of '+' would be " + length + " characters (expected: at most "
          + ApiServer.MAX_ANSWER_LENGTH + ", 16 MiB)", column);
    }
    return a.concat(b);
  }

  private static Object arithmetic(BinaryOperator op, Object left, Object right, int column) {
    if (left instanceof Long a && right instanceof Long b) {
      try {
        return switch (op) {
          case ADD -> Math.addExact(a, b);
          case SUBTRACT -> Math.subtractExact(a, b);
          case MULTIPLY -> Math.multiplyExact(a, b);
          default -> divide(a, b, column);
        };
      } catch (ArithmeticException overflow) {
        // falls through to floating point, as JSON numbers would
      }
    }
    double a = number(left, op.symbol(), column);
    double b = number(right, op.symbol(), column);
    double result = switch (op) {
      case ADD -> a + b;
      case SUBTRACT -> a - b;
      case MULTIPLY -> a * b;
      default -> {
        if (b == 0) {
          throw mismatch("division by zero", column);
        }
        yield a / b;
      }
    };
    if (Double.isNaN(result) || Double.isInfinite(result)) {
      throw mismatch("the result of '" + op.symbol() + "' is not a finite number", column);
    }
    return result;
  }

  private static Object divide(long a, long b, int column) {
    if (b == 0) {
      throw mismatch("division by zero", column);
    }
    // divideExact: the smallest long divided by -1 does not fit, and falls through to floating point
    return a % b == 0 ? (Object) Math.divideExact(a, b) : (Object) ((double) a / b);
  }

  private static double number(Object value, String operator, int column) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw mismatch("'" + operator + "' needs numbers, got " + describe(value), column);
  }

  private static int compare(BinaryOperator op, Object left, Object right, int column) {
    if (left instanceof Number a && right instanceof Number b) {
      return compareNumbers(a, b);
    }
    if (left instanceof String a && right instanceof String b) {
      return a.compareTo(b);
    }
    throw mismatch("'" + op.symbol() + "' compares two numbers or two strings, got "
        + describe(left) + " and " + describe(right), column);
  }

  private static boolean same(Object left, Object right) {
    if (left instanceof Number a && right instanceof Number b) {
      return compareNumbers(a, b) == 0;
    }
    return Objects.equals(left, right);
  }

  /**
   * Compares by value, exactly: two integers as integers, an integer and a double by their exact
   * decimal values. As doubles, integers past 2^53 would compare equal to their neighbours
   * ({@code 9007199254740993 == 9007199254740992}).
   */
  private static int compareNumbers(Number a, Number b) {
    boolean integerA = isInteger(a);
    boolean integerB = isInteger(b);
    if (integerA && integerB) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (!integerA && !integerB || !Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return x < y ? -1 : x > y ? 1 : 0; // not Double.compare, which puts -0.0 below 0.0
    }
    return decimal(a).compareTo(decimal(b));
  }

  private static boolean isInteger(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  private static java.math.BigDecimal decimal(Number n) {
    return isInteger(n) ? java.math.BigDecimal.valueOf(n.longValue()) : new java.math.BigDecimal(n.doubleValue());
  }

  private static String describe(Object value) {
    String kind = switch (value) {
      case null -> "null";
      case String s -> "string";
      case Boolean b -> "boolean";
      case Number n -> "number";
      case List<?> l -> "array";
      default -> "object";
    };
    return value == null ? kind : kind + " " + Json.preview(value, 40);
  }

  private static InvocationException mismatch(String message, int column) {
    return new InvocationException(Status.FAILED, message + " at column " + column);
  }
}
