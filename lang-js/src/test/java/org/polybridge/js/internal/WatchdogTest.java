package org.polybridge.js.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.polybridge.testkit.ManualScheduler;

class WatchdogTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicInteger interrupts = new AtomicInteger();
  private final Watchdog watchdog = new Watchdog(scheduler, () -> scheduler.elapsed().toNanos(), interrupts::incrementAndGet);

  @Test
  void entriesThatReturnInTimeArmOneCheckBetweenThem() {
    for (int i = 0; i < 1000; i++) {
      watchdog.disarm(watchdog.arm(Duration.ofSeconds(5)));
      scheduler.advance(Duration.ofMillis(1));
    }

    assertThat(scheduler.scheduled()).isEqualTo(1);
    assertThat(interrupts).hasValue(0);
  }

  @Test
  void anEntryThatOverrunsItsBudgetIsInterruptedAndSaysSo() {
    watchdog.disarm(watchdog.arm(Duration.ofSeconds(5)));
    scheduler.advance(Duration.ofSeconds(3));
    long entry = watchdog.arm(Duration.ofSeconds(5));

    scheduler.advance(Duration.ofSeconds(2)); // the first entry's check: this one has 3 s left
    assertThat(interrupts).hasValue(0);
    assertThat(watchdog.overran(entry)).isNull();
    scheduler.advance(Duration.ofMillis(2999));
    assertThat(interrupts).hasValue(0);
    scheduler.advance(Duration.ofMillis(1));

    assertThat(interrupts).hasValue(1);
    assertThat(watchdog.overran(entry)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aShorterBudgetThanTheArmedCheckArmsAnEarlierOne() {
    watchdog.disarm(watchdog.arm(Duration.ofSeconds(60)));
    long entry = watchdog.arm(Duration.ofMillis(100));

    scheduler.advance(Duration.ofMillis(100));

    assertThat(interrupts).hasValue(1);
    assertThat(watchdog.overran(entry)).isEqualTo(Duration.ofMillis(100));
    assertThat(scheduler.queued()).isZero(); // the 60 s check was replaced, not left behind
  }

  @Test
  void aCallOverdueAtItsTimeoutInterruptsTheEntryThatHeldTheThreadForHalfOfIt() {
    long entry = watchdog.arm(Duration.ofSeconds(10)); // code after an await: a callback's budget
    scheduler.advance(Duration.ofMillis(499));
    watchdog.overdue(Duration.ofSeconds(1));
    assertThat(interrupts).hasValue(0); // began after half the call's timeout: the call waits on something else

    scheduler.advance(Duration.ofMillis(1));
    watchdog.overdue(Duration.ofSeconds(1));

    assertThat(interrupts).hasValue(1);
    assertThat(watchdog.overran(entry)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aCallOverdueWhileNoEntryRunsInterruptsNothing() {
    watchdog.disarm(watchdog.arm(Duration.ofSeconds(10)));
    scheduler.advance(Duration.ofSeconds(2));

    watchdog.overdue(Duration.ofSeconds(1));

    assertThat(interrupts).hasValue(0);
  }

  @Test
  void anIdleWatchdogStopsCheckingAfterOneSpareCheck() {
    watchdog.disarm(watchdog.arm(Duration.ofSeconds(5)));

    scheduler.advance(Duration.ofSeconds(5));

    assertThat(scheduler.queued()).isZero();
    assertThat(interrupts).hasValue(0);
  }

  @Test
  void closingLeavesNoCheckBehind() {
    watchdog.arm(Duration.ofSeconds(60));

    watchdog.close();

    assertThat(scheduler.queued()).isZero();
    scheduler.advance(Duration.ofSeconds(61));
    assertThat(interrupts).hasValue(0);
  }
}
