package org.polybridge.internal.script;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.graalvm.polyglot.Engine;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.internal.client.ProtoValues;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.script.ScriptLog;
import org.polybridge.script.ScriptRuntime;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.RuntimeFault;
import org.polybridge.script.ScriptStatus.State;

/**
 * Runs the scripts of an AutoLaunch folder and follows the folder: a new script starts, a changed
 * one starts again (its old registrations go with its old connection), a deleted one stops. Each
 * script gets its own event loop, connection and log, and is started by the runtime of its
 * language; all get the same polyglot engine, asked for when a script starts (so a folder without
 * scripts makes none).
 *
 * <p>Restart policy: a script that finishes is not started again; one that fails while loading
 * waits for its files to change; one that crashes after it loaded starts again after a back-off
 * delay (1 s, 2 s, 4 s … at most 60 s), which starts over once a run has lasted as long as the
 * longest delay.
 *
 * <p>Scripts run on demand ({@link #startOnDemand}: a path, or a name in the Scripts folder, the
 * AutoLaunch folder's parent when that is named {@code AutoLaunch}, as in iTerm2) run the same way
 * but are never started again by the loader: one that finishes is FINISHED, one that fails or
 * crashes is FAILED, and a change to their files is read at their next start.
 *
 * <p>The loader polls on {@code executor} and reads time from {@code clock}, so tests can drive it
 * with a manual scheduler. Thread-safe.
 */
public final class ScriptLoader implements AutoCloseable, Repls, ScriptControl {
  private static final System.Logger LOG = System.getLogger("org.polybridge.scripts");
  private static final String AUTO_LAUNCH = "AutoLaunch";

  /**
   * How the loader watches and restarts.
   *
   * @param folder the AutoLaunch folder (it need not exist yet)
   * @param logFolder where each script's log file goes ({@code null}: the bridge's log only)
   * @param pollPeriod how often the folder is compared with what runs
   * @param firstRestartDelay the back-off after a first crash
   * @param maxRestartDelay the longest back-off
   */
  public record Settings(Path folder, Path logFolder, Duration pollPeriod, Duration firstRestartDelay, Duration maxRestartDelay) {
    public Settings {
      Objects.requireNonNull(folder, "folder == null");
      requirePositive("pollPeriod", pollPeriod);
      requirePositive("firstRestartDelay", firstRestartDelay);
      requirePositive("maxRestartDelay", maxRestartDelay);
    }

