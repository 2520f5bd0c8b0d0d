package org.polybridge.internal.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.polybridge.testkit.Eventually;

class HeapPressureTest {
  private static final long MB = 1 << 20;
  private static final Set<String> ALL = Set.of("eden", "survivor", "old");

  private final List<String> told = new CopyOnWriteArrayList<>();
  private final HeapPressure.Listener listener = new HeapPressure.Listener() {
    @Override
    public void healthy(boolean again) {
      told.add(again ? "healthy again" : "healthy");
    }

    @Override
    public void overLimit(HeapPressure.Reading reading) {
      told.add((reading.outOfRoom() ? "out of room " : "over ") + reading.used() / MB);
    }
  };
  /** A 1000 MB heap with a limit of 80 %: over at 800 MB, healthy below 600 MB. */
  private final HeapPressure pressure = new HeapPressure(0.8, 1000 * MB, ALL, Runnable::run, listener);

  private static HeapPressure.Collection young(long eden, long survivor, long old) {
    return new HeapPressure.Collection(ALL, Map.of("eden", eden * MB, "survivor", survivor * MB, "old", old * MB), false);
  }

  @Test
  void eachCollectionThatLeavesTheHeapOverItsLimitIsToldAsItEnds() {
    pressure.collected(young(0, 10, 500));
    pressure.collected(young(0, 10, 820));
    pressure.collected(young(0, 10, 845));

    assertThat(told).containsExactly("healthy", "over 830", "over 855");
  }

  @Test
  void theFirstHealthyCollectionAfterOthersSaysTheHeapIsHealthyAgain() {
    pressure.collected(young(0, 10, 500));
    pressure.collected(young(0, 10, 700));
    pressure.collected(young(0, 10, 100));
    pressure.collected(young(0, 10, 120));

    assertThat(told).containsExactly("healthy", "healthy again", "healthy");
  }

  @Test
  void aPoolTheCollectorDoesNotCoverKeepsWhatTheLastCollectionThatDidLeftInIt() {
    pressure.collected(young(0, 20, 500));
    // G1's concurrent cycle covers the old generation alone: eden's usage at its end is what is
    // being allocated, not what survived
    pressure.collected(new HeapPressure.Collection(Set.of("old"), Map.of("eden", 700 * MB, "survivor", 0L, "old", 560 * MB), false));

    assertThat(told).containsExactly("healthy", "healthy");
  }

  @Test
  void aHeapThatRanOutOfRoomWithMoreThanThreeQuartersOfTheLimitLiveIsOverItsLimit() {
    pressure.collected(new HeapPressure.Collection(ALL, Map.of("eden", 0L, "survivor", 0L, "old", 650 * MB), true));
    pressure.collected(young(0, 0, 650));
    pressure.collected(new HeapPressure.Collection(ALL, Map.of("eden", 0L, "survivor", 0L, "old", 590 * MB), true));

    assertThat(told).containsExactly("out of room 650", "healthy again");
  }

  @Test
  void aFullCollectionSomeoneAskedForSaysNothingOfRoom() {
    assertThat(HeapPressure.Collection.outOfRoom("end of major GC", "G1 Compaction Pause")).isTrue();
    assertThat(HeapPressure.Collection.outOfRoom("end of major GC", "Allocation Failure")).isTrue();
    assertThat(HeapPressure.Collection.outOfRoom("end of major GC", "System.gc()")).isFalse();
    assertThat(HeapPressure.Collection.outOfRoom("end of major GC", "Diagnostic Command")).isFalse();
    assertThat(HeapPressure.Collection.outOfRoom("end of major GC", "G1 Periodic Collection")).isFalse();
    assertThat(HeapPressure.Collection.outOfRoom("end of minor GC", "G1 Humongous Allocation")).isFalse();
  }

  @Test
  void theJvmsOwnCollectionsAreReadAsTheyEndUntilTheWatchIsClosed() throws Exception {
    List<HeapPressure.Reading> closedOnesReadings = new CopyOnWriteArrayList<>();
    HeapPressure closed = HeapPressure.watch(1e-9, Runnable::run, new HeapPressure.Listener() {
      @Override
      public void healthy(boolean again) {}

      @Override
      public void overLimit(HeapPressure.Reading reading) {
        closedOnesReadings.add(reading);
      }
    });
    List<HeapPressure.Reading> readings = new CopyOnWriteArrayList<>();
    HeapPressure open = HeapPressure.watch(1e-9, Runnable::run, new HeapPressure.Listener() {
      @Override
      public void healthy(boolean again) {}

      @Override
      public void overLimit(HeapPressure.Reading reading) {
        readings.add(reading);
      }
    });
    closed.close();
    closedOnesReadings.clear(); // what a collection before the close told it
    try {
      System.gc();

      Eventually.until("the collection read", () -> !readings.isEmpty());
      // both listen to the same collectors, told on one thread in the order they came
      assertThat(closedOnesReadings).isEmpty();
      assertThat(readings.get(0).used()).isPositive();
      assertThat(readings.get(0).max()).isEqualTo(Runtime.getRuntime().maxMemory());
    } finally {
      open.close();
    }
  }

  @Test
  void noWatchWhenTheLimitIsOff() {
    assertThat(HeapPressure.watch(0, Runnable::run, listener)).isNull();
    assertThat(HeapPressure.watch(1, Runnable::run, listener)).isNull();
  }
}
