package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.protocol.ApiServer;

class TimeoutAndDisconnectTest {
  private final Bridge bridge = Bridge.newBuilder().build();

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void functionThatDoesNotAnswerFailsWithItsOwnTimeoutNamingIt() {
    ApiClient script = new ApiClient(bridge.connect("sleepy"), Runnable::run);
    script.register(new RpcDefinition("slow", List.of("x"), Map.of(), Duration.ofMillis(200)), a -> new CompletableFuture<>()).join();

    assertThatThrownBy(() -> bridge.invoke("slow(x: 1)").get(5, TimeUnit.SECONDS))
        .rootCause()
        .isInstanceOf(InvocationException.class)
        .hasMessage("In call to slow: Timeout: slow(x) did not return within 0.2 s")
        .satisfies(e -> assertThat(((InvocationException) e).status()).isEqualTo(InvocationException.Status.FAILED));
  }

  @RepeatedTest(20)
  void aTimeoutOfAMillisecondStillFailsTheCallNeverHangsIt() {
    ApiClient script = new ApiClient(bridge.connect("sleepy"), Runnable::run);
    script.register(new RpcDefinition("hasty", List.of(), Map.of(), Duration.ofMillis(1)), a -> new CompletableFuture<>()).join();

    assertThatThrownBy(() -> bridge.invoke("hasty()").get(5, TimeUnit.SECONDS))
        .rootCause()
        .hasMessage("In call to hasty: Timeout: hasty() did not return within 0.001 s");
  }

  @Test
  void callsWaitingInAScriptsQueueLongerThanTheirTimeoutStillSucceed() throws Exception {
    // one thread serves the script, as a script's loop does: 300 calls of 5 ms each queue for at
    // least 1.5 s, three times the function's timeout, while each call has 100 times its work in
    // hand (a loaded machine can stretch a 5 ms sleep well past 50 ms)
    var loop = Executors.newSingleThreadExecutor();
    ApiClient script = new ApiClient(bridge.connect("busy"), loop);
    script.register(new RpcDefinition("work", List.of("i"), Map.of(), Duration.ofMillis(500)), a -> {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(a.get("i"));
    }).join();

    List<CompletableFuture<Object>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(bridge.invoke("work(i: " + i + ")"));
    }

    for (int i = 0; i < 300; i++) {
      assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo((long) i);
    }
    loop.shutdownNow();
  }

  @Test
  void aBurstOfCallsDoesNotHoldUpTheScriptsOtherWork() throws Exception {
    var loop = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      try {
        release.await(); // the script's thread is busy while the burst arrives
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    ApiClient script = new ApiClient(bridge.connect("burst"), loop);
    script.register(RpcDefinition.of("tick"), a -> CompletableFuture.completedFuture(runs.incrementAndGet())).get(5, TimeUnit.SECONDS);
    List<CompletableFuture<Object>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(bridge.invoke("tick()"));
    }
    CompletableFuture<Integer> ownWork = new CompletableFuture<>();
    loop.execute(() -> ownWork.complete(runs.get())); // a timer or a notification of the script's own

    release.countDown();

    assertThat(ownWork.get(5, TimeUnit.SECONDS)).isEqualTo(2); // the two calls handed over before it, not 100
    for (CompletableFuture<Object> call : calls) {
      call.get(5, TimeUnit.SECONDS);
    }
    assertThat(runs).hasValue(100);
    loop.shutdownNow();
  }

  @Test
  void aCallWhoseCallerGaveUpWhileItWaitedIsNotRun() throws Exception {
    var loop = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      try {
        release.await(); // the script's thread is busy with something else
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    ApiClient script = new ApiClient(bridge.connect("late"), loop);
    script.register(RpcDefinition.of("counted"), a -> CompletableFuture.completedFuture(runs.incrementAndGet())).get(5, TimeUnit.SECONDS);

    CompletableFuture<Object> call = bridge.invoke("counted()", InvocationContext.app(), Duration.ofMillis(100));
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasMessageContaining("did not finish within 0.1 s");
    release.countDown();

    assertThat(bridge.invoke("counted()").get(5, TimeUnit.SECONDS)).isEqualTo(1L); // the first call never ran
    assertThat(ApiServer.of(bridge).registry().pendingCalls()).isZero();
    loop.shutdownNow();
  }

  @Test
  void wholeInvocationTimeoutIsReportedAsTimeout() {
    ApiClient script = new ApiClient(bridge.connect("sleepy"), Runnable::run);
    script.register(RpcDefinition.of("slow"), a -> new CompletableFuture<>()).join();

    assertThatThrownBy(() -> bridge.invoke("slow()", InvocationContext.app(), Duration.ofMillis(200)).get(5, TimeUnit.SECONDS))
        .rootCause()
        .isInstanceOf(InvocationException.class)
        .hasMessageContaining("did not finish within 0.2 s")
        .satisfies(e -> assertThat(((InvocationException) e).status()).isEqualTo(InvocationException.Status.TIMEOUT));
  }

  @Test
  void lateResultAfterTheTimeoutIsDropped() throws Exception {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    ApiClient script = new ApiClient(bridge.connect("late"), Runnable::run);
    script.register(new RpcDefinition("late", List.of(), Map.of(), Duration.ofMillis(100)), a -> answer).join();
    CompletableFuture<Object> call = bridge.invoke("late()");
    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasMessageContaining("Timeout");

    answer.complete("too late");

    assertThat(ApiServer.of(bridge).registry().pendingCalls()).isZero();
    script.register(RpcDefinition.of("ok"), a -> CompletableFuture.completedFuture("fine")).join();
    assertThat(bridge.invoke("ok()").get(5, TimeUnit.SECONDS)).isEqualTo("fine");
  }

  @Test
  void closingAConnectionFailsItsPendingCallsAtOnce() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    ApiClient script = new ApiClient(bridge.connect("doomed"), Executors.newVirtualThreadPerTaskExecutor());
    script.register(RpcDefinition.of("hang", "x"), a -> {
      called.countDown();
      return new CompletableFuture<>();
    }).join();
    CompletableFuture<Object> call = bridge.invoke("hang(x: 1)");
    assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();

    script.close();

    // the function's own timeout is 5 s and the invocation's 30 s: only the close can end it within 2 s
    assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS))
        .hasMessageContaining("In call to hang: script terminated during function call: hang(x)");
  }

  @Test
  void closingAConnectionRemovesItsFunctions() throws Exception {
    ApiClient script = new ApiClient(bridge.connect("gone"), Runnable::run);
    script.register(RpcDefinition.of("bye"), a -> CompletableFuture.completedFuture(1L)).join();

    script.close();

    assertThatThrownBy(() -> bridge.invoke("bye()").get(5, TimeUnit.SECONDS)).hasMessageContaining("No function registered");
    bridge.register(RpcDefinition.of("bye"), a -> 2L);
    assertThat(bridge.invoke("bye()").get(5, TimeUnit.SECONDS)).isEqualTo(2L);
  }
}
