package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.RpcDefinition;

class InvocationCompositionTest {
  private final Bridge bridge = Bridge.newBuilder().build();

  @AfterEach
  void close() {
    bridge.close();
  }

  private Object invoke(String invocation) throws Exception {
    return bridge.invoke(invocation).get(10, TimeUnit.SECONDS);
  }

  private static long number(Object o) {
    return (Long) o;
  }

  @Test
  void showReceivesSevenFromTheSeedComposition() throws Exception {
    List<Object> shown = new CopyOnWriteArrayList<>();
    bridge.register(RpcDefinition.of("add", "a", "b"), a -> number(a.get("a")) + number(a.get("b")));
    bridge.register(RpcDefinition.of("times", "a", "b"), a -> number(a.get("a")) * number(a.get("b")));
    bridge.register(RpcDefinition.of("show", "s"), a -> {
      shown.add(a.get("s"));
      return null;
    });

    Object result = invoke("show(s: add(a: 1, b: times(a: 2, b: 3)))");

    assertThat(shown).containsExactly(7L);
    assertThat(result).isNull();
  }

  @Test
  void independentArgumentCallsOverlapInTime() throws Exception {
    // Each call waits until both have started: run one after the other, the first would wait in vain.
    CountDownLatch bothStarted = new CountDownLatch(2);
    bridge.register(RpcDefinition.of("meet", "x"), a -> {
      bothStarted.countDown();
      return bothStarted.await(5, TimeUnit.SECONDS) ? a.get("x") : "alone";
    });
    bridge.register(RpcDefinition.of("pair", "a", "b"), a -> List.of(a.get("a"), a.get("b")));

    assertThat(invoke("pair(a: meet(x: 1), b: meet(x: 2))")).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void callStartsOnlyAfterAllItsArgumentsSucceeded() {
    AtomicInteger outerCalls = new AtomicInteger();
    bridge.register(RpcDefinition.of("fail"), a -> {
      throw new IllegalStateException("no");
    });
    bridge.register(RpcDefinition.of("ok"), a -> 1L);
    bridge.register(RpcDefinition.of("outer", "a", "b"), a -> outerCalls.incrementAndGet());

    assertThatThrownBy(() -> invoke("outer(a: ok(), b: fail())")).hasRootCauseInstanceOf(InvocationException.class);
    assertThat(outerCalls).hasValue(0);
  }

  @Test
  void errorReadsAsAChainThroughThreeLevelsWithTheTraceback() {
    bridge.register(RpcDefinition.of("inner", "z"), a -> {
      throw new ScriptException("boom", "Traceback (most recent call last):\n  File \"inner.py\", line 3");
    });
    bridge.register(RpcDefinition.of("middle", "y"), a -> a.get("y"));
    bridge.register(RpcDefinition.of("outer", "x"), a -> a.get("x"));

    CompletableFuture<Object> result = bridge.invoke("outer(x: middle(y: inner(z: 1)))");

    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .rootCause()
        .isInstanceOf(InvocationException.class)
        .hasMessageStartingWith("In call to outer: In call to middle: In call to inner: boom")
        .hasMessageContaining("File \"inner.py\", line 3")
        .satisfies(e -> assertThat(((InvocationException) e).reason())
            .isEqualTo("In call to outer: In call to middle: In call to inner: boom"))
        .satisfies(e -> assertThat(((InvocationException) e).traceback()).hasValueSatisfying(
            t -> assertThat(t).startsWith("Traceback (most recent call last):")));
  }

  @Test
  void sequenceRunsInOrderAndStopsAtTheFirstError() throws Exception {
    List<Object> seen = new CopyOnWriteArrayList<>();
    bridge.register(RpcDefinition.of("note", "x"), a -> {
      seen.add(a.get("x"));
      return a.get("x");
    });
    bridge.register(RpcDefinition.of("fail"), a -> {
      throw new IllegalArgumentException("stop here");
    });

    assertThat(invoke("note(x: 1); note(x: 2)")).isEqualTo(2L);
    assertThatThrownBy(() -> invoke("note(x: 3); fail(); note(x: 4)")).hasMessageContaining("stop here");
    assertThat(seen).containsExactly(1L, 2L, 3L);
  }

  @Test
  void valuesFlowThroughOperatorsArraysAndInterpolation() throws Exception {
    bridge.register(RpcDefinition.of("add", "a", "b"), a -> number(a.get("a")) + number(a.get("b")));
    bridge.app().variables().set("user.list", List.of(10, 20, 30));

    assertThat(invoke("\"sum is \\(add(a: 1, b: 2))!\"")).isEqualTo("sum is 3!");
    assertThat(invoke("add(a: 1, b: 2) * 2 - 1")).isEqualTo(5L);
    assertThat(invoke("7 / 2")).isEqualTo(3.5);
    assertThat(invoke("add(a: 1, b: 1) == 2 ? \"yes\" : \"no\"")).isEqualTo("yes");
    assertThat(invoke("[1, add(a: 2, b: 3), \"x\"]")).isEqualTo(List.of(1L, 5L, "x"));
    assertThat(invoke("user.list[1]")).isEqualTo(20L);
    assertThat(invoke("user.missing? == null && !false")).isEqualTo(true);
  }

  @Test
  void unsetVariableSaysHowToMakeItOptional() {
    assertThatThrownBy(() -> invoke("user.nothing"))
        .hasMessageContaining("Unset variable 'user.nothing' at column 1")
        .hasMessageContaining("user.nothing?");
  }

  @Test
  void malformedInvocationIsReportedWithItsColumn() {
    assertThatThrownBy(() -> invoke("add(a: 1, b 2)"))
        .rootCause()
        .isInstanceOf(InvocationException.class)
        .hasMessageContaining("column 13")
        .satisfies(e -> assertThat(((InvocationException) e).status()).isEqualTo(InvocationException.Status.REQUEST_MALFORMED));
  }

  @Test
  void typeMismatchNamesTheOperatorAndTheColumn() {
    assertThatThrownBy(() -> invoke("1 + \"a\""))
        .hasMessageContaining("'+' needs numbers")
        .hasMessageContaining("at column 3");
    assertThatThrownBy(() -> invoke("2 * 3 - true"))
        .hasMessageContaining("'-' needs numbers")
        .hasMessageContaining("at column 7");
  }
}
