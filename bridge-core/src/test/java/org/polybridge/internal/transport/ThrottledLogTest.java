package org.polybridge.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {
  private final AtomicLong now = new AtomicLong(123_456_789L);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final ThrottledLog log = new ThrottledLog(new Recorder(), Level.INFO, Duration.ofSeconds(10), now::get);

  @Test
  void theFirstLineOfABurstIsWrittenAndTheRestCountedIntoTheNextOneWritten() {
    log.log("refused a");
    for (int i = 0; i < 5; i++) {
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      log.log("refused " + i);
    }
    assertThat(lines).containsExactly("refused a");

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    log.log("refused b");

    assertThat(lines).containsExactly("refused a", "refused b (and 5 more not logged since 10 s ago)");
  }

  @Test
  void linesFartherApartThanTheIntervalAreAllWritten() {
    for (int i = 0; i < 3; i++) {
      log.log("refused " + i);
      now.addAndGet(Duration.ofSeconds(10).toNanos());
    }

    assertThat(lines).containsExactly("refused 0", "refused 1", "refused 2");
  }

  private final class Recorder implements System.Logger {
    @Override
    public String getName() {
      return "recorder";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      lines.add(message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(format);
    }
  }
}
