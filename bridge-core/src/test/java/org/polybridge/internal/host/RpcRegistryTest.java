package org.polybridge.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.polybridge.InvocationException;
import org.polybridge.testkit.ManualScheduler;

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
  void aQueuedCallTimesOutOnlyItsTimeoutAfterItStarted() {
    Owner owner = new Owner(true);
    CompletableFuture<Object> call = registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>());

    scheduler.advance(Duration.ofSeconds(20)); // waiting in the script's queue
    assertThat(call).isNotDone();
    assertThat(registry.started(owner.delivered.get(0), owner)).isTrue();
    scheduler.advance(Duration.ofMillis(4999));
    assertThat(call).isNotDone();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(call).isCompletedExceptionally();
    assertThat(call.exceptionNow()).hasMessage("Timeout: f() did not return within 5 s");
    assertThat(registry.pendingCalls()).isZero();
  }

  @Test
  void aCallOfAnOwnerThatReportsNoStartsTimesOutFromDelivery() {
    Owner owner = new Owner(false);
    CompletableFuture<Object> call = registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>());

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(call.exceptionNow()).isInstanceOf(InvocationException.class).hasMessageContaining("did not return within 5 s");
  }

  @Test
  void aCallWhoseInvocationEndedBeforeItStartedIsDroppedUnrun() {
    Owner owner = new Owner(true);
    CompletableFuture<Object> invocation = new CompletableFuture<>();
    CompletableFuture<Object> call = registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), invocation);
    invocation.completeExceptionally(new InvocationException(InvocationException.Status.TIMEOUT, "the caller gave up"));

    assertThat(registry.started(owner.delivered.get(0), owner)).isFalse();

    assertThat(call.exceptionNow()).hasMessage("the invocation had ended before f() started");
    assertThat(registry.pendingCalls()).isZero();
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void onlyTheOwnerOfAPendingCallMayStartIt() {
    Owner owner = new Owner(true);
    registry.call(function("f", owner, Duration.ofSeconds(5)), Map.of(), new CompletableFuture<>());

    assertThat(registry.started(owner.delivered.get(0), new Owner(true))).isFalse();
    assertThat(registry.started("rpc-unknown", owner)).isFalse();
    assertThat(deadlines.pending()).isZero();
    assertThat(registry.started(owner.delivered.get(0), owner)).isTrue();
    assertThat(deadlines.pending()).isOne();
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
    assertThat(registry.call(function("f", plain, Duration.ofSeconds(5)), Map.of(), null)).isCompletedWithValue(1L);
    Owner queueing = new Owner(true);
    CompletableFuture<Object> call = registry.call(function("g", queueing, Duration.ofSeconds(5)), Map.of(), null);
    registry.started(queueing.delivered.get(0), queueing);
    registry.complete(queueing.delivered.get(0), queueing, 2L, null);

    assertThat(call).isCompletedWithValue(2L);
    assertThat(deadlines.pending()).isZero();
    assertThat(registry.pendingCalls()).isZero();
  }

  @Test
  void namesAreLookedUpFewestArgumentsFirstAndUnregisteringTakesOnlyTheOwnersOwn() {
    Owner one = new Owner(false);
    Owner two = new Owner(false);
    RpcRegistration wide = new RpcRegistration(Signature.of("f", List.of("a", "b")), "f", Map.of(), Duration.ofSeconds(5), "generic", one);
    RpcRegistration narrow = new RpcRegistration(Signature.of("f", List.of("a")), "f", Map.of(), Duration.ofSeconds(5), "generic", two);
    assertThat(registry.register(wide)).isEmpty();
    assertThat(registry.register(narrow)).isEmpty();
    assertThat(registry.register(new RpcRegistration(Signature.of("f", List.of("b", "a")), "f", Map.of(), Duration.ofSeconds(1), "generic", two)))
        .contains(wide);

    assertThat(registry.named("f")).containsExactly(narrow, wide);
    assertThat(registry.unregister(wide.signature(), two)).isFalse();
    assertThat(registry.unregister(wide.signature(), one)).isTrue();
    assertThat(registry.named("f")).containsExactly(narrow);
    registry.ownerClosed(two);
    assertThat(registry.named("f")).isEmpty();
    assertThat(registry.all()).isEmpty();
  }
}
