package org.polybridge.cli.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows the job in the foreground of a program's terminal, which a session's {@code jobName}
 * names as iTerm2's does: {@code vim} while the shell runs vim, the shell again after. It is the
 * foreground process group of the program's controlling terminal, read from {@code /proc} (Linux;
 * elsewhere the name stays what it was).
 *
 * <p>Nothing polls: a job starting or ending writes to the terminal (the command's output, the next
 * prompt), so a check runs a short while after output, once per burst of it, as a task of a timer
 * the caller already has (a thread started per check cost 2-4 % of {@code polybridge pty}'s CPU
 * while a program wrote fast).
 */
final class ForegroundJob {
  private static final Duration SETTLE = Duration.ofMillis(150);

  private final long pid;
  private final Consumer<String> changed;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean checkPending = new AtomicBoolean();
  private volatile String last;

  /** Follows {@code pid}'s terminal; {@code changed} hears each new name, on {@code timer}'s thread. */
  ForegroundJob(long pid, String initial, Consumer<String> changed, ScheduledExecutorService timer) {
    this.pid = pid;
    this.last = initial;
    this.changed = changed;
    this.timer = timer;
  }

  /** The program wrote something: the foreground job is checked shortly (not once the timer is shut down). Returns at once. */
  void outputSeen() {
    if (checkPending.compareAndSet(false, true)) {
      try {
        timer.schedule(this::check, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        checkPending.set(false); // the terminal is closing: its job no longer matters
      }
    }
  }

  private void check() {
    checkPending.set(false);
    try {
      nameOf(pid).filter(name -> !name.equals(last)).ifPresent(name -> {
        last = name;
        changed.accept(name);
      });
    } catch (RuntimeException e) {
      // looked up here: a logger made at start would start java.util.logging before the program
      System.getLogger(ForegroundJob.class.getName()).log(System.Logger.Level.WARNING, "the foreground job of " + pid + " was not told: " + e, e);
    }
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
