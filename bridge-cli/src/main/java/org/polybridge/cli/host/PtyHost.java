package org.polybridge.cli.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.polybridge.BridgeException;
import org.polybridge.host.App;
import org.polybridge.host.Host;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.Window;

/**
 * The default host of {@code polybridge run}: every tab a script opens runs the user's shell in a
 * pseudo-terminal (pty4j), with no screen. The program's output goes through the session's
 * control-sequence scanner, so {@code OSC 1337;Custom=…} reaches subscribers and {@code
 * SetUserVar} sets {@code user.*}, and into a bounded {@link Scrollback} that {@link
 * #scrollback(Session)} reads. When the program exits, its session terminates.
 *
 * <pre>{@code
 * try (PtyHost host = new PtyHost();
 *     Bridge bridge = Bridge.newBuilder().host(host).build()) {
 *   Session session = host.createTab(bridge.app(), null, "Default").join();
 *   session.io().type("echo hello\n");
 * }
 * }</pre>
 *
 * <h2>Sessions</h2>
 * Each runs {@link Builder#command the command} ({@code $SHELL}, or {@code /bin/sh} when unset) in
 * an 80×24 terminal (a split pane: its share of the pane it split, and the ptys of a tab keep
 * sharing its 80×24 cells as panes close and move; {@link org.polybridge.host.SessionIo#resize}),
 * in the user's home folder, with the daemon's environment plus {@code
 * TERM=xterm-256color} and {@link Builder#environment the extra variables} (such as {@code
 * ITERM2_COOKIE}). The profile name is kept as the session's {@code profileName} and otherwise
 * ignored. Session variables: {@code name} and {@code jobName} (the command's file name; the
 * foreground job is not followed), {@code pid} (the program's), {@code tty} ({@code /dev/pts/N}),
 * {@code path} (the starting folder), {@code profileName}.
 *
 * <h2>Threads</h2>
 * Programs start on a launcher thread, never the caller's. Per session, one platform daemon thread
 * named {@code pty-<session id>} reads the output (listeners of custom control sequences run on
 * it), and one named {@code pty-<session id>-input} writes typed text, started with the first text.
 * {@link Session#io() SessionIo.close()} hangs the program up (SIGHUP) and kills it (SIGKILL) if it
 * still runs after the grace period. {@link #close()} does that for every session and waits for
 * them to end.
 */
