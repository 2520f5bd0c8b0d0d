package org.polybridge.cli.host;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.polybridge.ProtocolException;
import org.polybridge.internal.io.WriteQueue;
import org.polybridge.json.Json;
import org.polybridge.internal.terminal.KeyStroke;
import org.polybridge.internal.terminal.TypedKeys;
import org.polybridge.transport.TerminalLink;

/**
 * What {@code polybridge pty} does: runs a program in a pseudo-terminal inside the user's own
 * terminal, attached to the daemon as a session ({@link TerminalLink}). The user's keys go to the
 * program; the program's output goes to the user's terminal and to the daemon, whose scripts see
 * its control sequences; what scripts inject is shown, what they type is typed. When the program
 * exits, so does the session, and {@link #run} returns its exit status.
 *
 * <h2>Terminal</h2>
 * When standard input is a terminal, it is put in raw mode without echo for the program's time
 * (restored after, also on Ctrl-C of the JVM), the program gets its size and follows its changes
 * (SIGWINCH, or polling where the JDK cannot handle signals). Otherwise (a pipe) the program gets
 * 80×24, and the end of standard input is passed on as an end-of-file (^D), as {@code script(1)} does.
 *
 * <h2>Environment</h2>
 * The program gets this process's environment, {@code TERM} ({@code xterm-256color} when unset),
 * the daemon's {@code ITERM2_COOKIE}/{@code ITERM2_KEY} (so {@code polybridge invoke} works inside)
 * and {@code POLYBRIDGE_SESSION}, its session's id. This client chooses that id and tells it the
 * daemon in its hello, so the program need not wait for the daemon's answer; where the daemon
 * evidently runs, it need not wait for the connection either, and starts while the link connects
 * (what it writes meanwhile is kept for the daemon). A daemon that refuses the session, or a link
 * that fails after the program started, leaves the program running on, detached, as when the
 * daemon goes away.
 *
 * <h2>Keys and screen</h2>
 * The keys the daemon binds in the session (the user's configuration, docs/CONFIG.md) are taken
 * out of what the user types and sent to the daemon, which evaluates their invocations in the
 * session ({@link KeyFilter}); a failure shows on the status line for a few seconds. What goes to
 * the screen is translated where iTerm2's own sequences have a common equivalent ({@link Screen}:
 * {@code ClearScrollback} becomes {@code CSI 3 J}).
 *
 * <h2>Threads</h2>
 * The caller's thread copies the program's output; a platform daemon thread reads standard input
 * (interrupted once the program has ended); one {@link WriteQueue} writes keys and typed text to the
 * pty, another writes the program's output and injected bytes to the screen, in the order they came.
 * The connection's I/O thread only queues: a screen that stops reading (Ctrl-S, a stalled pipe)
 * never blocks it.
 */
public final class AttachedPty implements TerminalLink.Listener {
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(2);
  private static final int CHUNK = 16 * 1024;
  /** The most output passed on at once: what a fast program wrote meanwhile, gathered (MasterOutput). */
  private static final int OUTPUT_CHUNK = 64 * 1024;
  private static final int SCREEN_QUEUE = 1 << 20;
  /** The most output kept for the daemon while the link is not up yet; beyond, the program waits. */
  private static final int PENDING_OUTPUT = 4 << 20;
  private static final byte EOF = 4;
  /** How long a lone ESC (or another beginning of a bound key) waits for the rest before it goes to the program. */
  private static final Duration ESCAPE_WAIT = Duration.ofMillis(25);
  private static final Duration KEYS_WAIT = Duration.ofSeconds(2);

  /** Where the user's terminal is: keys come from {@code in}, the screen is {@code out}, what {@code pty} says goes to {@code err}. */
  public record Streams(InputStream in, OutputStream out, boolean interactive, java.io.PrintStream err) {
    public Streams {
      Objects.requireNonNull(in, "in == null");
      Objects.requireNonNull(out, "out == null");
      Objects.requireNonNull(err, "err == null");
    }

