package org.polybridge.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.polybridge.ExpressionSyntaxException;

class ParsedInvocationsTest {
  private final ParsedInvocations parsed = new ParsedInvocations();

  @Test
  void aTextParsedBeforeGivesTheSameTree() {
    Expression first = parsed.parse("add(a: 1, b: times(a: 2, b: 3))");

    assertThat(parsed.parse("add(a: 1, b: times(a: 2, b: 3))")).isSameAs(first);
    assertThat(first).isEqualTo(InvocationParser.parse("add(a: 1, b: times(a: 2, b: 3))"));
  }

  @Test
  void aTextThatDoesNotParseFailsEachTimeAndIsNotKept() {
    assertThatThrownBy(() -> parsed.parse("add(a: ")).isInstanceOf(ExpressionSyntaxException.class);
    assertThatThrownBy(() -> parsed.parse("add(a: ")).isInstanceOf(ExpressionSyntaxException.class);

    assertThat(parsed.size()).isZero();
  }

  @Test
  void aLongTextIsParsedButNotKept() {
    String text = "f(s: \"" + "x".repeat(ParsedInvocations.MAX_TEXT) + "\")";

    assertThat(parsed.parse(text)).isEqualTo(InvocationParser.parse(text));
    assertThat(parsed.size()).isZero();
  }

  @Test
  void everNewTextsNeverHoldMoreThanTheBound() {
    for (int i = 0; i < 3 * ParsedInvocations.MAX_ENTRIES; i++) {
      assertThat(parsed.parse("f(n: " + i + ")")).isEqualTo(InvocationParser.parse("f(n: " + i + ")"));
      assertThat(parsed.size()).isLessThanOrEqualTo(ParsedInvocations.MAX_ENTRIES);
    }
  }
}
