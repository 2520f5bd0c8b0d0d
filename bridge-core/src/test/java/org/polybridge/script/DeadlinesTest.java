package org.polybridge.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.polybridge.script.Deadlines.Deadline;
import org.polybridge.internal.time.Timeouts;
import org.polybridge.testkit.ManualScheduler;

class DeadlinesTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Deadlines deadlines = new Deadlines(scheduler, () -> scheduler.elapsed().toNanos());
  private final List<String> expired = new CopyOnWriteArrayList<>();

  @Test
  void deadlinesExpireInTheOrderOfTheirDueTimesEachWhenItsTimeComes() {
    add("c", 3);
    add("a", 1);
    add("b", 2);

    scheduler.advance(Duration.ofMillis(999));
    assertThat(expired).isEmpty();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(expired).containsExactly("a");
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(expired).containsExactly("a", "b", "c");
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void aLaterDeadlineArmsNothingAndAnEarlierOneRearms() {
    add("first", 5);
    assertThat(scheduler.scheduled()).isEqualTo(1);

    add("later", 5);
    add("much later", 30);
    assertThat(scheduler.scheduled()).isEqualTo(1);

    add("earlier", 1);
    assertThat(scheduler.scheduled()).isEqualTo(2);
    assertThat(scheduler.queued()).as("the superseded task is cancelled").isEqualTo(1);
  }

  @Test
  void cancellingTouchesNeitherTheArmedTaskNorTheTimer() {
    Deadline first = add("first", 5);
    Deadline second = add("second", 5);

    assertThat(second.cancel()).isTrue();
    assertThat(first.cancel()).isTrue();

    assertThat(scheduler.scheduled()).isEqualTo(1);
    assertThat(scheduler.queued()).isEqualTo(1);
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void cancelledDeadlinesNeverExpire() {
    Deadline cancelled = add("cancelled", 1);
    add("kept", 2);

    assertThat(cancelled.cancel()).isTrue();
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(expired).containsExactly("kept");
    assertThat(cancelled.cancel()).isFalse();
  }

  @Test
  void anExpiredDeadlineCannotBeCancelled() {
    Deadline deadline = add("a", 1);

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(deadline.cancel()).isFalse();
    assertThat(expired).containsExactly("a");
  }

  @Test
  void callsThatEndInTimeCostOneTimerTaskPerTimeoutPeriodNotOnePerCall() {
    for (int call = 0; call < 100; call++) {
      add("call " + call, 5).cancel();
      scheduler.advance(Duration.ofMillis(10));
    }

    assertThat(scheduler.scheduled()).isEqualTo(1);
    assertThat(expired).isEmpty();
  }

  @Test
  void whenNothingIsPendingTheTimerIsLeftIdleAfterOneSpareRing() {
    add("a", 1);
    add("b", 2).cancel();

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(expired).containsExactly("a");
    assertThat(scheduler.queued()).isZero();

    add("c", 1).cancel();
    scheduler.advance(Duration.ofSeconds(1)); // the spare ring: its deadline was cancelled after it was armed
    assertThat(scheduler.queued()).isZero();
    scheduler.advance(Duration.ofDays(1));
    assertThat(scheduler.scheduled()).isEqualTo(2);
    assertThat(expired).containsExactly("a");
  }

  @Test
  void aDeadlineAddedByAnExpiryIsArmedFor() {
    deadlines.after(Duration.ofSeconds(1), () -> {
      expired.add("a");
      add("b", 1);
    });

    scheduler.advance(Duration.ofSeconds(2));

    assertThat(expired).containsExactly("a", "b");
  }

  @Test
  void aFailingExpiryDoesNotStopTheOthers() {
    deadlines.after(Duration.ofSeconds(1), () -> {
      throw new IllegalStateException("expected by the test");
    });
    add("same time", 1);
    add("later", 2);

    scheduler.advance(Duration.ofSeconds(2));

    assertThat(expired).containsExactly("same time", "later");
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wrapped due time had the timer ring for ever
  void aTimeoutNearTwoToTheSixtyThirdNanosecondsLeavesAFreshOneOnTime() {
    scheduler.advance(Duration.ofDays(3)); // the clock is far from zero, as System.nanoTime is
    deadlines.after(Duration.ofMillis(9_223_372_036_854L), () -> expired.add("near 2^63 ns"));
    deadlines.after(Duration.ofNanos(Long.MAX_VALUE), () -> expired.add("2^63 - 1 ns"));

    add("fresh", 1);
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(expired).containsExactly("fresh");
  }

  @Test
  void aTimeoutBeyondTheLongestIsCutToItAndExpiresThen() {
    deadlines.after(Duration.ofSeconds(Long.MAX_VALUE), () -> expired.add("for ever"));
    add("fresh", 1);

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(expired).containsExactly("fresh");
    scheduler.advance(Timeouts.MAX.minusSeconds(1).minusNanos(1));
    assertThat(expired).containsExactly("fresh");
    scheduler.advance(Duration.ofNanos(1));
    assertThat(expired).containsExactly("fresh", "for ever");
  }

  @Test
  void deadlinesStayInOrderWhateverTheClockReads() {
    Deadlines late = new Deadlines(scheduler, () -> Long.MAX_VALUE - 500_000_000L + scheduler.elapsed().toNanos());
    List<String> order = new CopyOnWriteArrayList<>();
    late.after(Duration.ofSeconds(2), () -> order.add("2 s"));
    late.after(Duration.ofSeconds(1), () -> order.add("1 s")); // due after the clock wrapped

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(order).containsExactly("1 s");
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(order).containsExactly("1 s", "2 s");
  }

  @Test
  void aNegativeTimeoutExpiresAtOnce() {
    deadlines.after(Duration.ofSeconds(Long.MIN_VALUE), () -> expired.add("past"));

    scheduler.runPending();

    assertThat(expired).containsExactly("past");
  }

  @RepeatedTest(10) // each run takes some tens of ms; a race that loses a deadline shows in a few runs of 30
  void concurrentAddsAndCancelsLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 5_000;
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    timer.setRemoveOnCancelPolicy(true);
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      Deadlines shared = new Deadlines(timer);
      CountDownLatch keptExpired = new CountDownLatch(threads * perThread / 2);
      List<Future<List<Outcome>>> outcomes = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        outcomes.add(callers.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          List<Outcome> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            AtomicBoolean fired = new AtomicBoolean();
            boolean kept = i % 2 == 0;
            // 0 to 2 ms: adds and cancels race with the timer's rings
            Deadline deadline = shared.after(Duration.ofNanos(random.nextLong(2_000_000)), () -> {
              fired.set(true);
              if (kept) {
                keptExpired.countDown();
              }
            });
            boolean cancelled = !kept && deadline.cancel();
            mine.add(new Outcome(fired, cancelled));
          }
          return mine;
        }));
      }
      List<Outcome> all = new ArrayList<>();
      for (Future<List<Outcome>> f : outcomes) {
        all.addAll(f.get(30, TimeUnit.SECONDS));
      }

      // before any other deadline is added: a later one's ring would expire one that was left unarmed
      assertThat(keptExpired.await(30, TimeUnit.SECONDS)).as("every deadline never cancelled expires").isTrue();
      // deadlines expire in order, one after another: once this later one has, every earlier one has
      CountDownLatch last = new CountDownLatch(1);
      shared.after(Duration.ofMillis(5), last::countDown);
      assertThat(last.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat(all).hasSize(threads * perThread);
      assertThat(all).filteredOn(Outcome::cancelled).as("cancelled, yet expired").noneMatch(o -> o.fired().get());
      assertThat(all).filteredOn(o -> !o.cancelled()).as("not cancelled, yet never expired").allMatch(o -> o.fired().get());
      assertThat(all).filteredOn(Outcome::cancelled).isNotEmpty();
      assertThat(shared.pending()).isZero();
    } finally {
      callers.shutdownNow();
      timer.shutdownNow();
    }
  }

  private record Outcome(AtomicBoolean fired, boolean cancelled) {}

  private Deadline add(String name, long seconds) {
    return deadlines.after(Duration.ofSeconds(seconds), () -> expired.add(name));
  }
}