    /** Polls every 500 ms; backs off from 1 s to 60 s. */
    public static Settings of(Path folder, Path logFolder) {
      return new Settings(folder, logFolder, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    private static void requirePositive(String name, Duration value) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " : " + value + " (expected: > 0)");
      }
    }
  }

  private final Settings settings;
  private final ScriptFolder folder;
  /** The Scripts folder beside AutoLaunch, whose scripts run on demand; null when AutoLaunch is not named so. */
  private final ScriptFolder onDemandFolder;
  private final List<ScriptRuntime> runtimes;
  private final boolean ownsRuntimesAndExecutor;
  private final Function<String, Connection> connector;
  private final Supplier<Engine> engine;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<String, Slot> slots = new HashMap<>();
  private final Map<String, ScriptStatus> statuses = new ConcurrentSkipListMap<>();
  /** Completed by the first poll, or by closing before it. */
  private final CompletableFuture<Void> firstLook = new CompletableFuture<>();
  private Map<String, ScriptFolder.Entry> seen = Map.of();
  private ScheduledFuture<?> polling;
  private FolderWatch watch;
  private final java.util.concurrent.atomic.AtomicBoolean pollQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private final Set<OpenRepl> repls = new HashSet<>();
  private int replsOpened;
  private boolean closed;
  /** The heap's live data against its limit ({@code null}: not watched); see {@link #watchHeap}. */
  private HeapPressure heap;
  /**
   * When a script was last restarted for the heap, until the heap is healthy again: its memory is
   * given back only as its context closes and a collection finds it, so what the next collections
   * read is not held against another script for {@link #HEAP_SETTLE}.
   */
  private Instant heapActedAt;
  /** When what each script allocated was last noted, the heap healthy. */
  private Instant allocationNotedAt;
  private static final Duration ALLOCATION_NOTE_PERIOD = Duration.ofSeconds(10);

  /** The system property that sets the heap limit, in percent of the largest heap; 0 turns it off. */
  public static final String HEAP_LIMIT_PROPERTY = "polybridge.heapLimit";
  private static final double DEFAULT_HEAP_LIMIT = 0.85;
  /** How long after a restart for the heap the next one waits unless the heap is healthy first: the first one's memory is being given back. */
  private static final Duration HEAP_SETTLE = Duration.ofSeconds(10);

  /**
   * A loader over the given runtimes, polling on {@code executor}; the caller keeps both, and the
   * engine {@code engine} gives, and closes them after the loader.
   */
  public ScriptLoader(Settings settings, List<ScriptRuntime> runtimes, Function<String, Connection> connector,
      Supplier<Engine> engine, Clock clock, ScheduledExecutorService executor) {
    this(settings, runtimes, connector, engine, clock, executor, false);
  }

  private ScriptLoader(Settings settings, List<ScriptRuntime> runtimes, Function<String, Connection> connector,
      Supplier<Engine> engine, Clock clock, ScheduledExecutorService executor, boolean owns) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.runtimes = List.copyOf(runtimes);
    this.connector = Objects.requireNonNull(connector, "connector == null");
    this.engine = Objects.requireNonNull(engine, "engine == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.executor = Objects.requireNonNull(executor, "executor == null");
    this.ownsRuntimesAndExecutor = owns;
    this.folder = new ScriptFolder(settings.folder(), this.runtimes);
    Path autoLaunch = settings.folder().toAbsolutePath().normalize();
    this.onDemandFolder = autoLaunch.getParent() != null && autoLaunch.getFileName().toString().equals(AUTO_LAUNCH)
        ? new ScriptFolder(autoLaunch.getParent(), this.runtimes, Set.of(AUTO_LAUNCH)) : null;
  }

  /**
   * Starts a loader with the runtimes {@link ServiceLoader} finds and a thread of its own, both
   * closed with it; the caller closes the engine after it.
   */
  public static ScriptLoader start(Settings settings, Function<String, Connection> connector, Supplier<Engine> engine) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "polybridge-scripts");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    ScriptLoader loader = new ScriptLoader(settings, discoverRuntimes(), connector, engine, Clock.systemUTC(), executor, true);
    loader.watchHeap(heapLimit());
    loader.watchForChanges();
    loader.start();
    return loader;
  }

  /** The heap limit {@link #HEAP_LIMIT_PROPERTY} sets, as a fraction; 0.85 when unset or unreadable. */
  static double heapLimit() {
    String text = System.getProperty(HEAP_LIMIT_PROPERTY);
    if (text == null || text.isBlank()) {
      return DEFAULT_HEAP_LIMIT;
    }
    try {
      double percent = Double.parseDouble(text.strip().replace("%", ""));
      if (percent >= 0 && percent <= 100) {
        return percent / 100;
      }
    } catch (NumberFormatException e) {
      // below
    }
    LOG.log(Level.WARNING, "-D" + HEAP_LIMIT_PROPERTY + "=" + text + " is not a percentage from 0 to 100: using "
        + Math.round(DEFAULT_HEAP_LIMIT * 100));
    return DEFAULT_HEAP_LIMIT;
  }

  /**
   * From now on, when the heap's live data passes {@code limit} (a fraction of the largest heap)
   * after a collection, or the heap runs out of room with most of that live (read as each
   * collection ends: {@link HeapPressure}), the script that allocated the most since the heap was last healthy is
   * named in its log and the bridge's, and restarted with back-off as after a crash: closing its
   * context gives its memory back, and the other scripts keep serving. A heuristic (the heap is
   * shared, so what each script keeps cannot be read): a script that allocates much and keeps
   * little may be taken for one that keeps what it allocates.
   */
  synchronized void watchHeap(double limit) {
    if (heap == null && !closed) {
      heap = HeapPressure.watch(limit, executor, new HeapPressure.Listener() {
        @Override
        public void healthy(boolean again) {
          heapHealthy(again);
        }

        @Override
        public void overLimit(HeapPressure.Reading reading) {
          heapOverLimit(reading);
        }
      });
    }
  }

  private synchronized void heapHealthy(boolean again) {
    // the memory of a script restarted for the heap is back: the next verdict need not wait
    heapActedAt = null;
    // Each reading of another thread's allocation reaches into that thread: seldom while the heap
    // stays healthy, but at once when it is healthy again (a hoarder that crashed and started
    // anew counts from 0: the others' allocation before must not be held against them)
    Instant now = clock.instant();
    if (again || allocationNotedAt == null || !now.isBefore(allocationNotedAt.plus(ALLOCATION_NOTE_PERIOD))) {
      allocationNotedAt = now;
      slots.values().forEach(Slot::noteAllocation);
    }
  }

  private synchronized void heapOverLimit(HeapPressure.Reading reading) {
    if (closed || heapActedAt != null && clock.instant().isBefore(heapActedAt.plus(HEAP_SETTLE))) {
      return;
    }
    Slot guilty = null;
    long most = 0;
    for (Slot slot : slots.values()) {
      long allocated = slot.allocatedSinceNoted();
      if (allocated > most) {
        most = allocated;
        guilty = slot;
      }
    }
    String heapState = reading.describe();
    if (guilty == null) {
      LOG.log(Level.WARNING, heapState + "; no script allocated since it was last healthy");
      return;
    }
    heapActedAt = clock.instant();
    guilty.overMemory("it allocated the most since the heap was last healthy (" + HeapPressure.mb(most) + "), and " + heapState);
  }

  /** The runtimes on the class path; one that fails to load is logged and left out. */
  public static List<ScriptRuntime> discoverRuntimes() {
    List<ScriptRuntime> found = new ArrayList<>();
    var providers = ServiceLoader.load(ScriptRuntime.class).iterator();
    while (true) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        found.add(providers.next());
      } catch (ServiceConfigurationError e) {
        LOG.log(Level.WARNING, "a script runtime could not be loaded: " + e.getMessage(), e);
      }
    }
    if (found.isEmpty()) {
      LOG.log(Level.WARNING, "no script runtime found (add lang-js or lang-python to the class path): AutoLaunch scripts do not run");
    }
    return found;
  }

  /** Starts polling: the first look at the folder is at once. */
  public synchronized void start() {
    if (polling == null && !closed) {
      if (!Files.isDirectory(settings.folder())) {
        LOG.log(Level.INFO, "the scripts folder " + settings.folder() + " does not exist (yet); watching for it");
      }
      polling = executor.scheduleWithFixedDelay(this::poll, 0, settings.pollPeriod().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Completes when the loader has looked into the folder for the first time: from then on {@link
   * #statuses} lists every script found there (LOADING until it has loaded).
   */
  public CompletableFuture<Void> firstLook() {
    return firstLook;
  }

  /** Every script found, by name. */
  public List<ScriptStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  /**
   * Warms up ({@link ScriptRuntime#warmUp}) each runtime, one after the other on a thread of its
   * own ({@code polybridge-warm-up}), so that the first script of its language saved later starts
   * as a second one would, and a runtime that keeps something ready for its next script (a spare
   * JavaScript context) has it ready, whether a script of its language started or not. Completes
   * when they are done; a failure reaches the log. Closing the loader closes the runtimes, which
   * cuts a warm-up short.
   */
  public CompletableFuture<Void> warmUp() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (closed || runtimes.isEmpty()) {
        done.complete(null);
        return done;
      }
    }
    Thread.ofPlatform().daemon().name("polybridge-warm-up").start(() -> {
      for (ScriptRuntime runtime : runtimes) {
        long began = System.nanoTime();
        try {
          runtime.warmUp(engine.get());
          LOG.log(Level.DEBUG, () -> "the " + runtime.language() + " runtime warmed up in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
        } catch (RuntimeException e) {
          boolean closing;
          synchronized (this) {
            closing = closed;
          }
          if (!closing) {
            LOG.log(Level.WARNING, "warming up the " + runtime.language() + " runtime failed", e);
          }
        }
      }
      done.complete(null);
    });
    return done;
  }


  /**
   * From now on a change in the folder (a script saved, deleted, edited) is acted on within
   * milliseconds rather than at the next poll; call before {@link #start}.
   */
  synchronized void watchForChanges() {
    if (watch == null && !closed) {
      watch = FolderWatch.start(this::pollSoon);
    }
  }

  /** Something changed in the folder: polls soon (on the loader's thread) unless a poll is already queued. */
  private void pollSoon() {
    if (pollQueued.compareAndSet(false, true)) {
      try {
        // A few milliseconds, so that a file written in several steps is mostly whole when read.
        executor.schedule(() -> {
          pollQueued.set(false);
          poll();
        }, 15, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        pollQueued.set(false);
      }
    }
  }

  /** Compares the folder with what runs, and starts, restarts and stops scripts to match. */
  synchronized void poll() {
    if (closed) {
      return;
    }
    if (watch != null) {
      watch.follow(settings.folder());
    }
    try {
      Map<String, ScriptFolder.Entry> now = folder.scan(seen);
      for (String name : seen.keySet()) {
        if (!now.containsKey(name)) {
          Slot slot = slots.remove(name);
          if (slot != null) {
            slot.deleted();
          }
        }
      }
      now.forEach((name, entry) -> {
        Slot slot = slots.get(name);
        if (slot != null && slot.onDemand) {
          slot.log("an AutoLaunch script of the same name appeared: stopping this one");
          slot.deleted();
          slot = null;
        }
        if (slot == null) {
          slot = new Slot(entry);
          slots.put(name, slot);
          slot.start();
        } else if (!slot.entry.equals(entry)) {
          slot.changed(entry);
        }
      });
      seen = now;
      if (!firstLook.isDone() && !now.isEmpty()) {
        // The first scripts' contexts are starting on their own threads: the protocol's messages
        // get ready on this one meanwhile, not in the first script's first request.
        executor.execute(() -> {
          try {
            ProtoValues.warmUp();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "readying the protocol's messages failed (the first request does it)", e);
          }
        });
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watching " + settings.folder() + " failed; trying again at the next poll", e);
    } finally {
      firstLook.complete(null);
    }
  }

  @Override
  public synchronized ScriptStatus act(String name, Action action) {
    Slot slot = closed ? null : slots.get(name);
    if (slot == null && !closed && action != Action.STOP && onDemandFolder != null) {
      ScriptFolder.Entry entry = onDemandFolder.scan(Map.of()).get(name);
      if (entry != null) {
        return startOnDemand(entry);
      }
    }
    if (slot == null) {
      Set<String> known = new java.util.TreeSet<>(slots.keySet());
      if (onDemandFolder != null) {
        known.addAll(onDemandScripts().keySet());
      }
      if (known.contains(name)) {
        throw new IllegalStateException(name + " is not running (a script of " + onDemandFolder.path()
            + " runs when started: polybridge start " + name + ")");
      }
      throw new IllegalArgumentException("no script named " + name + " in " + settings.folder()
          + (onDemandFolder != null ? " or " + onDemandFolder.path() : "")
          + (known.isEmpty() ? (onDemandFolder != null ? " (they hold none)" : " (it holds none)")
              : " (expected one of: " + String.join(", ", known) + ")"));
    }
    switch (action) {
      case STOP -> slot.stopByRequest();
      case START -> slot.startByRequest();
      case RESTART -> slot.restartByRequest();
    }
    return statuses.get(name);
  }

  @Override
  public synchronized ScriptStatus startOnDemand(Path path) {
    if (closed) {
      throw new IllegalStateException("the host is closing");
    }
    return startOnDemand(folder.entry(path));
  }

  private ScriptStatus startOnDemand(ScriptFolder.Entry entry) {
    String name = entry.name();
    Slot slot = slots.get(name);
    if (slot != null && !slot.onDemand) {
      if (slot.entry.path().equals(entry.path())) {
        slot.startByRequest();
        return statuses.get(name);
      }
      throw new IllegalStateException("the AutoLaunch script " + slot.entry.path() + " has the name " + name
          + " already (expected: a script whose file or folder name is not taken)");
    }
    if (slot != null) {
      ScriptStatus now = slot.current();
      if (slot.script != null && now != null && (now.state() == State.LOADING || now.state() == State.RUNNING)) {
        throw new IllegalStateException(name + " is " + now.state() + " already, started from " + slot.entry.path()
            + " (to start it again: polybridge restart " + name + ")");
      }
      if (slot.entry.path().equals(entry.path())) {
        slot.startByRequest();
        return statuses.get(name);
      }
      slot.teardown("the script was stopped: " + name + " was started from " + entry.path());
    }
    slot = new Slot(entry, true);
    slots.put(name, slot);
    slot.start();
    return statuses.get(name);
  }

  @Override
  public synchronized Optional<Path> startedFrom(String name) {
    Slot slot = slots.get(name);
    return slot != null && slot.onDemand ? Optional.of(slot.entry.path()) : Optional.empty();
  }

  @Override
  public synchronized Map<String, String> onDemandScripts() {
    if (onDemandFolder == null || closed) {
      return Map.of();
    }
    Map<String, String> found = new java.util.TreeMap<>();
    onDemandFolder.scan(Map.of()).forEach((name, entry) -> found.put(name, entry.runtime().language()));
    return found;
  }

  @Override
  public synchronized Optional<Run> run(String name) {
    Slot slot = slots.get(name);
    return slot == null || slot.script == null ? Optional.empty() : Optional.of(new Run(slot.startedAt, slot.starts - 1));
  }

  @Override
  public synchronized Optional<Instant> restartAt(String name) {
    Slot slot = slots.get(name);
    return slot == null || slot.restart == null ? Optional.empty() : Optional.ofNullable(slot.restartAt);
  }

  /**
   * A REPL on the runtime of {@code language}, the one the scripts run on (a Python REPL is a further
   * script of their shared context): its own loop and connection (its registrations go with it, as a
   * script's), its failures to its user ({@link ReplLog}). It stops with the loader.
   */
  @Override
  public Repl open(String language, Path directory, Repl.Output output) {
    ScriptRuntime runtime = runtimes.stream().filter(r -> r.language().equalsIgnoreCase(language)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + language + " runtime in this host (expected one of: "
            + String.join(", ", runtimes.stream().map(ScriptRuntime::language).toList()) + ")"));
    String name;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the host is closing");
      }
      name = "repl-" + runtime.language().toLowerCase(java.util.Locale.ROOT) + "-" + ++replsOpened;
    }
    ScriptEventLoop loop = new ScriptEventLoop(name);
    ApiClient api = null;
    try {
      api = new ApiClient(connector.apply(name), loop);
      ScriptEnvironment environment = new ScriptEnvironment(name, directory.resolve("<stdin>"), directory, api, loop,
          new ReplLog(name, output), engine.get());
      OpenRepl repl = new OpenRepl(runtime.startRepl(environment, output), api, loop);
      synchronized (this) {
        if (closed) {
          repl.stop();
          throw new IllegalStateException("the host is closing");
        }
        repls.add(repl);
      }
      repl.completion().whenComplete((ok, failure) -> {
        synchronized (this) {
          repls.remove(repl);
        }
      });
      LOG.log(Level.DEBUG, () -> name + " opened in " + directory);
      return repl;
    } catch (RuntimeException e) {
      if (api != null) {
        api.close();
      }
      loop.close();
      throw e;
    }
  }

  /** Stops every script and, when the loader made them, its runtimes and thread. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      firstLook.complete(null);
      if (polling != null) {
        polling.cancel(false);
      }
      slots.values().forEach(Slot::closed);
      slots.clear();
      List.copyOf(repls).forEach(OpenRepl::stopNow);
      repls.clear();
      if (watch != null) {
        watch.close();
      }
      if (heap != null) {
        heap.close();
      }
    }
    if (ownsRuntimesAndExecutor) {
      for (ScriptRuntime runtime : runtimes) {
        try {
          runtime.close();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "closing the " + runtime.language() + " runtime failed", e);
        }
      }
      executor.shutdownNow();
    }
  }

  /** A REPL and what it runs with: stopping it closes its connection (its registrations go) and its loop. */
  private final class OpenRepl implements Repl {
    private final Repl repl;
    private final ApiClient api;
    private final ScriptEventLoop loop;

    OpenRepl(Repl repl, ApiClient api, ScriptEventLoop loop) {
      this.repl = repl;
      this.api = api;
      this.loop = loop;
      // Ended by its user (exit()) or by a failure: release it as a stop would.
      repl.completion().whenComplete((ok, failure) -> stop());
    }

    @Override
    public CompletableFuture<Outcome> evaluate(String input) {
      return repl.evaluate(input);
    }

    @Override
    public void interrupt() {
      repl.interrupt();
    }

    @Override
    public CompletableFuture<Void> completion() {
      return repl.completion();
    }

    @Override
    public CompletableFuture<Void> loaded() {
      return repl.loaded();
    }

    /** Stops it on the loader's thread: a runtime may wait for the REPL's thread, which callers must not. */
    @Override
    public void stop() {
      try {
        executor.execute(this::stopNow);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        stopNow();
      }
    }

    void stopNow() {
      try {
        repl.stop();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stopping a REPL failed", e);
      }
      api.close();
      loop.close();
    }
  }

  private Duration backOff(int crashes) {
    Duration delay = settings.firstRestartDelay().multipliedBy(1L << Math.min(crashes - 1, 20));
    return delay.compareTo(settings.maxRestartDelay()) > 0 ? settings.maxRestartDelay() : delay;
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** One script and what it runs with; every method runs under the loader's lock. */
  private final class Slot {
    /** Started on demand (a path, or the Scripts folder): never started again by the loader. */
    private final boolean onDemand;
    private ScriptFolder.Entry entry;
    private Script script;
    private ApiClient api;
    private ScriptEventLoop loop;
    private ScriptFileLog log;
    private ScheduledFuture<?> restart;
    /** When {@link #restart} is due. */
    private Instant restartAt;
    private Instant startedAt;
    private int generation;
    private int crashes;
    /** How often it started (crash restarts, restarts asked for, reloads); the first start is 1. */
    private int starts;
    /** Stopped by request ({@code polybridge stop NAME}): not started again until asked. */
    private boolean held;
    /** What its loop's thread had allocated when the heap was last healthy (0: when it started). */
    private long allocationNoted;

    Slot(ScriptFolder.Entry entry) {
      this(entry, false);
    }

    Slot(ScriptFolder.Entry entry, boolean onDemand) {
      this.entry = entry;
      this.onDemand = onDemand;
    }

    /** Writes to its log, or the loader's when it has none open. */
    void log(String message) {
      if (log != null) {
        log.info(message);
      } else {
        LOG.log(Level.INFO, entry.name() + ": " + message);
      }
    }

    void start() {
      String name = entry.name();
      int run = ++generation;
      starts++;
      log = ScriptFileLog.open(settings.logFolder(), name, clock);
      loop = new ScriptEventLoop(name, log);
      allocationNoted = 0;
      startedAt = clock.instant();
      String lastError = current() != null ? current().lastError() : null;
      status(State.LOADING, lastError);
      log.info("starting " + entry.mainFile() + " (" + entry.runtime().language() + (onDemand ? ", on demand" : "") + ")");
      try {
        api = new ApiClient(connector.apply(name), loop);
        Path directory = Files.isDirectory(entry.path()) ? entry.path() : entry.mainFile().toAbsolutePath().getParent();
        script = entry.runtime().start(new ScriptEnvironment(name, entry.mainFile(), directory, api, loop,
            new RunLog(log, run), engine.get()));
      } catch (RuntimeException e) {
        log.error("the " + entry.runtime().language() + " runtime could not start " + name + ": " + e, null);
        teardown("the script could not start: " + e);
        status(State.FAILED, e.toString());
        return;
      }
      Script started = script;
      started.loaded().thenRunAsync(() -> loaded(run), executor);
      started.completion().whenCompleteAsync((ok, failure) -> ended(run, started, failure), executor);
    }

    void changed(ScriptFolder.Entry newEntry) {
      cancelRestart();
      if (held) {
        entry = newEntry; // stopped by request: it starts when asked, with its new files
        return;
      }
      if (script != null) {
        log.info("its files changed: starting it again");
      }
      teardown("the script was reloaded: its files changed");
      entry = newEntry;
      crashes = 0;
      // LOADING without the old files' error at once: removed and put back, it was missing from
      // `polybridge scripts` for a moment (a reader of the list saw it gone)
      status(State.LOADING, null);
      start();
    }

    void deleted() {
      cancelRestart();
      if (script != null) {
        log.info("its files were deleted: stopping it");
      }
      teardown("the script was stopped: its files were deleted");
      statuses.remove(entry.name());
    }

    void stopByRequest() {
      cancelRestart();
      if (script != null) {
        log.info("stopped by request");
      }
      teardown("the script was stopped by request");
      held = true;
      ScriptStatus now = current();
      status(State.STOPPED, now != null ? now.lastError() : null);
    }

    void startByRequest() {
      ScriptStatus now = current();
      if (script != null && now != null && (now.state() == State.LOADING || now.state() == State.RUNNING)) {
        throw new IllegalStateException(entry.name() + " is " + now.state() + " already (to start it again: restart)");
      }
      reread();
      cancelRestart();
      held = false;
      crashes = 0;
      start();
    }

    void restartByRequest() {
      reread();
      cancelRestart();
      if (script != null) {
        log.info("restarting by request");
      }
      teardown("the script was restarted by request");
      held = false;
      crashes = 0;
      start();
    }

    /** A script run on demand is read again as it starts (its files may have changed, or gone: then it stays as it is). */
    private void reread() {
      if (onDemand) {
        entry = folder.entry(entry.path());
      }
    }

    void closed() {
      cancelRestart();
      if (script != null) {
        log.info("the bridge is closing: stopping it");
      }
      teardown("the script was stopped: the bridge is closing");
      ScriptStatus now = current();
      status(State.STOPPED, now != null ? now.lastError() : null);
    }

    /** A runtime said what the script of run {@code run} is busy with while it loads. */
    private void activity(int run, String activity) {
      synchronized (ScriptLoader.this) {
        ScriptStatus now = current();
        if (!closed && run == generation && now != null && now.state() == State.LOADING) {
          statuses.put(entry.name(), new ScriptStatus(entry.name(), entry.runtime().language(), State.LOADING, now.lastError(), activity));
        }
      }
    }

    /** One run's log: its file, and its {@linkplain ScriptLog#activity activity} shown in its status. */
    private final class RunLog implements ScriptLog {
      private final ScriptFileLog file;
      private final int run;

      RunLog(ScriptFileLog file, int run) {
        this.file = file;
        this.run = run;
      }

      @Override
      public void info(String message) {
        file.info(message);
      }

      @Override
      public void error(String message, String traceback) {
        file.error(message, traceback);
      }

      @Override
      public void activity(String activity) {
        ScriptLog.super.activity(activity);
        Slot.this.activity(run, activity);
      }
    }

    private void loaded(int run) {
      synchronized (ScriptLoader.this) {
        ScriptStatus now = current();
        if (!closed && run == generation && now != null && now.state() == State.LOADING) {
          status(State.RUNNING, now.lastError());
        }
      }
    }

    private void ended(int run, Script started, Throwable failure) {
      synchronized (ScriptLoader.this) {
        if (closed || run != generation) {
          return;
        }
        boolean loaded = started.loaded().isDone() && !started.loaded().isCompletedExceptionally();
        String again = "polybridge start " + entry.name();
        if (failure == null) {
          log.info(onDemand ? "finished; it runs again with " + again : "finished; it starts again when its files change");
          teardown("the script finished");
          crashes = 0;
          status(State.FINISHED, null);
        } else if (onDemand) {
          String reason = reason(failure);
          log.info((loaded ? "crashed (" : "failed while loading (") + reason + "); a script run on demand is not started again: " + again);
          teardown(loaded ? "the script crashed: " + reason : "the script failed while loading: " + reason);
          status(State.FAILED, reason);
        } else if (!loaded && RuntimeFault.in(failure) && crashes == 0) {
          String reason = reason(failure);
          restartAfterCrash("failed while loading with a fault of its language runtime, not of its code (" + reason + ")", reason,
              "the script failed while loading: " + reason);
        } else if (!loaded) {
          String reason = reason(failure);
          log.info("failed while loading (" + reason + "); it starts again when its files change");
          teardown("the script failed while loading: " + reason);
          status(State.FAILED, reason);
        } else {
          String reason = reason(failure);
          restartAfterCrash("crashed (" + reason + ")", reason, "the script crashed: " + reason);
        }
      }
    }

    /**
     * Tears it down and starts it again after the back-off, which grows with each crash of a short
     * run; {@code cut} is what callers of its functions whose calls this ends hear.
     */
    private void restartAfterCrash(String what, String reason, String cut) {
      Duration ran = Duration.between(startedAt, clock.instant());
      crashes = ran.compareTo(settings.maxRestartDelay()) >= 0 ? 1 : crashes + 1;
      Duration delay = backOff(crashes);
      log.info(what + "; starting again in " + seconds(delay));
      teardown(cut);
      status(State.WAITING_TO_RESTART, reason);
      int waiting = generation;
      restartAt = clock.instant().plus(delay);
      restart = executor.schedule(() -> restartAfterBackOff(waiting), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void noteAllocation() {
      if (loop != null && script != null) {
        allocationNoted = Math.max(0, loop.allocatedBytes());
      }
    }

    /** What its thread allocated since the heap was last healthy; 0 when it does not run. */
    long allocatedSinceNoted() {
      return loop == null || script == null ? 0 : loop.allocatedBytes() - allocationNoted;
    }

    /** The heap is over its limit and this script is the likeliest cause: restarted to give its memory back. */
    void overMemory(String why) {
      if (onDemand) {
        String reason = "stopped to give memory back: " + why;
        log.error(reason + "; a script run on demand is not started again: polybridge start " + entry.name(), null);
        LOG.log(Level.WARNING, entry.name() + " " + reason);
        teardown("the script was " + reason);
        status(State.FAILED, reason);
        return;
      }
      String reason = "restarted to give memory back: " + why;
      log.error(reason, null);
      LOG.log(Level.WARNING, entry.name() + " " + reason);
      restartAfterCrash("restarted for the heap", reason, "the script was " + reason);
    }

    private void restartAfterBackOff(int waiting) {
      synchronized (ScriptLoader.this) {
        if (!closed && waiting == generation) {
          restart = null;
          start();
        }
      }
    }

    /**
     * Stops the script, then closes its connection (the host drops its registrations; callers
     * waiting on it hear so at once, and {@code reason}: why it stops), its loop and its log.
     */
    void teardown(String reason) {
      generation++;
      if (script != null) {
        Script stopping = script;
        quietly("stopping the script", () -> stopping.stop(reason));
      }
      if (api != null) {
        ApiClient closing = api;
        quietly("closing the connection", () -> closing.close(reason));
      }
      if (loop != null) {
        loop.close();
      }
      if (log != null) {
        log.close();
      }
      api = null;
      script = null;
      loop = null;
      log = null;
    }

    private void cancelRestart() {
      if (restart != null) {
        restart.cancel(false);
        restart = null;
      }
    }

    private void quietly(String what, Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, entry.name() + ": " + what + " failed", e);
      }
    }

    ScriptStatus current() {
      return statuses.get(entry.name());
    }

    private void status(State state, String lastError) {
      statuses.put(entry.name(), new ScriptStatus(entry.name(), entry.runtime().language(), state, lastError));
    }
  }
}