    /** Keys from {@code in}, the screen {@code out}, this process's standard error for what {@code pty} itself says. */
    public Streams(InputStream in, OutputStream out, boolean interactive) {
      this(in, out, interactive, System.err);
    }

    /**
     * This process's standard input and output; interactive when standard input is a terminal.
     * Standard input is read through a channel, which an interrupt ends: a thread left blocked in
     * a read of the terminal holds up the JVM's exit for 300 ms (HotSpot waits that long for
     * threads in native code: measured, half of {@code polybridge pty -- true}'s wall time).
     */
    public static Streams standard() {
      return new Streams(Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel()), System.out,
          Tty.stdinIsTerminal());
    }
  }

  private final Streams streams;
  private final WriteQueue screen;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("polybridge-pty-timer").daemon().factory());
  private final Screen view;
  private final KeyFilter keys;
  private final List<String> pendingText = new ArrayList<>();
  /** Whether scripts monitor the keys typed, and the patterns of keys they withhold from the program. */
  private volatile boolean keystrokesMonitored;
  private volatile List<Map<?, ?>> keystrokeFilters = List.of();
  private volatile PtyProgram process;
  private volatile TerminalLink link;
  private volatile Tty.Size size = Tty.Size.DEFAULT;
  private WriteQueue input;
  /** The thread that reads the user's keys; {@code null} before the program started. */
  private Thread keyReader;
  private boolean closeRequested;
  /** The first list of bound keys, which the daemon sends right after the session's id. */
  private final java.util.concurrent.CountDownLatch keysKnown = new java.util.concurrent.CountDownLatch(1);
  /** Guards what waits for the link: the program's output and foreground job, and the link's hello. */
  private final Object daemonSide = new Object();
  /** The program's output until the link is up; {@code null} after. */
  private java.io.ByteArrayOutputStream pendingOutput = new java.io.ByteArrayOutputStream();
  private String pendingJob;
  /** Whether the link failed: the program runs without the daemon. */
  private boolean detached;

  private AttachedPty(Streams streams) {
    this.streams = streams;
    this.screen = new WriteQueue(() -> "polybridge-pty-screen", streams.out(), SCREEN_QUEUE);
    this.view = new Screen(screen, timer, () -> size.rows(), () -> size.columns());
    this.keys = new KeyFilter(timer, ESCAPE_WAIT, new KeyFilter.Sink() {
      @Override
      public void pass(byte[] bytes) {
        typeKeys(watched(bytes));
      }

      @Override
      public void pressed(String key) {
        TerminalLink l = link;
        if (l != null) {
          l.key(key);
        }
      }
    });
  }

  /**
   * Runs {@code command} in {@code directory} with {@code environment} added to this process's,
   * attached through the link that {@code attach} opens; returns the program's exit status. The
   * program starts once the link is up, or, when {@code startFirst}, at once, while the link
   * connects (what it writes meanwhile reaches the daemon after the session's hello); {@code attach}
   * is called on this thread, and a link it returns already failed (a socket refused by its
   * checks) fails this call before the program starts, whichever the order.
   *
   * @throws ProtocolException when the daemon cannot be reached or refuses the connection (when
   *     {@code startFirst}, only a refusal by the checks: later, the program runs on, detached)
   * @throws IOException when the program cannot be started
   */
  public static int run(List<String> command, Map<String, String> environment, Path directory, String profile, Streams streams,
      Function<TerminalLink.Listener, CompletableFuture<TerminalLink>> attach, boolean startFirst)
      throws IOException, InterruptedException {
    return new AttachedPty(streams).run(command, environment, directory, profile, attach, startFirst);
  }

  private int run(List<String> command, Map<String, String> environment, Path directory, String profile,
      Function<TerminalLink.Listener, CompletableFuture<TerminalLink>> attach, boolean startFirst)
      throws IOException, InterruptedException {
    PtyLauncher.warmUp(() -> {
      // the link's first message, hello, is JSON
      Json.write(null);
      if (streams.interactive()) {
        Tty.prepareRaw();
      }
    });
    CompletableFuture<TerminalLink> attaching = attach.apply(this);
    if (!startFirst || attaching.isCompletedExceptionally()) {
      awaitLink(attaching);
    }
    Tty.Size size = streams.interactive() ? Tty.size() : Tty.Size.DEFAULT;
    this.size = size;
    // The session's id is chosen here, so the program starts before the daemon has opened the
    // session (its answer took 8-30 ms on a quiet machine), and, when started first, before the
    // connection is up (the JVM's first socket and the upgrade: 30-40 ms).
    String sessionId = TerminalLink.newSessionId();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("TERM", "xterm-256color");
    env.putAll(environment);
    env.put("POLYBRIDGE_SESSION", sessionId);
    PtyProgram started;
    try {
      started = PtyLauncher.start(command, env, directory, size.columns(), programRows(size));
    } catch (IOException | RuntimeException e) {
      attaching.thenAccept(TerminalLink::close);
      throw e;
    }
    started(started);
    // completes once the link is attached (hello sent, what waited sent after it), or has failed: null
    CompletableFuture<TerminalLink> ready =
        attaching.handle((link, failure) -> attached(link, failure, command, directory, profile, sessionId, started));
    try (Tty tty = streams.interactive() ? Tty.raw() : null) {
      if (tty != null) {
        tty.watchSize(s -> {
          this.size = s;
          view.resized();
          resize(started, s.columns(), programRows(s));
          resizeLink(s);
        });
      }
      keyReader = Thread.ofPlatform().name("polybridge-pty-stdin").daemon().start(() -> {
        // the program's first keys must not slip past the bindings (a daemon that binds none says so at once)
        try {
          keysKnown.await(KEYS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return; // the program has ended
        }
        readKeys();
      });
      copyOutput(started, Path.of(command.get(0)).getFileName().toString());
      int status = awaitExit(started);
      TerminalLink link = awaitLink(ready);
      if (link != null) {
        link.exit(status);
      }
      return status;
    } finally {
      input.close();
      if (keyReader != null) {
        keyReader.interrupt(); // its read of standard input ends here, not at the JVM's exit
      }
      started.close();
      timer.shutdownNow();
      attaching.thenAccept(TerminalLink::close);
      screen.drain(GRACE_PERIOD);
    }
  }

  /** The link, once {@code attaching} has completed; a failure is thrown as the daemon's address told it. */
  private static TerminalLink awaitLink(CompletableFuture<TerminalLink> attaching) throws InterruptedException {
    try {
      return attaching.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new ProtocolException(e.getCause().toString(), e.getCause());
    }
  }

  /**
   * The link is up (or failed, {@code failure}): says hello for the session, sends what the program
   * wrote meanwhile and its foreground job, then hands the link to the rest. Returns the link, or
   * {@code null} when it failed: the program runs on without the daemon, as when the daemon goes away.
   */
  private TerminalLink attached(TerminalLink link, Throwable failure, List<String> command, Path directory, String profile,
      String sessionId, PtyProgram program) {
    if (failure != null) {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      synchronized (daemonSide) {
        detached = true;
        pendingOutput = null;
        daemonSide.notifyAll();
      }
      keysKnown.countDown();
      streams.err().print("\r\npolybridge: " + cause.getMessage() + "; " + command.get(0) + " runs on, detached\r\n");
      return null;
    }
    CompletableFuture<String> opened;
    synchronized (daemonSide) {
      Tty.Size s = size;
      opened = link.hello(String.join(" ", command), s.columns(), programRows(s), directory.toString(), profile, sessionId);
      if (pendingOutput.size() > 0) {
        link.output(pendingOutput.toByteArray(), 0, pendingOutput.size());
      }
      pendingOutput = null;
      if (pendingJob != null) {
        link.job(pendingJob);
      }
      this.link = link;
      daemonSide.notifyAll();
    }
    opened.thenAccept(id -> {
      if (!id.equals(sessionId)) {
        streams.err().print("\r\npolybridge: the daemon is older than this client: it opened session " + id + ", not "
            + sessionId + " as " + command.get(0) + "'s POLYBRIDGE_SESSION says (restart the daemon)\r\n");
      }
    });
    link.closeFuture().thenRun(() -> {
      if (program.isAlive()) {
        streams.err().print("\r\npolybridge: the daemon closed the connection; " + command.get(0) + " runs on, detached\r\n");
      }
    });
    return link;
  }

  /**
   * Passes the program's output to the daemon: at once once the link is up, until then kept (up to
   * {@link #PENDING_OUTPUT}; beyond, the program waits for the link, so the daemon's scripts miss
   * none of it), and dropped when the link failed.
   */
  private void toDaemon(byte[] bytes, int length) throws InterruptedException {
    TerminalLink l = link;
    if (l != null) {
      l.output(bytes, 0, length);
      return;
    }
    synchronized (daemonSide) {
      while (link == null && !detached && pendingOutput.size() + length > PENDING_OUTPUT) {
        daemonSide.wait();
      }
      if (link != null) {
        link.output(bytes, 0, length);
      } else if (!detached) {
        pendingOutput.write(bytes, 0, length);
      }
    }
  }

  private void jobChanged(String name) {
    synchronized (daemonSide) {
      if (link != null) {
        link.job(name);
      } else {
        pendingJob = name;
      }
    }
  }

  /** The program's new size, for the daemon: a size that changes while hello is on its way is sent after it. */
  private void resizeLink(Tty.Size s) {
    synchronized (daemonSide) {
      if (link != null) {
        link.resize(s.columns(), programRows(s));
      }
    }
  }

  @Override
  public void display(byte[] bytes) {
    if (!view.injected(bytes)) {
      log().log(Level.WARNING, "injected bytes dropped (" + bytes.length + "): the screen does not keep up");
    }
  }

  @Override
  public synchronized void type(String text) {
    if (input == null) {
      pendingText.add(text);
    } else if (!input.offer(text.getBytes(StandardCharsets.UTF_8))) {
      log().log(Level.WARNING, "typed text dropped (" + text.length() + " chars): the program has ended or does not read");
    }
  }

  /** The keys bound in this session now: they are taken out of what the user types. */
  @Override
  public void keys(List<String> names) {
    List<KeyStroke> strokes = new ArrayList<>();
    for (String name : names) {
      try {
        strokes.add(KeyStroke.parse(name));
      } catch (IllegalArgumentException e) {
        log().log(Level.WARNING, "the daemon bound a key this client does not know: " + e.getMessage());
      }
    }
    keys.bind(strokes);
    keysKnown.countDown();
  }

  @Override
  public void status(String text) {
    view.status(text);
  }

  @Override
  public void keystrokes(boolean monitor, List<Map<?, ?>> filters) {
    keystrokeFilters = List.copyOf(filters);
    keystrokesMonitored = monitor;
  }

  /**
   * The keys typed, as scripts' keystroke monitors hear them (each reported to the daemon) and
   * filters want them (a key matching a filter's pattern is withheld from the program).
   */
  private byte[] watched(byte[] bytes) {
    boolean monitored = keystrokesMonitored;
    List<Map<?, ?>> filters = keystrokeFilters;
    TerminalLink l = link;
    if (!monitored && filters.isEmpty() || l == null) {
      return bytes;
    }
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(bytes.length);
    for (TypedKeys.Key key : TypedKeys.decode(bytes, 0, bytes.length)) {
      if (monitored) {
        l.keystroke(key.describe());
      }
      if (filters.stream().noneMatch(p -> TypedKeys.matches(key, p))) {
        kept.writeBytes(key.bytes());
      }
    }
    return kept.toByteArray();
  }

  /** The status bar takes the bottom row: the program gets one row less while it shows, as under tmux. */
  @Override
  public void statusBar(String text) {
    boolean before = view.barShown();
    view.statusBar(text);
    if (before != view.barShown()) {
      resizeProgram();
    }
  }

  private void resizeProgram() {
    PtyProgram p = process;
    Tty.Size s = size;
    if (p != null && p.isAlive()) {
      resize(p, s.columns(), programRows(s));
    }
    resizeLink(s);
  }

  private static void resize(PtyProgram p, int columns, int rows) {
    try {
      p.resize(columns, rows);
    } catch (IOException e) {
      log().log(Level.DEBUG, "the program's terminal was not resized: " + e.getMessage());
    }
  }

  private int programRows(Tty.Size s) {
    return Math.max(1, s.rows() - (view.barShown() ? 1 : 0));
  }

  /** Hangs the program up (SIGHUP), and kills it if it still runs after the grace period. */
  @Override
  public void close() {
    PtyProgram p;
    synchronized (this) {
      p = process;
      if (p == null) {
        closeRequested = true; // before the program started: it is hung up once it has
        return;
      }
    }
    if (!p.isAlive()) {
      return;
    }
    p.hangUp();
    Thread.ofVirtual().start(() -> {
      try {
        if (!p.waitFor(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
          p.kill();
        }
      } catch (InterruptedException e) {
        p.kill();
      }
    });
  }

  private synchronized void started(PtyProgram started) {
    process = started;
    if (view.barShown()) {
      resizeProgram(); // the bar came while the program started, at its full height
    }
    input = new WriteQueue(() -> "polybridge-pty-input", started.input(), 1 << 20);
    pendingText.forEach(this::type);
    pendingText.clear();
    if (closeRequested) {
      close();
    }
  }

  private void copyOutput(PtyProgram p, String program) throws InterruptedException {
    InputStream in = p.output();
    ForegroundJob job = new ForegroundJob(p.pid(), program, this::jobChanged, timer);
    byte[] buffer = new byte[OUTPUT_CHUNK];
    try {
      boolean first = true;
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        if (first && view.barShown()) {
          // the launcher's stty (PtyLauncher) may have run after a bar took a row: the program has run since, so size it again
          resizeProgram();
        }
        first = false;
        // the daemon first: it only queues, while a full screen queue holds this thread (Ctrl-S)
        toDaemon(buffer, n);
        view.program(buffer, n);
        job.outputSeen();
      }
    } catch (IOException e) {
      log().log(Level.DEBUG, "the program's output closed: " + e.getMessage());
    }
    view.programEnded();
  }

  /**
   * Copies keys to the program until standard input ends, then sends it an end-of-file. Bound
   * keys are taken out on the way ({@link KeyFilter}).
   */
  private void readKeys() {
    byte[] buffer = new byte[CHUNK];
    try {
      for (int n = streams.in().read(buffer); n >= 0; n = streams.in().read(buffer)) {
        if (n > 0) {
          keys.feed(buffer, n);
        }
      }
      keys.flush();
      input.put(new byte[] {EOF});
    } catch (IOException e) {
      log().log(Level.DEBUG, "standard input closed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the user typed, for the program: waits while the program does not read. */
  private void typeKeys(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    try {
      input.put(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int awaitExit(PtyProgram p) throws InterruptedException {
    if (!p.waitFor(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
      // its output closed, but it runs on (it closed its terminal): wait for it as a shell would
      p.waitFor();
    }
    return p.exitValue();
  }

  /** Looked up when needed: java.util.logging starts on the warm-up thread, not before the program. */
  private static System.Logger log() {
    return System.getLogger(AttachedPty.class.getName());
  }
}
