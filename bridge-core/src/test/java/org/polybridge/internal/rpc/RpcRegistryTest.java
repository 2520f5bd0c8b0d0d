package org.polybridge.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.polybridge.InvocationException;
import org.polybridge.testkit.ManualScheduler;
import org.polybridge.script.Deadlines;

class RpcRegistryTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Deadlines deadlines = new Deadlines(scheduler, () -> scheduler.elapsed().toNanos());
  private final RpcRegistry registry = new RpcRegistry(deadlines);

  /** An owner that keeps what it was delivered; {@code queues}: it reports starts, as a script's in-JVM client does. */
  private static class Owner implements RpcOwner {
    final boolean queues;
    final List<String> delivered = new ArrayList<>();

    Owner(boolean queues) {
      this.queues = queues;
    }

    @Override
    public String name() {
      return queues ? "queueing" : "plain";
    }

    @Override
    public boolean deliver(String requestId, RpcRegistration registration, Map<String, Object> arguments) {
      delivered.add(requestId);
      return queues;
    }
  }

  private static RpcRegistration function(String name, Owner owner, Duration timeout) {
    return new RpcRegistration(Signature.of(name, List.of()), name, Map.of(), timeout, "generic", owner);
  }

  @Test
  void aCallWaitingItsTurnUsesNoneOfItsTimeoutUntilItIsHandedOver() {
    Owner owner = new Owner(true);
    RpcRegistration f = function("f", owner, Duration.ofSeconds(5));
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    for (int i = 0; i < RpcRegistry.WINDOW + 1; i++) {
      calls.add(registry.call(f, Map.of(), new CompletableFuture<>(), "caller"));
    }
    scheduler.advance(Duration.ofSeconds(4));
    registry.started(owner.delivered.get(0), owner); // the last call is handed over now
    registry.complete(owner.delivered.get(0), owner, "first", null);

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(calls.get(1).exceptionNow()).hasMessage("Timeout: f() did not return within 5 s");
    assertThat(calls.get(RpcRegistry.WINDOW)).isNotDone();
    scheduler.advance(Duration.ofMillis(3999));
    assertThat(calls.get(RpcRegistry.WINDOW)).isNotDone();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(calls.get(RpcRegistry.WINDOW).exceptionNow()).hasMessage("Timeout: f() did not return within 5 s");
    assertThat(registry.pendingCalls()).isZero();
  }

  @Test
  void aCallOfAnOwnerThatReportsNoStartsTimesOutFromDelivery() {
    Owner owner = new Owner(false);
    CompletableFuture<Object> call = registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>(), "caller");

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(call.exceptionNow()).isInstanceOf(InvocationException.class).hasMessageContaining("did not return within 5 s");
  }

  @Test
  void aCallWhoseInvocationEndedBeforeItStartedIsDroppedUnrun() {
    Owner owner = new Owner(true);
    CompletableFuture<Object> invocation = new CompletableFuture<>();
    CompletableFuture<Object> call = registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), invocation, "caller");
    invocation.completeExceptionally(new InvocationException(InvocationException.Status.TIMEOUT, "the caller gave up"));

    assertThat(registry.started(owner.delivered.get(0), owner)).isFalse();

    assertThat(call.exceptionNow()).hasMessage("the invocation had ended before f() started");
    assertThat(registry.pendingCalls()).isZero();
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void onlyTheOwnerOfAPendingCallMayStartIt() {
    Owner owner = new Owner(true);
    registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>(), "caller");

    assertThat(registry.started(owner.delivered.get(0), new Owner(true))).isFalse();
    assertThat(registry.started("rpc-unknown", owner)).isFalse();
    assertThat(registry.started(owner.delivered.get(0), owner)).isTrue();
  }

  @Test
  void anAnswerLeavesNoTimeoutBehindWhetherItCameBeforeOrAfterTheStart() {
    Owner plain = new Owner(false) {
      @Override
      public boolean deliver(String requestId, RpcRegistration registration, Map<String, Object> arguments) {
        registry.complete(requestId, this, 1L, null); // answered before the registry arms the timeout
        return false;
      }
    };
    assertThat(registry.call(function("f", plain, Duration.ofSeconds(5)), Map.of(), null, "caller")).isCompletedWithValue(1L);
    Owner queueing = new Owner(true);
    CompletableFuture<Object> call = registry.call(function("g", queueing, Duration.ofSeconds(5)), Map.of(), null, "caller");
    registry.started(queueing.delivered.get(0), queueing);
    registry.complete(queueing.delivered.get(0), queueing, 2L, null);

    assertThat(call).isCompletedWithValue(2L);
    assertThat(deadlines.pending()).isZero();
    assertThat(registry.pendingCalls()).isZero();
  }

  @Test
  void aBurstFromOneCallerDoesNotHoldUpAnotherCallersCall() {
    Owner owner = new Owner(true);
    RpcRegistration f = function("f", owner, Duration.ofSeconds(5));
    List<CompletableFuture<Object>> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(registry.call(f, Map.of(), new CompletableFuture<>(), "busy client"));
    }
    registry.call(f, Map.of(), new CompletableFuture<>(), "key binding");
    assertThat(owner.delivered).hasSize(RpcRegistry.WINDOW);

    registry.started(owner.delivered.get(0), owner); // the owner starts its first call: the next is handed over
    registry.started(owner.delivered.get(1), owner);

    assertThat(owner.delivered).containsExactly("rpc-1", "rpc-2", "rpc-3", "rpc-11");
    assertThat(burst).allSatisfy(c -> assertThat(c).isNotDone());
  }

  @Test
  void aWaitingCallWhoseInvocationEndedIsNeverHandedOver() {
    Owner owner = new Owner(true);
    RpcRegistration f = function("f", owner, Duration.ofSeconds(5));
    registry.call(f, Map.of(), new CompletableFuture<>(), "a");
    registry.call(f, Map.of(), new CompletableFuture<>(), "a");
    CompletableFuture<Object> invocation = new CompletableFuture<>();
    CompletableFuture<Object> gaveUp = registry.call(f, Map.of(), invocation, "a");
    registry.call(f, Map.of(), new CompletableFuture<>(), "a");
    invocation.complete("the caller's answer came from elsewhere");

    registry.started(owner.delivered.get(0), owner);

    assertThat(owner.delivered).containsExactly("rpc-1", "rpc-2", "rpc-4");
    assertThat(gaveUp.exceptionNow()).hasMessage("the invocation had ended before f() started");
  }

  @Test
  void anOwnerThatReportsNoStartsIsHandedEveryCallAtOnce() {
    Owner owner = new Owner(false);
    for (int i = 0; i < 10; i++) {
      registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>(), "a");
    }

    assertThat(owner.delivered).hasSize(10);
    assertThat(deadlines.pending()).isEqualTo(10);
  }

  @Test
  void namesAreLookedUpInTheOrderRegisteredAndUnregisteringTakesOnlyTheOwnersOwn() {
    Owner one = new Owner(false);
    Owner two = new Owner(false);
    RpcRegistration wide = new RpcRegistration(Signature.of("f", List.of("a", "b")), "f", Map.of(), Duration.ofSeconds(5), "generic", one);
    RpcRegistration narrow = new RpcRegistration(Signature.of("f", List.of("a")), "f", Map.of(), Duration.ofSeconds(5), "generic", two);
    assertThat(registry.register(wide)).isEmpty();
    assertThat(registry.register(narrow)).isEmpty();
    assertThat(registry.register(new RpcRegistration(Signature.of("f", List.of("b", "a")), "f", Map.of(), Duration.ofSeconds(1), "generic", two)))
        .contains(wide);

    assertThat(registry.named("f")).containsExactly(wide, narrow);
    assertThat(registry.unregister(wide.signature(), two)).isFalse();
    assertThat(registry.unregister(wide.signature(), one)).isTrue();
    assertThat(registry.named("f")).containsExactly(narrow);
    registry.ownerClosed(two);
    assertThat(registry.named("f")).isEmpty();
    assertThat(registry.all()).isEmpty();
  }
}
