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
    // 100 ms apart: due times are taken when schedule is called, and on a loaded machine the
    // statements between two calls can take longer than a few milliseconds.
    loop.schedule(() -> { ran.add("300 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(300));
    loop.execute(() -> loop.schedule(() -> { ran.add("100 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(100)));
    loop.schedule(() -> { ran.add("200 ms " + loop.inLoop()); all.countDown(); }, Duration.ofMillis(200));

    assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("100 ms true", "200 ms true", "300 ms true");
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

  @Test
  void aFailingTaskOrTimerAndWorkPostedAfterCloseReachTheScriptsLog() throws Exception {
    List<String> logged = new CopyOnWriteArrayList<>();
    ScriptLog log = new ScriptLog() {
      @Override
      public void info(String message) {
        logged.add("info " + message);
      }

      @Override
      public void error(String message, String traceback) {
        logged.add("error " + message + " | " + traceback.lines().findFirst().orElse(""));
      }
    };
    ScriptEventLoop logging = new ScriptEventLoop("logged.py", log);
    try {
      logging.execute(() -> { throw new IllegalStateException("task broke"); });
      CountDownLatch timerRan = new CountDownLatch(1);
      logging.schedule(() -> {
        timerRan.countDown();
        throw new IllegalArgumentException("timer broke");
      }, Duration.ZERO);
      assertThat(timerRan.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> after = new CompletableFuture<>();
      logging.execute(() -> after.complete(null));
      after.get(5, TimeUnit.SECONDS); // the timer's failure is reported before this runs
    } finally {
      logging.close();
    }
    logging.execute(() -> { });
    logging.execute(() -> { });

    assertThat(logged).hasSize(3);
    assertThat(logged.get(0)).startsWith("error a task on script-logged.py failed: java.lang.IllegalStateException: task broke")
        .contains("| java.lang.IllegalStateException: task broke");
    assertThat(logged.get(1)).startsWith("error a timer on script-logged.py failed: java.lang.IllegalArgumentException: timer broke");
    assertThat(logged.get(2)).startsWith("info work posted after script-logged.py stopped was dropped");
  }
}
