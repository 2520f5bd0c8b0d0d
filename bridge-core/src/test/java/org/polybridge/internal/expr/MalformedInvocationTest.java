package org.polybridge.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.polybridge.ExpressionSyntaxException;

class MalformedInvocationTest {

  /** Input, the 1-based column of the error, and what the message must say. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        // nothing to parse
        arguments("", 1, "expected an expression"),
        arguments("   \n", 1, "expected an expression"),
        arguments(";", 1, "expected an expression, found ';'"),
        arguments("f();;", 5, "expected an expression after ';', found ';'"),
        // calls
        arguments("f(a: 1, b 2)", 11, "expected ':' after argument name 'b'"),
        arguments("f(a", 4, "expected ':' after argument name 'a'"),
        arguments(
            "f(a: 1",
            7,
            "expected ')' to close the call to 'f' opened at column 1, found end of input"),
        arguments("f(", 3, "expected ')' to close the call to 'f' opened at column 1"),
        arguments("  g.h(a: 1,", 12, "expected ')' to close the call to 'g.h' opened at column 3"),
        arguments("f(a: 1, a: 2)", 9, "duplicate argument 'a' in call to 'f'"),
        arguments("f(a:)", 5, "expected an expression for argument 'a', found ')'"),
        arguments("f(1)", 3, "expected an argument name or ')' in call to 'f', found '1'"),
        arguments("f(a: 1,)", 8, "expected an argument name after ',' in call to 'f', found ')'"),
        arguments(
            "f(a.b: 1)", 3, "argument name 'a.b' in call to 'f' must be an identifier without '.'"),
        arguments(
            "f(a: 1 b: 2)", 8, "expected ',' or ')' after argument 'a' in call to 'f', found 'b'"),
        arguments(
            "\"a \\(f(x: \"b)\"", 15, "expected ')' to close the call to 'f' opened at column 6"),
        // after a complete expression
        arguments("   f(x: 1) g()", 12, "expected ';' or end of input, found 'g'"),
        arguments("a ? b : c d", 11, "expected ';' or end of input, found 'd'"),
        arguments("true(x: 1)", 5, "expected ';' or end of input, found '('"),
        arguments("f())", 4, "unmatched ')'"),
        arguments("a]", 2, "unmatched ']'"),
        // operators
        arguments("1 +", 4, "expected an expression after '+'"),
        arguments("1 * * 2", 5, "expected an expression after '*', found '*'"),
        arguments("!", 2, "expected an expression after '!'"),
        arguments("- )", 3, "expected an expression after '-', found ')'"),
        arguments("a ==", 5, "expected an expression after '=='"),
        arguments("a = b", 3, "unexpected character '=' (expected '==')"),
        arguments("a & b", 3, "unexpected character '&' (expected '&&')"),
        arguments("a | b", 3, "unexpected character '|' (expected '||')"),
        // ternary
        arguments(
            "x ? 1",
            6,
            "expected ':' of the conditional whose '?' is at column 3, found end of input"),
        arguments("x ? : 1", 5, "expected an expression after '?', found ':'"),
        arguments("x ? 1 :", 8, "expected an expression after ':'"),
        arguments("x?[1] : 2", 7, "expected ';' or end of input, found ':'"),
        // characters and words
        arguments("a #", 3, "unexpected character '#'"),
        arguments("f(x: é)", 6, "unexpected character 'é'"),
        arguments("a\u0001", 2, "unexpected character U+0001"),
        arguments("tab.", 5, "expected an identifier after '.'"),
        arguments("tab..title", 5, "expected an identifier after '.'"),
        arguments("a . b", 3, "unexpected character '.'"),
        // numbers
        arguments("1.", 3, "expected a digit after the decimal point"),
        arguments(".5", 1, "expected a digit before '.'"),
        arguments("1e", 3, "expected a digit in the exponent"),
        arguments("2.5E-", 6, "expected a digit in the exponent"),
        arguments("12abc", 3, "unexpected character 'a' after number"),
        arguments("1.2.3", 4, "unexpected character '.' after number"),
        arguments("1e999", 1, "number 1e999 is too large"),
        // arrays, subscripts, parentheses
        arguments("[1 2]", 4, "expected ',' or ']' in array opened at column 1, found '2'"),
        arguments("[1,", 4, "expected an expression after ',' in array"),
        arguments("[1,]", 4, "expected an expression after ',' in array, found ']'"),
        arguments(
            " [1", 4, "expected ']' to close the array opened at column 2, found end of input"),
        arguments("a[0", 4, "expected ']' to close the subscript opened at column 2"),
        arguments("x?[0", 5, "expected ']' to close the subscript opened at column 3"),
        arguments("a[]", 3, "expected an expression inside '[ ]', found ']'"),
        arguments(
            "(1",
            3,
            "expected ')' to close the parenthesis opened at column 1, found end of input"),
        arguments(
            "(1 2)", 4, "expected ')' to close the parenthesis opened at column 1, found '2'"),
        arguments("()", 2, "expected an expression after '(', found ')'"),
        // strings
        arguments("f(s: \"abc", 6, "unterminated string starting"),
        arguments("\"abc\\", 1, "unterminated string starting"),
        arguments("\"a\\qb\"", 3, "unknown escape '\\q' in string"),
        arguments("\"\\u12\"", 2, "expected 4 hex digits after '\\u'"),
        arguments("\"\\u12G4\"", 2, "expected 4 hex digits after '\\u'"),
        arguments("\"\\uD83D\"", 2, "unpaired surrogate '\\uD83D' in string"),
        arguments("\"x\\uD83D\\u0041\"", 3, "unpaired surrogate '\\uD83D' in string"),
        arguments("\"\\uDE00\"", 2, "unpaired surrogate '\\uDE00' in string"),
        arguments("\"a\nb\"", 3, "unescaped control character U+000A in string"),
        arguments(
            "\"\\(x\"",
            5,
            "expected ')' to close the interpolation opened at column 2, found '\"'"),
        arguments("\"\\()\"", 4, "expected an expression inside '\\(', found ')'"),
        arguments("\"a \\(\"b", 6, "unterminated string starting"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedInputNamesTheColumnAndWhatWasExpected(String input, int column, String expected) {
    ExpressionSyntaxException error = parseFailure(input);

    assertThat(error.column()).isEqualTo(column);
    assertThat(error.getMessage()).contains(expected).endsWith(" at column " + column);
  }

  @Test
  void deeplyNestedParenthesesAreRefusedAtTheLevelPastTheLimit() {
    ExpressionSyntaxException error = parseFailure("(".repeat(100_000) + "x" + ")".repeat(100_000));

    assertThat(error.getMessage())
        .startsWith("expression nested too deeply (more than 200 levels)");
    assertThat(error.column()).isEqualTo(InvocationParser.MAX_DEPTH + 1);
  }

  @Test
  void longChainsOfPrefixOperatorsAreRefused() {
    ExpressionSyntaxException error = parseFailure("-".repeat(100_000) + "1");

    assertThat(error.getMessage()).contains("nested too deeply");
    assertThat(error.column()).isEqualTo(InvocationParser.MAX_DEPTH);
  }

  @Test
  void everyKindOfNestingCountsTowardsTheLimit() {
    String strings = "x";
    for (int i = 0; i < 1_000; i++) {
      strings = "\"\\(" + strings + ")\"";
    }
    Stream.of(
            strings,
            "[".repeat(100_000),
            "a ? b : ".repeat(10_000) + "c",
            "1" + " + 1".repeat(10_000),
            "a" + "[0]".repeat(10_000),
            "f(x: ".repeat(10_000),
            "!".repeat(10_000) + "x")
        .forEach(
            input -> assertThat(parseFailure(input)).hasMessageContaining("nested too deeply"));
  }

  private static ExpressionSyntaxException parseFailure(String input) {
    ExpressionSyntaxException error =
        catchThrowableOfType(ExpressionSyntaxException.class, () -> InvocationParser.parse(input));
    assertThat(error).as("syntax error for %s", input).isNotNull();
    return error;
  }
}