public final class PtyHost implements Host, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PtyHost.class.getName());

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path directory;
  private final int scrollbackCapacity;
  private final Duration gracePeriod;
  private final long maxPendingInput;
  private final Map<Session, PtyTerminal> terminals = new ConcurrentHashMap<>();
  private final Set<App> apps = ConcurrentHashMap.newKeySet();
  private final ExecutorService launcher =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("pty-launcher-", 1).daemon().factory());
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("pty-timer").daemon().factory());
  private volatile boolean closed;

  /** A host running the user's shell, with the defaults of {@link #newBuilder()}. */
  public PtyHost() {
    this(newBuilder());
  }

  /**
   * A host running {@code command} (its first element is the program) with {@code
   * extraEnvironment} added to the daemon's environment; the other settings are defaults.
   */
  public PtyHost(List<String> command, Map<String, String> extraEnvironment) {
    this(newBuilder().command(command).environment(extraEnvironment));
  }

  private PtyHost(Builder builder) {
    this.command = builder.command;
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TERM", "xterm-256color");
    env.putAll(builder.environment);
    this.environment = Map.copyOf(env);
    this.directory = builder.directory;
    this.scrollbackCapacity = builder.scrollbackCapacity;
    this.gracePeriod = builder.gracePeriod;
    this.maxPendingInput = builder.maxPendingInput;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Starts the command in a new pseudo-terminal, in a new tab of {@code window} (a new window when
   * {@code null}). Completes with the new, live session, or fails with a {@link BridgeException}
   * when the program cannot be started or the host is closed.
   */
  @Override
  public CompletableFuture<Session> createTab(App app, Window window, String profileName) {
    if (closed) {
      return CompletableFuture.failedFuture(failOnClosed());
    }
    try {
      return CompletableFuture.supplyAsync(() -> open(app, window, profileName), launcher);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(failOnClosed());
    }
  }

  /** As {@link #createTab(App, Window, String)}, running {@code command} with {@code /bin/sh -c} when not {@code null}. */
  @Override
  public CompletableFuture<Session> createTab(App app, Window window, String profileName, String command) {
    List<String> program = command == null ? this.command : List.of("/bin/sh", "-c", command);
    return launch(() -> open(app, program, profileName,
        (terminal, variables) -> (window != null ? window : app.newWindow()).newTab().newSession(terminal, variables)));
  }

  /**
   * A new shell beside {@code session}, in its tab ({@link org.polybridge.host.Tab#splitSession}):
   * the two share the session's cells, and each pty takes its share.
   */
  @Override
  public CompletableFuture<Session> splitPane(App app, Session session, boolean vertical, boolean before, String profileName) {
    return launch(() -> open(app, command, profileName,
        (terminal, variables) -> session.tab().splitSession(session, vertical, before, terminal, variables)));
  }

  private CompletableFuture<Session> launch(java.util.function.Supplier<Session> opening) {
    if (closed) {
      return CompletableFuture.failedFuture(failOnClosed());
    }
    try {
      return CompletableFuture.supplyAsync(opening, launcher);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(failOnClosed());
    }
  }

  /**
   * What the session's program wrote and scripts injected, for {@code GetBuffer}. Kept until the
   * session's termination listeners have run; empty for ended sessions and those of other hosts.
   */
  public Optional<Scrollback> scrollback(Session session) {
    return Optional.ofNullable(terminals.get(session)).map(PtyTerminal::scrollback);
  }

  /** The sessions of this host still running. */
  public List<Session> sessions() {
    return List.copyOf(terminals.keySet());
  }

  /**
   * Hangs up every program this host started, kills those still running after the grace period
   * and waits (a little longer) for their sessions to terminate. Later {@code createTab} calls fail.
   */
  @Override
  public void close() {
    closed = true;
    launcher.shutdown();
    List<PtyTerminal> running = List.copyOf(terminals.values());
    running.forEach(PtyTerminal::close);
    try {
      long deadline = System.nanoTime() + gracePeriod.toNanos();
      for (PtyTerminal t : running) {
        if (!t.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          t.kill();
        }
      }
      for (PtyTerminal t : running) {
        if (!t.awaitTermination(gracePeriod)) {
          LOG.log(Level.WARNING, "pid " + t.process().pid() + " did not end after SIGKILL");
        }
      }
    } catch (InterruptedException e) {
      running.forEach(PtyTerminal::kill);
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
    }
  }

  private Session open(App app, Window window, String profileName) {
    return open(app, command, profileName,
        (terminal, variables) -> (window != null ? window : app.newWindow()).newTab().newSession(terminal, variables));
  }

  private Session open(App app, List<String> command, String profileName,
      java.util.function.BiFunction<PtyTerminal, Map<String, Object>, Session> place) {
    PtyProgram process;
    try {
      process = PtyLauncher.start(command, environment, directory, Builder.COLUMNS, Builder.ROWS);
    } catch (IOException | RuntimeException e) {
      throw new CompletionException(new BridgeException(
          "could not start " + command + " in a pseudo-terminal: " + e.getMessage(), e));
    }
    if (apps.add(app)) {
      app.addListener(new HangUpEnded());
    }
    PtyTerminal terminal = new PtyTerminal(process, new Scrollback(scrollbackCapacity), timer, gracePeriod,
        Builder.COLUMNS, Builder.ROWS, maxPendingInput);
    String program = Path.of(command.get(0)).getFileName().toString();
    Map<String, Object> variables = new HashMap<>();
    variables.put("name", program);
    variables.put("jobName", program);
    variables.put("pid", process.pid());
    variables.put("jobPid", process.pid()); // the program is the foreground job when it starts
    variables.put("tty", terminal.tty());
    variables.put("path", directory.toString());
    variables.put("profileName", profileName);
    Session session = place.apply(terminal, variables);
    terminals.put(session, terminal);
    terminal.attach(session, ended -> terminals.remove(session, ended));
    if (closed) {
      terminal.close();
    }
    return session;
  }

  /**
   * Hangs up the program of a session ended other than by its program's exit ({@link
   * Window#close()} terminates sessions without asking their host), so that none runs on unseen.
   */
  private final class HangUpEnded implements App.Listener {
    @Override
    public void sessionTerminated(Session session) {
      PtyTerminal terminal = terminals.get(session);
      if (terminal != null) {
        terminal.close();
      }
    }
  }

  private static BridgeException failOnClosed() {
    return new BridgeException("the pty host is closed: it starts no more programs");
  }

  /** Settings of a {@link PtyHost}; each has a default. */
  public static final class Builder {
    static final int COLUMNS = 80;
    static final int ROWS = 24;

    private List<String> command = defaultCommand();
    private Map<String, String> environment = Map.of();
    private Path directory = Path.of(System.getProperty("user.home"));
    private int scrollbackCapacity = Scrollback.DEFAULT_CAPACITY;
    private Duration gracePeriod = Duration.ofSeconds(2);
    private long maxPendingInput = 1 << 20;

    private Builder() {}

    /** The program and its arguments; default {@code $SHELL}, or {@code /bin/sh} when unset. */
    public Builder command(List<String> command) {
      Objects.requireNonNull(command, "command == null");
      if (command.isEmpty()) {
        throw new IllegalArgumentException("command : [] (expected: a program, then its arguments)");
      }
      this.command = List.copyOf(command);
      return this;
    }

    /** Variables added to (or replacing those of) the daemon's environment, such as {@code ITERM2_COOKIE}. */
    public Builder environment(Map<String, String> environment) {
      this.environment = new LinkedHashMap<>(Objects.requireNonNull(environment, "environment == null"));
      return this;
    }

    /** The folder programs start in; default the user's home. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /** How many bytes of output each session keeps; default 1 MiB. */
    public Builder scrollbackCapacity(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("scrollbackCapacity : " + bytes + " (expected: > 0)");
      }
      this.scrollbackCapacity = bytes;
      return this;
    }

    /** How long a hung-up program may take to exit before it is killed; default 2 s. */
    public Builder gracePeriod(Duration gracePeriod) {
      Objects.requireNonNull(gracePeriod, "gracePeriod == null");
      if (gracePeriod.isNegative()) {
        throw new IllegalArgumentException("gracePeriod : " + gracePeriod + " (expected: >= 0)");
      }
      this.gracePeriod = gracePeriod;
      return this;
    }

    /** How many typed bytes may wait for a program that does not read them; default 1 MiB. */
    public Builder maxPendingInput(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxPendingInput : " + bytes + " (expected: > 0)");
      }
      this.maxPendingInput = bytes;
      return this;
    }

    public PtyHost build() {
      return new PtyHost(this);
    }

    private static List<String> defaultCommand() {
      String shell = System.getenv("SHELL");
      return List.of(shell == null || shell.isBlank() ? "/bin/sh" : shell);
    }
  }
}
