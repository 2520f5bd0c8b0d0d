package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/** {@code polybridge logs}: a script's log file as the daemon writes it. */
class LogsCommandTest {
  @TempDir Path logs;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private synchronized String printed() {
    return out.toString();
  }

  @Test
  void printsTheLastLinesOfTheScriptsLog() throws Exception {
    Files.writeString(logs.resolve("add.py.log"), "one\ntwo\nthree\n");
    assertThat(run("logs", "-n", "2", "--logs", logs.toString(), "add.py")).isZero();
    assertThat(printed()).isEqualTo("two\nthree\n");
  }

  @Test
  void followsWhatIsWrittenAfterAcrossTheMoveToLogDotOne() throws Exception {
    Path log = Files.writeString(logs.resolve("add.py.log"), "before\n");
    Thread following = Thread.ofPlatform().start(() -> run("logs", "-f", "--logs", logs.toString(), "add.py"));
    try {
      Eventually.until("the first lines", () -> printed().equals("before\n"));
      Files.writeString(log, "after\n", StandardOpenOption.APPEND);
      Eventually.until("the appended line", () -> printed().equals("before\nafter\n"));
      Files.move(log, logs.resolve("add.py.log.1"));
      Files.writeString(log, "anew\n");
      Eventually.until("the new file's line", () -> printed().equals("before\nafter\nanew\n"));
    } finally {
      following.interrupt();
      following.join(5_000);
    }
    assertThat(following.isAlive()).isFalse();
  }

  @Test
  void anUnknownNameIsAClearErrorNamingTheScriptsThatHaveLogs() throws Exception {
    Files.writeString(logs.resolve("add.py.log"), "x\n");
    Files.writeString(logs.resolve("clear.js.log"), "x\n");
    assertThat(run("logs", "--logs", logs.toString(), "nope.py")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: no log of a script named nope.py in " + logs
        + " (expected one of: add.py, clear.js)\n");
  }
}
