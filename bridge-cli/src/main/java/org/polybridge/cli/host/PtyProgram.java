package org.polybridge.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * A program running in a pseudo-terminal of its own, as the leader of a new session whose
 * controlling terminal that is: what {@code polybridge pty} shows in the user's terminal and what
 * each session of the default host runs. {@link PtyLauncher#start} makes one.
 *
 * <p>Two ways to get there, the same to a caller: {@link SessionProgram} (the JDK starts the
 * program through {@code setsid(1)} on a terminal opened with JLine's {@code openpty}; no JNA,
 * the size set before the program runs) where Linux, {@code setsid} and JLine's native library
 * allow, else pty4j's own fork and exec, through JNA ({@link Pty4jLauncher}, in a class loader of
 * its own where this process's class path lacks pty4j: public for that loader's classes).
 *
 * <p>Only one thread reads {@link #output()}; the terminal is released by {@link #close()} once
 * that thread is done with it.
 */
public interface PtyProgram {
  /** The program's process, as the JDK or pty4j started it: what waiting and killing go through. */
  Process process();

  /** The program's process id, which is also its session's and its process group's. */
  default long pid() {
    return process().pid();
  }

  /**
   * What the program writes to its terminal. It ends once the program has exited and everything it
   * wrote has been read, or when the program was hung up.
   */
  InputStream output();

  /** What the program reads from its terminal: keys and typed text. */
  OutputStream input();

  /** The terminal's device ({@code /dev/pts/3}), or {@code null} when it is not known. */
  String terminalName();

  /** Sets the terminal's size in cells; the program hears SIGWINCH. */
  void resize(int columns, int rows) throws IOException;

  default boolean isAlive() {
    return process().isAlive();
  }

  default boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    return process().waitFor(timeout, unit);
  }

  default int waitFor() throws InterruptedException {
    return process().waitFor();
  }

  default int exitValue() {
    return process().exitValue();
  }

  /** Hangs the program up, as a terminal closing its window does: SIGHUP to its session. */
  void hangUp();

  /** Kills the program at once (SIGKILL). */
  default void kill() {
    process().destroyForcibly();
  }

  /** Releases the terminal. After the program's output ended or the program was reaped. */
  void close() throws IOException;
}
