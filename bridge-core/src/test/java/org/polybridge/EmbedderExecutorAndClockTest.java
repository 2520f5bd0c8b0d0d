package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;

/** What an embedder passes through {@link Bridge.Builder}: the Java functions' executor and the timeouts' clock. */
class EmbedderExecutorAndClockTest {
  @Test
  void aJavaFunctionRunsOnTheExecutorGivenAndTheBridgeLeavesThatExecutorRunning() throws Exception {
    ExecutorService calls = Executors.newSingleThreadExecutor(r -> new Thread(r, "embedder-calls"));
    try {
      try (Bridge bridge = Bridge.newBuilder().executor(calls).build()) {
        bridge.register(RpcDefinition.of("where"), arguments -> Thread.currentThread().getName());

        assertThat(bridge.invoke("where()").get(10, TimeUnit.SECONDS)).isEqualTo("embedder-calls");
      }
      assertThat(calls.isShutdown()).as("the embedder's executor, shut down by the embedder").isFalse();
      assertThat(calls.submit(() -> "still serving").get(10, TimeUnit.SECONDS)).isEqualTo("still serving");
    } finally {
      calls.shutdown();
    }
  }

  @Test
  void withoutAnExecutorJavaFunctionsRunOffTheCallersThreadAndBlockedOnesHoldUpNoOtherCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Bridge bridge = Bridge.newBuilder().build()) {
      bridge.register(RpcDefinition.of("blocked"), arguments -> {
        release.await();
        return "released";
      });
      bridge.register(RpcDefinition.of("where"), arguments -> Thread.currentThread().getName());
      // more blocked calls than the bridge keeps warm threads: the last ones run on virtual threads
      List<CompletableFuture<Object>> blocked = IntStream.range(0, 4)
          .mapToObj(i -> bridge.invoke("blocked()")).toList();

      assertThat(bridge.invoke("where()").get(10, TimeUnit.SECONDS)).isNotEqualTo(Thread.currentThread().getName());
      release.countDown();
      for (CompletableFuture<Object> call : blocked) {
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("released");
      }
    }
  }

  @Test
  void anInvocationTimesOutWhenTheGivenClockPassesItsTimeoutNotBefore() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    try (Bridge bridge = Bridge.newBuilder().clock(now::get).build()) {
      ApiClient script = new ApiClient(bridge.connect("never"), Runnable::run);
      script.register(new RpcDefinition("never", List.of(), Map.of(), Duration.ofHours(1)), a -> new CompletableFuture<>())
          .get(10, TimeUnit.SECONDS);
      long started = System.nanoTime();
      CompletableFuture<Object> call = bridge.invoke("never()", InvocationContext.app(), Duration.ofMinutes(10));

      now.set(now.get().plus(Duration.ofMinutes(9)));
      bridge.tick().get(10, TimeUnit.SECONDS);
      assertThat(call).as("nine of its ten minutes passed").isNotDone();

      now.set(now.get().plus(Duration.ofMinutes(1)));
      bridge.tick().get(10, TimeUnit.SECONDS);

      assertThat(call).isCompletedExceptionally();
      assertThatThrownBy(call::join).rootCause().isInstanceOf(InvocationException.class)
          .hasMessage("Timeout: the invocation did not finish within 600 s: never()")
          .satisfies(e -> assertThat(((InvocationException) e).status()).isEqualTo(InvocationException.Status.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("real time waited").isLessThan(Duration.ofMinutes(1));
    }
  }

  @Test
  void aFunctionsOwnTimeoutRunsOutByTheGivenClock() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
    try (Bridge bridge = Bridge.newBuilder().clock(now::get).build()) {
      ApiClient script = new ApiClient(bridge.connect("slow"), Runnable::run);
      script.register(new RpcDefinition("slow", List.of(), Map.of(), Duration.ofSeconds(30)), a -> new CompletableFuture<>())
          .get(10, TimeUnit.SECONDS);
      CompletableFuture<Object> call = bridge.invoke("slow()", InvocationContext.app(), Duration.ofHours(1));

      now.set(now.get().plus(Duration.ofSeconds(31)));
      bridge.tick().get(10, TimeUnit.SECONDS);

      assertThatThrownBy(call::join).rootCause().hasMessage("In call to slow: Timeout: slow() did not return within 30 s");
    }
  }

  @Test
  void theBuilderRefusesANullExecutorOrClockNamingIt() {
    assertThatThrownBy(() -> Bridge.newBuilder().executor(null)).isInstanceOf(NullPointerException.class).hasMessage("executor == null");
    assertThatThrownBy(() -> Bridge.newBuilder().clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock == null");
  }
}
