package org.polybridge.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptEventLoopTest {
  private final ScriptEventLoop loop = new ScriptEventLoop("test.js");
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    loop.close();
  }

  /** Returns once everything posted before it has run. */
  private void drain() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> done.complete(null));
    done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void tasksRunInOrderOnTheLoopsOwnThread() throws Exception {
    for (int i = 0; i < 100; i++) {
      int n = i;
      loop.execute(() -> ran.add(n + (loop.inLoop() ? "" : " elsewhere") + " " + Thread.currentThread().getName()));
    }
    drain();

    assertThat(ran).hasSize(100).allSatisfy(r -> assertThat(r).endsWith(" script-test.js"));
    assertThat(ran.get(0)).startsWith("0 ");
    assertThat(ran.get(99)).startsWith("99 ");
    assertThat(loop.inLoop()).isFalse();
  }

  @Test
  void timersRunOnTheLoopInTheOrderOfTheirDueTimes() throws Exception {
    CountDownLatch all = new CountDownLatch(3);
    loop.schedule(() -> { ran.add("30 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(30));
    loop.execute(() -> loop.schedule(() -> { ran.add("10 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(10)));
    loop.schedule(() -> { ran.add("20 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(20));

    assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("10 ms true", "20 ms true", "30 ms true");
  }

  @Test
  void aTimerThatComesDueRunsAfterTheTasksPostedBeforeIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    loop.execute(() -> {
      loop.schedule(() -> ran.add("timer"), Duration.ZERO);
      ran.add("first");
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    loop.execute(() -> ran.add("posted while the first ran"));
    release.countDown();
    drain();
    drain(); // the timer joins the queue after the first drain's task at the latest

    assertThat(ran).containsExactly("first", "posted while the first ran", "timer");
  }

  @Test
  void aCancelledTimerNeverRunsWhoeverCancelsIt() throws Exception {
    ScheduledFuture<?> fromHere = loop.schedule(() -> ran.add("cancelled elsewhere"), Duration.ofMillis(20));
    assertThat(fromHere.cancel(false)).isTrue();
    CompletableFuture<ScheduledFuture<?>> onLoop = new CompletableFuture<>();
    loop.execute(() -> {
      ScheduledFuture<?> t = loop.schedule(() -> ran.add("cancelled on the loop"), Duration.ofMillis(20));
      t.cancel(false);
      onLoop.complete(t);
    });
    CountDownLatch later = new CountDownLatch(1);
    loop.schedule(later::countDown, Duration.ofMillis(40));

    assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isEmpty();
    assertThat(fromHere.isDone()).isTrue();
    assertThat(onLoop.get(5, TimeUnit.SECONDS).isCancelled()).isTrue();
  }

  @Test
  void aTaskOrTimerThatThrowsDoesNotStopTheLoop() throws Exception {
    loop.execute(() -> {
      throw new IllegalStateException("a task broke (expected by the test)");
    });
    CountDownLatch timer = new CountDownLatch(1);
    loop.schedule(() -> {
      throw new IllegalStateException("a timer broke (expected by the test)");
    }, Duration.ZERO);
    loop.schedule(timer::countDown, Duration.ofMillis(5));

    assertThat(timer.await(5, TimeUnit.SECONDS)).isTrue();
    drain();
  }

  @Test
  void afterCloseTasksAreDroppedAndTimersRefused() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    loop.execute(() -> {
      running.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    });
    loop.execute(() -> ran.add("queued behind"));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    loop.close();

    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    loop.execute(() -> ran.add("after close"));
    assertThat(loop.isClosed()).isTrue();
    assertThatThrownBy(() -> loop.schedule(() -> ran.add("timer"), Duration.ZERO))
        .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("script-test.js");
    assertThat(ran).isEmpty();
  }
}
