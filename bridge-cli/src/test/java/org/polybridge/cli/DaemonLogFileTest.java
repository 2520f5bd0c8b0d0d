package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's own log, {@code polybridge0.log} in its log folder: rotated at 10 MB into
 * {@code polybridge1.log} … {@code polybridge4.log} (5 files; docs/INSTALL.md), each its user's
 * alone, and no message lost at a rotation. Records are written through the handler the daemon
 * installs, not the JVM's global logging, so that tests do not disturb each other.
 */
class DaemonLogFileTest {
  private static final Formatter LINE = new Formatter() {
    @Override
    public String format(LogRecord record) {
      return record.getMessage() + "\n";
    }
  };

  @TempDir Path folder;
  private final List<Handler> opened = new ArrayList<>();

  @AfterEach
  void closeHandlers() {
    opened.forEach(Handler::close);
  }

  private Handler open(Path logs, long limitBytes, int count) throws IOException {
    Handler handler = DaemonLogFile.open(logs, limitBytes, count);
    handler.setFormatter(LINE);
    opened.add(handler);
    return handler;
  }

  private static void log(Handler handler, String message) {
    handler.publish(new LogRecord(Level.INFO, message));
  }

  private List<String> logFiles(Path logs) throws IOException {
    try (Stream<Path> files = Files.list(logs)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
    }
  }

  /** The lines of every generation, oldest first. */
  private static List<String> linesOldestFirst(Path logs, int count) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int g = count - 1; g >= 0; g--) {
      Path file = logs.resolve("polybridge" + g + ".log");
      if (Files.exists(file)) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  @Test
  void rotatesAtTheDocumentedTenMegabytes() throws Exception {
    Path logs = folder.resolve("logs");
    Handler handler = DaemonLogFile.open(logs);
    handler.setFormatter(LINE);
    opened.add(handler);
    String line = "x".repeat(999); // 1000 bytes with its newline
    int written = 0;
    while (!Files.exists(logs.resolve("polybridge1.log"))) {
      log(handler, line);
      written++;
      assertThat(written).as("records written without a rotation").isLessThanOrEqualTo(10_001);
    }

    assertThat(DaemonLogFile.LIMIT_BYTES).isEqualTo(10_000_000);
    assertThat(written).as("1000-byte records before the rotation").isEqualTo(10_000);
    assertThat(Files.size(logs.resolve("polybridge1.log"))).isEqualTo(10_000_000);
    assertThat(Files.size(logs.resolve("polybridge0.log"))).isZero();
  }

  @Test
  void keepsTheDocumentedFiveFilesAndDropsTheOldest() throws Exception {
    Path logs = folder.resolve("logs");
    Handler handler = open(logs, 1000, DaemonLogFile.COUNT);

    for (int i = 0; i < 1000; i++) {
      log(handler, "message %04d %s".formatted(i, "-".repeat(80)));
    }

    assertThat(DaemonLogFile.COUNT).isEqualTo(5);
    assertThat(logFiles(logs)).containsExactly("polybridge0.log", "polybridge1.log", "polybridge2.log", "polybridge3.log",
        "polybridge4.log");
    List<String> kept = linesOldestFirst(logs, 5);
    assertThat(kept.getLast()).startsWith("message 0999 ");
    assertThat(kept).noneMatch(l -> l.startsWith("message 0000 "));
    for (int g = 1; g < 5; g++) {
      assertThat(Files.size(logs.resolve("polybridge" + g + ".log"))).as("generation %d", g).isBetween(1000L, 1000L + 94);
    }
  }

  @Test
  void everyLogFileAndTheFolderAreTheUsersAloneThroughRotations() throws Exception {
    Path logs = folder.resolve("logs");
    Handler handler = open(logs, 500, 3);

    for (int i = 0; i < 100; i++) {
      log(handler, "message " + i + " " + "-".repeat(80));
    }
    handler.close();

    assertThat(Files.getPosixFilePermissions(logs)).as("a log folder it made").isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> files = Files.list(logs)) {
      assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file))
          .as(file.getFileName().toString()).isEqualTo(PosixFilePermissions.fromString("rw-------")));
    }
  }

  @Test
  void aLogOfAnEarlierRunIsAppendedToAndMadePrivate() throws Exception {
    Path logs = Files.createDirectories(folder.resolve("logs"));
    Path earlier = Files.writeString(logs.resolve("polybridge0.log"), "from the last run\n");
    Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rw-r--r--"));

    Handler handler = open(logs, 10_000, 5);
    log(handler, "from this run");

    assertThat(Files.readAllLines(earlier)).containsExactly("from the last run", "from this run");
    assertThat(Files.getPosixFilePermissions(earlier)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void noMessageIsLostAcrossRotationsWhileThreadsLogAtOnce() throws Exception {
    Path logs = folder.resolve("logs");
    int threads = 4;
    int perThread = 2000; // about 176 KB: some 40 rotations of 4 KB, all of it kept in 60 files
    int count = 60;
    Handler handler = open(logs, 4096, count);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      writers.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < perThread; i++) {
          log(handler, "thread " + id + " message " + i);
        }
      }));
    }
    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    handler.close();

    assertThat(logs.resolve("polybridge30.log")).as("rotated often enough to matter").exists();
    assertThat(logs.resolve("polybridge" + (count - 1) + ".log")).as("nothing dropped as the oldest").doesNotExist();
    Pattern message = Pattern.compile("thread (\\d) message (\\d+)");
    int[] next = new int[threads];
    for (String line : linesOldestFirst(logs, count)) {
      Matcher m = message.matcher(line);
      assertThat(m.matches()).as("a whole line: '%s'", line).isTrue();
      int thread = Integer.parseInt(m.group(1));
      assertThat(Integer.parseInt(m.group(2))).as("thread %d's message after %d", thread, next[thread] - 1).isEqualTo(next[thread]);
      next[thread]++;
    }
    assertThat(next).as("messages kept of each thread").containsOnly(perThread);
  }

  @Test
  void aLockFileLeftByADaemonThatDiedDoesNotMoveTheLogAside() throws Exception {
    Path logs = Files.createDirectories(folder.resolve("logs"));
    Files.writeString(logs.resolve("polybridge0.log.lck"), "");

    log(open(logs, 10_000, 5), "after the crash");

    assertThat(Files.readAllLines(logs.resolve("polybridge0.log"))).containsExactly("after the crash");
    assertThat(logs.resolve("polybridge0.log.1")).doesNotExist();
  }

  @Test
  void aSecondDaemonOnTheSameFolderWritesFilesOfItsOwn() throws Exception {
    Path logs = folder.resolve("logs");
    Handler first = open(logs, 10_000, 5);
    Handler second = open(logs, 10_000, 5);

    log(first, "first");
    log(second, "second");

    assertThat(Files.readAllLines(logs.resolve("polybridge0.log"))).containsExactly("first");
    assertThat(Files.readAllLines(logs.resolve("polybridge0.log.1"))).containsExactly("second");
    first.close();
    second.close();
    assertThat(logs.resolve("polybridge0.log.lck")).as("the lock goes with its handler").doesNotExist();
    assertThat(logs.resolve("polybridge0.log.1.lck")).doesNotExist();
  }
}
