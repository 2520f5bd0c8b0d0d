package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.RpcDefinition;

/**
 * The invocation language's arithmetic, logic and subscripts at their edges (docs/INVOCATIONS.md):
 * each edge gives the documented value, or an error that names the rule broken and the column of
 * the operator that broke it.
 */
class InvocationArithmeticTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  /** Calls of {@code boom()}, a function that always fails: an operand the evaluator must not reach. */
  private final AtomicInteger booms = new AtomicInteger();

  @BeforeEach
  void registerBoom() {
    bridge.register(RpcDefinition.of("boom"), a -> {
      booms.incrementAndGet();
      throw new IllegalStateException("boom() was evaluated");
    });
    bridge.app().variables().set("user.list", List.of(10, 20, 30));
    bridge.app().variables().set("user.text", "abc");
    bridge.app().variables().set("user.table", Map.of("a", 1));
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private Object invoke(String invocation) throws Exception {
    return bridge.invoke(invocation).get(10, TimeUnit.SECONDS);
  }

  /** The failure of {@code invocation}, an {@link InvocationException} with status FAILED. */
  private AbstractThrowableAssert<?, ? extends Throwable> failure(String invocation) {
    return assertThatThrownBy(() -> invoke(invocation))
        .rootCause()
        .isInstanceOf(InvocationException.class)
        .satisfies(e -> assertThat(((InvocationException) e).status()).isEqualTo(InvocationException.Status.FAILED));
  }

  @Test
  void divisionByZeroIsAnErrorThatNamesTheColumnOfTheSlash() {
    failure("1 / 0").hasMessage("division by zero at column 3");
    failure("10 - 7.5 / 0").hasMessage("division by zero at column 10");
    failure("1 / 0.0").hasMessage("division by zero at column 3");
    failure("1 / -0.0").hasMessage("division by zero at column 3");
    failure("[1, 2 / (3 - 3)]").hasMessage("division by zero at column 7");
  }

  @Test
  void andDoesNotEvaluateItsRightSideWhenItsLeftIsFalse() throws Exception {
    assertThat(invoke("false && boom()")).isEqualTo(false);
    assertThat(invoke("1 > 2 && boom() == 3")).isEqualTo(false);

    assertThat(booms).as("calls of boom()").hasValue(0);
    assertThatThrownBy(() -> invoke("true && boom()")).hasMessageContaining("boom() was evaluated");
    assertThat(booms).as("the right side is evaluated when the left is true").hasValue(1);
  }

  @Test
  void orDoesNotEvaluateItsRightSideWhenItsLeftIsTrue() throws Exception {
    assertThat(invoke("true || boom()")).isEqualTo(true);
    assertThat(invoke("user.text == \"abc\" || boom() == 3")).isEqualTo(true);

    assertThat(booms).as("calls of boom()").hasValue(0);
    assertThatThrownBy(() -> invoke("false || boom()")).hasMessageContaining("boom() was evaluated");
    assertThat(booms).as("the right side is evaluated when the left is false").hasValue(1);
  }

  @Test
  void aConditionalEvaluatesOnlyTheBranchItTakes() throws Exception {
    assertThat(invoke("true ? 1 : boom()")).isEqualTo(1L);
    assertThat(invoke("false ? boom() : 2")).isEqualTo(2L);

    assertThat(booms).hasValue(0);
  }

  @Test
  void aLogicalOperandThatIsNotABooleanIsAnErrorAndTheRightSideIsNotEvaluated() {
    failure("1 && boom()").hasMessage("expected a boolean for the left of '&&', got number 1 at column 3");
    failure("\"yes\" || boom()").hasMessage("expected a boolean for the left of '||', got string \"yes\" at column 7");
    failure("true && 0").hasMessage("expected a boolean for the right of '&&', got number 0 at column 6");
    failure("!null").hasMessage("expected a boolean for the operand of '!', got null at column 1");

    assertThat(booms).hasValue(0);
  }

  @Test
  void integersThatOverflowSixtyFourBitsBecomeFloatingPointNumbers() throws Exception {
    assertThat(invoke("9223372036854775807 + 1")).isEqualTo(9.223372036854775807E18);
    assertThat(invoke("-9223372036854775807 - 2")).isEqualTo(-9.223372036854775809E18);
    assertThat(invoke("9223372036854775807 * 2")).isEqualTo(1.8446744073709551614E19);
    assertThat(invoke("99999999999999999999")).isEqualTo(1e20);
  }

  @Test
  void theSmallestIntegerNegatedOrDividedByMinusOneBecomesAFloatingPointNumber() throws Exception {
    assertThat(invoke("-9223372036854775807 - 1")).isEqualTo(Long.MIN_VALUE);

    assertThat(invoke("-(-9223372036854775807 - 1)")).isEqualTo(9.223372036854775808E18);
    assertThat(invoke("(-9223372036854775807 - 1) / -1")).isEqualTo(9.223372036854775808E18);
  }

  @Test
  void integersThatFitStayIntegersAndCompareExactly() throws Exception {
    assertThat(invoke("9223372036854775806 + 1")).isEqualTo(Long.MAX_VALUE);
    assertThat(invoke("-6 / 3")).isEqualTo(-2L);
    // 2^53 + 1 and 2^53 are one double apart from nothing: compared as doubles they would be equal.
    assertThat(invoke("9007199254740993 == 9007199254740992")).isEqualTo(false);
    assertThat(invoke("9007199254740993 != 9007199254740992")).isEqualTo(true);
    assertThat(invoke("9007199254740993 > 9007199254740992")).isEqualTo(true);
    assertThat(invoke("9223372036854775807 > 9223372036854775806")).isEqualTo(true);
    assertThat(invoke("2 == 2.0")).isEqualTo(true);
    assertThat(invoke("3 > 2.5")).isEqualTo(true);
  }

  @Test
  void aResultBeyondTheLargestDoubleIsAnErrorThatNamesTheColumn() {
    failure("1e308 * 10").hasMessage("the result of '*' is not a finite number at column 7");
    failure("-1e308 - 1e308").hasMessage("the result of '-' is not a finite number at column 8");
    assertThatThrownBy(() -> invoke("1e309"))
        .rootCause()
        .hasMessageContaining("number 1e309 is too large")
        .hasMessageContaining("column 1");
  }

  @Test
  void anIndexWithinTheArrayReadsItsElement() throws Exception {
    assertThat(invoke("user.list[0]")).isEqualTo(10L);
    assertThat(invoke("user.list[2]")).isEqualTo(30L);
    assertThat(invoke("user.list[1 + 1]")).isEqualTo(30L);
    assertThat(invoke("[[1, 2], [3, 4]][1][0]")).isEqualTo(3L);
  }

  @Test
  void anIndexPastTheEndOrBelowZeroIsAnErrorThatNamesTheIndexTheLengthAndTheColumn() {
    failure("user.list[3]").hasMessage("index 3 is out of bounds for an array of length 3 at column 10");
    failure("user.list[-1]").hasMessage("index -1 is out of bounds for an array of length 3 at column 10");
    failure("user.list[9223372036854775807]")
        .hasMessage("index 9223372036854775807 is out of bounds for an array of length 3 at column 10");
    failure("[][0]").hasMessage("index 0 is out of bounds for an array of length 0 at column 3");
  }

  @Test
  void theColumnOfAFailedSubscriptIsItsOwnBracketInAChain() {
    failure("[[1, 2], [3]][1][5]").hasMessage("index 5 is out of bounds for an array of length 1 at column 17");
    failure("[[1, 2], [3]][7][0]").hasMessage("index 7 is out of bounds for an array of length 2 at column 14");
  }

  @Test
  void indexingWhatIsNotAnArrayIsAnErrorThatNamesWhatItIs() {
    failure("user.text[0]").hasMessage("only arrays can be indexed, got string \"abc\" at column 10");
    failure("user.table[0]").hasMessage("only arrays can be indexed, got object {\"a\":1} at column 11");
    failure("7[0]").hasMessage("only arrays can be indexed, got number 7 at column 2");
  }

  @Test
  void anIndexThatIsNotAnIntegerIsAnErrorThatNamesIt() {
    failure("user.list[1.5]").hasMessage("an array index must be an integer, got number 1.5 at column 10");
    failure("user.list[\"1\"]").hasMessage("an array index must be an integer, got string \"1\" at column 10");
    failure("user.list[true]").hasMessage("an array index must be an integer, got boolean true at column 10");
    failure("user.list[null]").hasMessage("an array index must be an integer, got null at column 10");
    failure("user.list[[0]]").hasMessage("an array index must be an integer, got array [0] at column 10");
  }

  @Test
  void aFailingIndexOrTargetFailsTheSubscriptWithItsOwnError() {
    failure("user.list[1 / 0]").hasMessage("division by zero at column 13");
    failure("user.list[boom()]").hasMessageContaining("boom() was evaluated");
  }

  @Test
  void indexingAnUnsetOptionalPathIsNullAndItsIndexesAreNotEvaluated() throws Exception {
    assertThat(invoke("user.none?[0]")).isNull();
    assertThat(invoke("user.none?[boom()][1 / 0]")).isNull();
    assertThat(booms).hasValue(0);
    assertThat(invoke("user.list?[1]")).isEqualTo(20L);
    failure("user.list?[3]").hasMessage("index 3 is out of bounds for an array of length 3 at column 11");
    failure("user.text?[0]").hasMessage("only arrays can be indexed, got string \"abc\" at column 11");
    failure("user.none[0]").hasMessageContaining("user.none");
  }
}
