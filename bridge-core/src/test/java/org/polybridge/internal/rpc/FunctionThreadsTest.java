package org.polybridge.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FunctionThreadsTest {
  @Test
  void callsMadeOneAfterAnotherRunOnTheWarmPlatformThreadsAgainAndAgain() throws Exception {
    try (FunctionThreads threads = new FunctionThreads("calls")) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        names.add(run(threads, () -> (Thread.currentThread().isVirtual() ? "virtual " : "") + Thread.currentThread().getName()));
        awaitAllIdle(threads);
      }

      assertThat(names).isSubsetOf("calls-1", "calls-2").isNotEmpty();
      assertThat(threads.warmThreads()).isLessThanOrEqualTo(FunctionThreads.WARM);
    }
  }

  @Test
  void whileEveryWarmThreadIsBlockedACallRunsAtOnceOnAVirtualThread() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(FunctionThreads.WARM);
    try (FunctionThreads threads = new FunctionThreads("calls")) {
      List<CompletableFuture<Boolean>> blockers = new ArrayList<>();
      for (int i = 0; i < FunctionThreads.WARM; i++) {
        blockers.add(submit(threads, () -> {
          blocked.countDown();
          release.await();
          return Thread.currentThread().isVirtual();
        }));
      }
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(run(threads, () -> Thread.currentThread().isVirtual())).as("a call beside the blocked ones").isTrue();
      release.countDown();
      for (CompletableFuture<Boolean> b : blockers) {
        assertThat(b.get(10, TimeUnit.SECONDS)).as("the blocked calls ran on warm threads").isFalse();
      }
    }
  }

  @Test
  void anInterruptOneCallLeftBehindDoesNotReachTheNextCallOnTheSameThread() throws Exception {
    try (FunctionThreads threads = new FunctionThreads("calls")) {
      List<Boolean> startedInterrupted = new ArrayList<>();
      Set<String> ran = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        startedInterrupted.add(run(threads, () -> {
          boolean interrupted = Thread.currentThread().isInterrupted();
          synchronized (ran) {
            ran.add(Thread.currentThread().getName());
          }
          Thread.currentThread().interrupt();
          return interrupted;
        }));
        awaitAllIdle(threads);
      }

      assertThat(ran).as("ten calls on at most two warm threads").hasSizeLessThanOrEqualTo(FunctionThreads.WARM);
      assertThat(startedInterrupted).containsOnly(false);
    }
  }

  @Test
  void aCallThatThrowsLeavesItsThreadServingTheNextCalls() throws Exception {
    try (FunctionThreads threads = new FunctionThreads("calls")) {
      threads.execute(() -> {
        throw new IllegalStateException("a task's own failure, logged by the thread");
      });
      awaitAllIdle(threads);

      assertThat(run(threads, () -> Thread.currentThread().getName())).startsWith("calls-");
      assertThat(threads.warmThreads()).isBetween(1, FunctionThreads.WARM);
    }
  }

  @Test
  void closeInterruptsTheRunningCallsEndsTheWarmThreadsAndRefusesNewCalls() throws Exception {
    FunctionThreads threads = new FunctionThreads("calls");
    CountDownLatch running = new CountDownLatch(FunctionThreads.WARM + 1);
    List<Thread> ranOn = new ArrayList<>();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < FunctionThreads.WARM + 1; i++) { // the warm threads and one virtual thread
      calls.add(submit(threads, () -> {
        synchronized (ranOn) {
          ranOn.add(Thread.currentThread());
        }
        running.countDown();
        try {
          new CountDownLatch(1).await();
          return "not interrupted";
        } catch (InterruptedException e) {
          return "interrupted";
        }
      }));
    }
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    threads.close();

    for (CompletableFuture<String> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
    }
    for (Thread t : ranOn) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).as(t + " ended").isFalse();
    }
    assertThat(threads.warmThreads()).isZero();
    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("calls threads are closed");
  }

  private interface Body<T> {
    T call() throws Exception;
  }

  private static <T> CompletableFuture<T> submit(FunctionThreads threads, Body<T> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    threads.execute(() -> {
      try {
        result.complete(body.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private static <T> T run(FunctionThreads threads, Body<T> body) throws Exception {
    return submit(threads, body).get(10, TimeUnit.SECONDS);
  }

  /** Until every warm thread started is parked again: a call's answer comes before its thread parks. */
  private static void awaitAllIdle(FunctionThreads threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (threads.idleThreads() < threads.warmThreads()) {
      assertThat(System.nanoTime() - deadline).as("the warm threads parked within 10 s").isNegative();
      Thread.onSpinWait();
    }
  }
}
