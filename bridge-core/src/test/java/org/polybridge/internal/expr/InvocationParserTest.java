package org.polybridge.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.internal.expr.BinaryOperator.ADD;
import static org.polybridge.internal.expr.BinaryOperator.AND;
import static org.polybridge.internal.expr.BinaryOperator.DIVIDE;
import static org.polybridge.internal.expr.BinaryOperator.EQUAL;
import static org.polybridge.internal.expr.BinaryOperator.GREATER_OR_EQUAL;
import static org.polybridge.internal.expr.BinaryOperator.LESS;
import static org.polybridge.internal.expr.BinaryOperator.MULTIPLY;
import static org.polybridge.internal.expr.BinaryOperator.OR;
import static org.polybridge.internal.expr.BinaryOperator.SUBTRACT;
import static org.polybridge.internal.expr.Trees.arg;
import static org.polybridge.internal.expr.Trees.array;
import static org.polybridge.internal.expr.Trees.at;
import static org.polybridge.internal.expr.Trees.binary;
import static org.polybridge.internal.expr.Trees.call;
import static org.polybridge.internal.expr.Trees.conditional;
import static org.polybridge.internal.expr.Trees.interpolated;
import static org.polybridge.internal.expr.Trees.lit;
import static org.polybridge.internal.expr.Trees.negate;
import static org.polybridge.internal.expr.Trees.not;
import static org.polybridge.internal.expr.Trees.optional;
import static org.polybridge.internal.expr.Trees.parsedShape;
import static org.polybridge.internal.expr.Trees.path;
import static org.polybridge.internal.expr.Trees.sequence;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvocationParserTest {

  // Calls and sequences

  @Test
  void seedCompositionParsesToNestedCallsWithTheirColumns() {
    Expression parsed = InvocationParser.parse("show(s: add(a: 1, b: times(a: 2, b: 3)))");

    Call times =
        new Call(
            "times",
            List.of(
                new Argument("a", new Literal(2L, 31), 28),
                new Argument("b", new Literal(3L, 37), 34)),
            22);
    Call add =
        new Call(
            "add",
            List.of(new Argument("a", new Literal(1L, 16), 13), new Argument("b", times, 19)),
            9);
    assertThat(parsed).isEqualTo(new Call("show", List.of(new Argument("s", add, 6)), 1));
  }

  @Test
  void callWithoutArgumentsHasAnEmptyArgumentList() {
    assertThat(parsedShape("clear_all_sessions()")).isEqualTo(call("clear_all_sessions"));
  }

  @Test
  void callNamesMayBeDotted() {
    assertThat(parsedShape("iterm2.set_variable(name: \"user.x\", value: 1)"))
        .isEqualTo(call("iterm2.set_variable", arg("name", lit("user.x")), arg("value", lit(1L))));
    assertThat(parsedShape("statusbar.abc.f()")).isEqualTo(call("statusbar.abc.f"));
  }

  @Test
  void argumentNamesMayBeKeywordsOrHyphenated() {
    assertThat(parsedShape("f(null: 1, my-arg: 2)"))
        .isEqualTo(call("f", arg("null", lit(1L)), arg("my-arg", lit(2L))));
  }

  @Test
  void whitespaceBetweenTokensIsIgnored() {
    assertThat(parsedShape(" \tf ( a :\n1 ,\r\n b: [ 2 ] )\n"))
        .isEqualTo(call("f", arg("a", lit(1L)), arg("b", array(lit(2L)))));
  }

  @Test
  void semicolonsSeparateStepsOfASequenceInOrder() {
    Expression parsed = InvocationParser.parse("f(); g(x: 1)");

    assertThat(parsed)
        .isEqualTo(
            new Sequence(
                List.of(
                    new Call("f", List.of(), 1),
                    new Call("g", List.of(new Argument("x", new Literal(1L, 11), 8)), 6)),
                1));
  }

  @Test
  void trailingSemicolonIsIgnored() {
    assertThat(parsedShape("f();")).isEqualTo(call("f"));
    assertThat(parsedShape("f(); g(); h();  "))
        .isEqualTo(sequence(call("f"), call("g"), call("h")));
  }

  // Paths

  @ParameterizedTest
  @ValueSource(strings = {"id", "tab.title", "iterm2.pid", "user.foo", "_x.y-z.w9"})
  void namesWithoutParenthesesArePaths(String name) {
    assertThat(parsedShape(name)).isEqualTo(path(name));
  }

  @Test
  void questionMarkDirectlyAfterAPathMakesItOptional() {
    assertThat(parsedShape("user.foo?")).isEqualTo(optional("user.foo"));
  }

  @Test
  void subscriptsRepeatAndTakeAnyExpression() {
    assertThat(parsedShape("a[0][i + 1]"))
        .isEqualTo(at(at(path("a"), lit(0L)), binary(ADD, path("i"), lit(1L))));
  }

  @Test
  void optionalPathCanBeSubscripted() {
    assertThat(parsedShape("user.list?[i]")).isEqualTo(at(optional("user.list"), path("i")));
  }

  @Test
  void subscriptAppliesToCallsArraysAndParentheses() {
    assertThat(parsedShape("f()[0]")).isEqualTo(at(call("f"), lit(0L)));
    assertThat(parsedShape("[1, 2][1]")).isEqualTo(at(array(lit(1L), lit(2L)), lit(1L)));
    assertThat(parsedShape("(a + b)[0]")).isEqualTo(at(binary(ADD, path("a"), path("b")), lit(0L)));
  }

  // Literals

  @Test
  void integersThatFitInALongAreLongs() {
    assertThat(parsedShape("12")).isEqualTo(lit(12L));
    assertThat(parsedShape("007")).isEqualTo(lit(7L));
    assertThat(parsedShape("9223372036854775807")).isEqualTo(lit(Long.MAX_VALUE));
  }

  @Test
  void integersBeyondALongAreDoubles() {
    assertThat(parsedShape("9223372036854775808")).isEqualTo(lit(9.223372036854775808E18));
    assertThat(parsedShape("100000000000000000000000")).isEqualTo(lit(1e23));
  }

  @ParameterizedTest
  @CsvSource({
    "1.5, 1.5",
    "1e3, 1000.0",
    "2.5E-3, 0.0025",
    "1E+2, 100.0",
    "0.0, 0.0",
    "3e-400, 0.0"
  })
  void decimalsAndExponentsAreDoubles(String source, double expected) {
    assertThat(parsedShape(source)).isEqualTo(lit(expected));
  }

  @Test
  void minusBeforeANumberIsTheNegationOperator() {
    assertThat(parsedShape("-3")).isEqualTo(negate(lit(3L)));
    assertThat(parsedShape("--3")).isEqualTo(negate(negate(lit(3L))));
  }

  @Test
  void trueFalseAndNullAreLiterals() {
    assertThat(parsedShape("true")).isEqualTo(lit(true));
    assertThat(parsedShape("false")).isEqualTo(lit(false));
    assertThat(parsedShape("null")).isEqualTo(lit(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"trueColor", "null_x", "true-x", "falsey", "nullable", "true.x", "True"})
  void keywordsEndAtAWordBoundary(String name) {
    assertThat(parsedShape(name)).isEqualTo(path(name));
  }

  @Test
  void hyphenInsideAWordBelongsToTheName() {
    assertThat(parsedShape("a-b")).isEqualTo(path("a-b"));
    assertThat(parsedShape("x-1")).isEqualTo(path("x-1"));
    assertThat(parsedShape("a - b")).isEqualTo(binary(SUBTRACT, path("a"), path("b")));
    assertThat(parsedShape("a -b")).isEqualTo(binary(SUBTRACT, path("a"), path("b")));
    assertThat(parsedShape("1-2")).isEqualTo(binary(SUBTRACT, lit(1L), lit(2L)));
  }

  @Test
  void arraysHoldAnyExpressions() {
    assertThat(parsedShape("[1, \"a\", f(), [], [null]]"))
        .isEqualTo(array(lit(1L), lit("a"), call("f"), array(), array(lit(null))));
    assertThat(parsedShape("[]")).isEqualTo(array());
  }

  // Strings

  @Test
  void jsonEscapesAreDecoded() {
    assertThat(parsedShape("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0041\\u00e9\""))
        .isEqualTo(lit("q\" b\\ s/ \b\f\n\r\t Aé"));
  }

  @Test
  void surrogatePairEscapesJoinIntoOneCodePoint() {
    assertThat(parsedShape("\"\\uD83D\\uDE00\"")).isEqualTo(lit("😀"));
  }

  @Test
  void nonAsciiCharactersPassThroughStringsUnchanged() {
    assertThat(parsedShape("\"héllo 😀 ✓\"")).isEqualTo(lit("héllo 😀 ✓"));
  }

  @Test
  void stringWithoutInterpolationIsAPlainLiteral() {
    assertThat(InvocationParser.parse("  \"abc\"")).isEqualTo(new Literal("abc", 3));
    assertThat(parsedShape("\"\"")).isEqualTo(lit(""));
  }

  @Test
  void interpolationSplitsTextAndExpressionsWithTheirColumns() {
    assertThat(InvocationParser.parse("\"a \\(x) b\""))
        .isEqualTo(
            new InterpolatedString(
                List.of(new Literal("a ", 2), new Path("x", false, 6), new Literal(" b", 8)), 1));
  }

  @Test
  void interpolationNestsArbitrarily() {
    assertThat(parsedShape("\"a \\(f(x: \"b \\(y + \"\\(z?)\")\"))\""))
        .isEqualTo(
            interpolated(
                lit("a "),
                call(
                    "f",
                    arg(
                        "x",
                        interpolated(
                            lit("b "), binary(ADD, path("y"), interpolated(optional("z"))))))));
  }

  @Test
  void stringLiteralInsideInterpolationFoldsIntoTheText() {
    assertThat(parsedShape("\"a\\(\"b\")c\\(1)\"")).isEqualTo(interpolated(lit("abc"), lit(1L)));
    assertThat(parsedShape("\"\\(\"only text\")\"")).isEqualTo(lit("only text"));
  }

  @Test
  void interpolationAloneHasNoTextParts() {
    assertThat(parsedShape("\"\\(x)\"")).isEqualTo(interpolated(path("x")));
    assertThat(parsedShape("\"\\( x )\\(y)\"")).isEqualTo(interpolated(path("x"), path("y")));
  }

  @Test
  void escapedBackslashBeforeParenthesisIsText() {
    assertThat(parsedShape("\"\\\\(x)\"")).isEqualTo(lit("\\(x)"));
  }

  // Operators

  @ParameterizedTest
  @EnumSource(BinaryOperator.class)
  void everyBinaryOperatorParsesBetweenTwoOperands(BinaryOperator op) {
    assertThat(parsedShape("a " + op.symbol() + " b")).isEqualTo(binary(op, path("a"), path("b")));
  }

  @Test
  void multiplicationBindsTighterThanAddition() {
    assertThat(parsedShape("1 + 2 * 3"))
        .isEqualTo(binary(ADD, lit(1L), binary(MULTIPLY, lit(2L), lit(3L))));
  }

  @Test
  void subtractionAndDivisionAreLeftAssociative() {
    assertThat(parsedShape("1 - 2 - 3"))
        .isEqualTo(binary(SUBTRACT, binary(SUBTRACT, lit(1L), lit(2L)), lit(3L)));
    assertThat(parsedShape("8 / 4 / 2"))
        .isEqualTo(binary(DIVIDE, binary(DIVIDE, lit(8L), lit(4L)), lit(2L)));
  }

  @Test
  void andBindsTighterThanOr() {
    assertThat(parsedShape("a || b && c"))
        .isEqualTo(binary(OR, path("a"), binary(AND, path("b"), path("c"))));
    assertThat(parsedShape("a && b || c"))
        .isEqualTo(binary(OR, binary(AND, path("a"), path("b")), path("c")));
  }

  @Test
  void comparisonBindsTighterThanEqualityAndLooserThanArithmetic() {
    assertThat(parsedShape("a < b + 1 == c >= d"))
        .isEqualTo(
            binary(
                EQUAL,
                binary(LESS, path("a"), binary(ADD, path("b"), lit(1L))),
                binary(GREATER_OR_EQUAL, path("c"), path("d"))));
  }

  @Test
  void unaryBindsTighterThanBinaryAndLooserThanSubscript() {
    assertThat(parsedShape("-a[0] * !b"))
        .isEqualTo(binary(MULTIPLY, negate(at(path("a"), lit(0L))), not(path("b"))));
    assertThat(parsedShape("!!x")).isEqualTo(not(not(path("x"))));
  }

  @Test
  void parenthesesOverridePrecedenceWithoutAddingNodes() {
    assertThat(parsedShape("(1 + 2) * 3"))
        .isEqualTo(binary(MULTIPLY, binary(ADD, lit(1L), lit(2L)), lit(3L)));
    assertThat(parsedShape("1 - (2 - 3)"))
        .isEqualTo(binary(SUBTRACT, lit(1L), binary(SUBTRACT, lit(2L), lit(3L))));
    assertThat(parsedShape("((x))")).isEqualTo(path("x"));
  }

  // The ternary and the optional '?'

  @Test
  void ternaryPicksBetweenTwoBranches() {
    assertThat(parsedShape("x ? 1 : 2")).isEqualTo(conditional(path("x"), lit(1L), lit(2L)));
  }

  @Test
  void ternaryIsRightAssociative() {
    assertThat(parsedShape("a ? b : c ? d : e"))
        .isEqualTo(conditional(path("a"), path("b"), conditional(path("c"), path("d"), path("e"))));
  }

  @Test
  void ternaryNestsInItsMiddleOperand() {
    assertThat(parsedShape("a ? b ? c : d : e"))
        .isEqualTo(conditional(path("a"), conditional(path("b"), path("c"), path("d")), path("e")));
  }

  @Test
  void ternaryBindsLooserThanOr() {
    assertThat(parsedShape("a || b ? c : d"))
        .isEqualTo(conditional(binary(OR, path("a"), path("b")), path("c"), path("d")));
  }

  @Test
  void optionalPathBeforeTernaryIsStillOptional() {
    assertThat(parsedShape("x? ? 1 : 2")).isEqualTo(conditional(optional("x"), lit(1L), lit(2L)));
    assertThat(parsedShape("x??1:2")).isEqualTo(conditional(optional("x"), lit(1L), lit(2L)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x?1:2", "x?y:2", "x?\"1\":2", "x?(1):2", "x?!y:2", "x?true:2"})
  void questionMarkFollowedByAnOperandIsTheTernary(String source) {
    assertThat(parsedShape(source))
        .isInstanceOfSatisfying(
            Conditional.class, c -> assertThat(c.condition()).isEqualTo(path("x")));
  }

  @Test
  void optionalPathsMayBeTheBranchesOfATernary() {
    assertThat(parsedShape("c ? x? : y?"))
        .isEqualTo(conditional(path("c"), optional("x"), optional("y")));
  }

  @Test
  void optionalSuffixIsRecognisedBeforeClosersSeparatorsAndOperators() {
    assertThat(parsedShape("f(a: x?, b: y?)"))
        .isEqualTo(call("f", arg("a", optional("x")), arg("b", optional("y"))));
    assertThat(parsedShape("[x?]")).isEqualTo(array(optional("x")));
    assertThat(parsedShape("\"\\(x?)\"")).isEqualTo(interpolated(optional("x")));
    assertThat(parsedShape("x? + 1")).isEqualTo(binary(ADD, optional("x"), lit(1L)));
    assertThat(parsedShape("x?-1")).isEqualTo(binary(SUBTRACT, optional("x"), lit(1L)));
    assertThat(parsedShape("x? == null")).isEqualTo(binary(EQUAL, optional("x"), lit(null)));
    assertThat(parsedShape("x?; y?")).isEqualTo(sequence(optional("x"), optional("y")));
  }

  @Test
  void questionMarkAfterWhitespaceIsAlwaysTheTernary() {
    assertThat(parsedShape("x ?-1 : 1"))
        .isEqualTo(conditional(path("x"), negate(lit(1L)), lit(1L)));
    assertThat(parsedShape("x ?[1] : []"))
        .isEqualTo(conditional(path("x"), array(lit(1L)), array()));
  }

  @Test
  void questionMarkAfterKeywordsAndCallsIsTheTernary() {
    assertThat(parsedShape("true?1:2")).isEqualTo(conditional(lit(true), lit(1L), lit(2L)));
    assertThat(parsedShape("f()?1:2")).isEqualTo(conditional(call("f"), lit(1L), lit(2L)));
  }

  // Columns, source and limits

  @Test
  void binaryOperatorsAndSubscriptsSitAtTheirSymbolAndOtherNodesAtTheirFirstCharacter() {
    Binary parsed = (Binary) InvocationParser.parse("  (a + b) * -c[0]");

    assertThat(parsed.column()).isEqualTo(11);
    assertThat(parsed.left().column()).isEqualTo(6);
    assertThat(((Binary) parsed.left()).left().column()).isEqualTo(4);
    assertThat(parsed.right().column()).isEqualTo(13);
    Subscript subscript = (Subscript) ((Unary) parsed.right()).operand();
    assertThat(subscript.column()).as("the subscript's '['").isEqualTo(15);
    assertThat(subscript.target().column()).isEqualTo(14);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = "=>",
      value = {
        "(1+2)*3                   => (1 + 2) * 3",
        "1-(2-3)                   => 1 - (2 - 3)",
        "(1-2)-3                   => 1 - 2 - 3",
        "-(a)                      => -a",
        "-(a+b)                    => -(a + b)",
        "(-a)[0]                   => (-a)[0]",
        "(a?b:c)?d:(e?f:g)         => (a ? b : c) ? d : e ? f : g",
        "a?(b?c:d):e               => a ? b ? c : d : e",
        "(a ? b : c) || d          => (a ? b : c) || d",
        "x??1:2                    => x? ? 1 : 2",
        "f( a:1,b :\"\\/\\u0041\" ) ; g() ; => f(a: 1, b: \"/A\"); g()",
        "1e3                       => 1000.0",
        "\"tab\\t\\u0001\"         => \"tab\\t\\u0001\"",
      })
  void sourceIsCanonicalWithOnlyTheNeededParentheses(String input, String canonical) {
    assertThat(InvocationParser.parse(input).source()).isEqualTo(canonical);
  }

  @Test
  void nestingUpToTheLimitParses() {
    int levels = InvocationParser.MAX_DEPTH - 1;
    String nested = "(".repeat(levels) + "x" + ")".repeat(levels);

    assertThat(parsedShape(nested)).isEqualTo(path("x"));
    assertThat(parsedShape("1" + " + 1".repeat(levels - 1))).isInstanceOf(Binary.class);
  }
}
