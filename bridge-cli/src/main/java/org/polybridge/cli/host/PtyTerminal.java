package org.polybridge.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;
import org.polybridge.internal.io.WriteQueue;

/**
 * One session of the default host: a program in a pseudo-terminal. A reader thread (a platform
 * daemon thread named after the session) copies the program's output into the {@link Scrollback}
 * and through the session's control-sequence scanner, and terminates the session when the program
 * has exited. Text typed by scripts goes through a {@link WriteQueue}.
 */
final class PtyTerminal implements SessionIo {
  private static final System.Logger LOG = System.getLogger(PtyTerminal.class.getName());
  private static final int CHUNK = 16 * 1024;

  private final PtyProgram process;
  private final Scrollback scrollback;
  private final ScheduledExecutorService timer;
  private final Duration gracePeriod;
  private volatile int columns;
  private volatile int rows;
  private final long maxPendingInput;
  private final WriteQueue input;
  private volatile Session session;
  private volatile Thread reader;
  private volatile ForegroundJob job;

  PtyTerminal(PtyProgram process, Scrollback scrollback, ScheduledExecutorService timer, Duration gracePeriod,
      int columns, int rows, long maxPendingInput) {
    this.process = process;
    this.scrollback = scrollback;
    this.timer = timer;
    this.gracePeriod = gracePeriod;
    this.columns = columns;
    this.rows = rows;
    this.maxPendingInput = maxPendingInput;
    this.input = new WriteQueue(() -> "pty-" + sessionId() + "-input", process.input(), maxPendingInput);
  }

  /**
   * Starts reading the program's output into {@code session}; {@code ended} runs on the reader
   * thread once the session has terminated.
   */
  void attach(Session session, Consumer<PtyTerminal> ended) {
    this.session = session;
    // what the session shows, in order with what forgets it (ClearScrollback), program and injected alike
    session.addOutputListener(scrollback::append);
    this.job = new ForegroundJob(process.pid(), session.variables().get("jobName").map(String::valueOf).orElse(null),
        name -> session.variables().set("jobName", name), timer);
    this.reader = Thread.ofPlatform().name("pty-" + session.id()).daemon().start(() -> {
      try {
        read();
      } finally {
        ended.accept(this);
      }
    });
  }

  Scrollback scrollback() {
    return scrollback;
  }

  @Override
  public List<String> lines() {
    return scrollback.lines();
  }

  PtyProgram process() {
    return process;
  }

  /** The name of the terminal device ({@code /dev/pts/3}), or {@code null} when it is not known. */
  String tty() {
    return process.terminalName();
  }

  /** Waits for the reader thread, and so for the session to terminate; {@code true} if it did. */
  boolean awaitTermination(Duration timeout) throws InterruptedException {
    Thread t = reader;
    return t == null || t.join(timeout);
  }

  /** Nothing more to do: the session's output, which injected bytes join next, reaches the scrollback. */
  @Override
  public void display(byte[] bytes) {}

  @Override
  public void clearScrollback() {
    scrollback.clear();
  }

  @Override
  public void type(String text) {
    if (!input.offer(text.getBytes(StandardCharsets.UTF_8))) {
      LOG.log(Level.WARNING, "session " + sessionId() + ": typed text dropped (" + text.length()
          + " chars): the program has ended or has not read the last " + maxPendingInput + " bytes typed");
    }
  }

  /**
   * Hangs up the program (SIGHUP, as a terminal closing its window does), and kills it (SIGKILL)
   * if it is still running after the grace period. The reader thread then terminates the session.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.hangUp();
    try {
      timer.schedule(this::kill, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the host is closing and kills what is left itself
    }
  }

  /** Kills the program at once (SIGKILL). */
  void kill() {
    if (process.isAlive()) {
      process.kill();
    }
  }

  /** The pty's window size: the program hears SIGWINCH, as when a person resizes a pane. */
  @Override
  public boolean resize(int columns, int rows) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      process.resize(columns, rows);
    } catch (java.io.IOException | RuntimeException e) { // the program has just ended: its pty is gone
      LOG.log(Level.DEBUG, "session " + sessionId() + ": could not resize its pty: " + e.getMessage());
      return false;
    }
    this.columns = columns;
    this.rows = rows;
    return true;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public int rows() {
    return rows;
  }

  private void read() {
    InputStream in = process.output();
    byte[] buffer = new byte[CHUNK];
    try {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        job.outputSeen();
        try {
          session.output(buffer, 0, n);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "session " + sessionId() + ": a listener failed on its output", e);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "session " + sessionId() + ": output closed: " + e.getMessage());
    } finally {
      end();
    }
  }

  /**
   * Closes the pty once the program has been reaped (pty4j's reaper wakes the pty's readers after
   * the exit, and must not write to its descriptors once they are closed and reused), then
   * terminates the session.
   */
  private void end() {
    try {
      awaitExit();
      input.close();
      process.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "session " + sessionId() + ": closing the pty: " + e.getMessage());
    } finally {
      session.terminate();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        process.kill();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String sessionId() {
    Session s = session;
    return s == null ? "(starting)" : s.id();
  }
}
