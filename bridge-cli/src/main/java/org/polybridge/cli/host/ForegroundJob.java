package org.polybridge.cli.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows the job in the foreground of a program's terminal, which a session's {@code jobName}
 * names as iTerm2's does: {@code vim} while the shell runs vim, the shell again after. It is the
 * foreground process group of the program's controlling terminal, read from {@code /proc} (Linux;
 * elsewhere the name stays what it was).
 *
 * <p>Nothing polls: a job starting or ending writes to the terminal (the command's output, the next
 * prompt), so a check runs a short while after output, once per burst of it, on a virtual thread.
 */
final class ForegroundJob {
  private static final Duration SETTLE = Duration.ofMillis(150);

  private final long pid;
  private final Consumer<String> changed;
  private final AtomicBoolean checkPending = new AtomicBoolean();
  private volatile String last;

  /** Follows {@code pid}'s terminal; {@code changed} hears each new name, from a virtual thread. */
  ForegroundJob(long pid, String initial, Consumer<String> changed) {
    this.pid = pid;
    this.last = initial;
    this.changed = changed;
  }

  /** The program wrote something: the foreground job is checked shortly. Returns at once. */
  void outputSeen() {
    if (checkPending.compareAndSet(false, true)) {
      Thread.ofVirtual().name("foreground-job-" + pid).start(this::checkAfterSettling);
    }
  }

  private void checkAfterSettling() {
    try {
      Thread.sleep(SETTLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      checkPending.set(false);
    }
    nameOf(pid).filter(name -> !name.equals(last)).ifPresent(name -> {
      last = name;
      changed.accept(name);
    });
  }

  /** The name of the foreground job of {@code pid}'s controlling terminal, if /proc tells. */
  static Optional<String> nameOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // pid (comm) state ppid pgrp session tty_nr tpgid …: comm may hold spaces and parentheses
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long foreground = Long.parseLong(fields[5]);
      if (foreground <= 0) {
        return Optional.empty();
      }
      String name = Files.readString(Path.of("/proc", Long.toString(foreground), "comm"), StandardCharsets.UTF_8).strip();
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no /proc, or the process is gone
    }
  }
}
