package org.polybridge.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BriefSpinTest {
  /** A clock that moves 1 µs each time it is read. */
  private static final class TickingClock {
    long now;

    long read() {
      now += 1_000;
      return now;
    }
  }

  /** A queue that stays empty, counting the looks. */
  private static final class EmptyQueue implements Supplier<String> {
    final AtomicInteger looks = new AtomicInteger();

    @Override
    public String get() {
      looks.incrementAndGet();
      return null;
    }
  }

  @Test
  void aThreadWhoseLastWaitWasLongParksAtOnceWithoutSpinning() {
    TickingClock clock = new TickingClock();
    BriefSpin.Adaptive spin = new BriefSpin.Adaptive(50_000, clock::read);
    EmptyQueue queue = new EmptyQueue();

    assertThat(spin.poll(queue)).isNull();
    assertThat(queue.looks).as("a new thread's first wait counts as long").hasValue(1);

    clock.now += 1_000_000; // parked a millisecond: a wire round trip, not a call in a loop
    spin.parkedFor();
    assertThat(spin.poll(queue)).isNull();
    assertThat(queue.looks).hasValue(2);
  }

  @Test
  void aThreadWhoseLastWaitWasShortSpinsUpToTheLimitThenParks() {
    TickingClock clock = new TickingClock();
    BriefSpin.Adaptive spin = new BriefSpin.Adaptive(50_000, clock::read);
    EmptyQueue queue = new EmptyQueue();
    spin.poll(queue);
    spin.parkedFor(); // 1 µs later: a short wait

    assertThat(spin.poll(queue)).isNull();
    assertThat(queue.looks.get()).as("looks during a 50 µs spin on a clock of 1 µs per read").isBetween(40, 60);

    clock.now += 10_000_000; // the spin found nothing; the park that followed was long
    spin.parkedFor();
    int before = queue.looks.get();
    spin.poll(queue);
    assertThat(queue.looks.get() - before).isEqualTo(1);
  }

  @Test
  void aSpinReturnsTheTaskThatCameWhileItLooked() {
    TickingClock clock = new TickingClock();
    BriefSpin.Adaptive spin = new BriefSpin.Adaptive(50_000, clock::read);
    spin.poll(() -> null);
    spin.parkedFor();
    AtomicInteger looks = new AtomicInteger();

    assertThat(spin.poll(() -> looks.incrementAndGet() == 5 ? "call" : null)).isEqualTo("call");
    assertThat(spin.poll(() -> "next")).as("a task already there is taken without spinning").isEqualTo("next");
  }

  @Test
  void aLimitOfZeroNeverSpins() {
    BriefSpin.Adaptive spin = new BriefSpin.Adaptive(0, System::nanoTime);
    EmptyQueue queue = new EmptyQueue();
    for (int i = 0; i < 3; i++) {
      assertThat(spin.poll(queue)).isNull();
      spin.parkedFor();
    }
    assertThat(queue.looks).hasValue(3);
  }

  @Test
  void untilSeesAConditionThatHoldsAndGivesUpOnOneThatNeverDoes() {
    assertThat(BriefSpin.until(() -> true)).isTrue();
    long start = System.nanoTime();
    assertThat(BriefSpin.until(() -> false)).isFalse();
    assertThat(System.nanoTime() - start).as("bounded").isLessThan(TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void aSpinFirstFutureAnswersAndFailsAsACompletableFutureDoes() throws Exception {
    CompletableFuture<Object> answered = new SpinFirstFuture<>();
    Thread.ofPlatform().start(() -> answered.complete(42));
    assertThat(answered.join()).isEqualTo(42);
    assertThat(answered.get()).isEqualTo(42);
    assertThat(answered.thenApply(v -> v + "!")).isInstanceOf(SpinFirstFuture.class).isCompletedWithValue("42!");

    CompletableFuture<Object> failed = new SpinFirstFuture<>();
    IllegalStateException cause = new IllegalStateException("no");
    Thread.ofPlatform().start(() -> failed.completeExceptionally(cause));
    assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).hasCause(cause);
    assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(cause);

    CompletableFuture<Object> never = new SpinFirstFuture<>();
    assertThatThrownBy(() -> never.get(20, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
  }
}
