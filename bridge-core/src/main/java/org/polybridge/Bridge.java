package org.polybridge;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.graalvm.polyglot.Engine;
import org.polybridge.UserFolders;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.App;
import org.polybridge.host.Host;
import org.polybridge.internal.client.InJvmConnection;
import org.polybridge.internal.config.UserConfiguration;
import org.polybridge.internal.invocation.SessionTriggers;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.rpc.FunctionThreads;
import org.polybridge.script.Deadlines;
import org.polybridge.internal.script.BridgeEngine;
import org.polybridge.internal.script.Repls;
import org.polybridge.internal.script.ScriptControl;
import org.polybridge.internal.script.ScriptLoader;
import org.polybridge.internal.transport.ServerLoops;
import org.polybridge.script.Repl;
import org.polybridge.script.ScriptStatus;
import org.polybridge.transport.EventLoops;

/**
 * A polybridge host inside a Java application: the app model, the function registry and the
 * invocation language, with scripts and clients connected to it.
 *
 * <pre>{@code
 * try (Bridge bridge = Bridge.newBuilder().build()) {
 *   bridge.register(RpcDefinition.of("add", "a", "b"),
 *       args -> (Long) args.get("a") + (Long) args.get("b"));
 *   Object three = bridge.invoke("add(a: 1, b: 2)").join();   // 3L
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} disconnects every client and script, stops every thread the
 * bridge started (docs/THREADS.md says which thread runs what), and closes the polyglot engine the
 * scripts ran on if the bridge made it ({@link Builder#engine}).
 */
public final class Bridge implements AutoCloseable {
  static {
    ApiServer.reachBridgesWith(bridge -> bridge.server);
  }

  private final App app;
  private final ScheduledThreadPoolExecutor timer;
  private final Deadlines deadlines;
  private final ApiServer server;
  /** Where Java functions run: the embedder's executor, else {@link #ownJavaFunctions}. */
  private final Executor javaFunctions;
  /** Warm threads, else a virtual thread per call, made and closed by the bridge; null when the embedder gave an executor. */
  private final FunctionThreads ownJavaFunctions;
  private final ServerLoops loops = ServerLoops.preferred();
  /** Where sessions' output is matched against triggers, off the threads that feed it. */
  private final ExecutorService triggerWork = Executors.newVirtualThreadPerTaskExecutor();
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private final ApiClient java;
  private final BridgeEngine engine;
  private final ScriptLoader scripts;

  private Bridge(Builder builder) {
    this.app = new App();
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "polybridge-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = builder.clock == null ? new Deadlines(timer) : new Deadlines(timer, nanosSinceNow(builder.clock));
    this.ownJavaFunctions = builder.executor == null ? new FunctionThreads("polybridge-function") : null;
    this.javaFunctions = builder.executor != null ? builder.executor : ownJavaFunctions;
    this.server = new ApiServer(app, builder.host, timer, deadlines, this::scripts, this::openRepl, new ScriptControl() {
      @Override
      public ScriptStatus act(String name, Action action) {
        return (scripts != null ? scripts : ScriptControl.NONE).act(name, action);
      }

      @Override
      public java.util.Optional<Run> run(String name) {
        return (scripts != null ? scripts : ScriptControl.NONE).run(name);
      }

      @Override
      public java.util.Optional<java.time.Instant> restartAt(String name) {
        return (scripts != null ? scripts : ScriptControl.NONE).restartAt(name);
      }

      @Override
      public ScriptStatus startOnDemand(Path path) {
        return (scripts != null ? scripts : ScriptControl.NONE).startOnDemand(path);
      }

      @Override
      public java.util.Optional<Path> startedFrom(String name) {
        return (scripts != null ? scripts : ScriptControl.NONE).startedFrom(name);
      }

      @Override
      public java.util.Map<String, String> onDemandScripts() {
        return (scripts != null ? scripts : ScriptControl.NONE).onDemandScripts();
      }
    });
    if (builder.configFile != null) {
      UserConfiguration configuration = UserConfiguration.follow(builder.configFile, timer);
      closeWithBridge(configuration);
      server.configuration(configuration);
    }
    app.addListener(new SessionTriggers(server, () -> server.configuration().current(), triggerWork));
    this.java = new ApiClient(connect("java"), javaFunctions);
    this.engine = builder.engine != null ? BridgeEngine.given(builder.engine) : BridgeEngine.madeOnFirstUse();
    closeWithBridge(engine); // before the loader: closed after it, once the scripts and runtimes are
    this.scripts = builder.scriptsFolder == null ? null : ScriptLoader.start(
        ScriptLoader.Settings.of(builder.scriptsFolder, builder.logFolder), name -> new InJvmConnection(server, name),
        engine::get);
    if (scripts != null) {
      closeWithBridge(scripts);
    }
  }

  /** A builder with every setting at its default: no scripts, no configuration, no terminals. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The app model: windows, tabs, sessions and their variables. */
  public App app() {
    return app;
  }

  /**
   * A new in-JVM connection to this bridge, as a script or client would have: its registrations
   * and subscriptions end when it closes.
   */
  public Connection connect(String clientName) {
    Objects.requireNonNull(clientName, "clientName == null");
    InJvmConnection connection = new InJvmConnection(server, clientName);
    resources.add(connection);
    return connection;
  }

  /**
   * Serves a Java function as an RPC. Returns once the registry accepted it.
   *
   * @throws BridgeException when the signature is taken or a name is not an identifier
   */
  public void register(RpcDefinition definition, JavaFunction function) {
    await(java.register(definition, arguments -> {
      try {
        return CompletableFuture.completedFuture(function.apply(arguments));
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }));
  }

  /** Withdraws a Java function registered with {@link #register}. */
  public void unregister(RpcDefinition definition) {
    await(java.unregister(definition));
  }

  /** Evaluates an invocation in the app's context: {@code show(s: add(a: 1, b: 2))}. */
  public CompletableFuture<Object> invoke(String invocation) {
    return invoke(invocation, InvocationContext.app(), null);
  }

  /**
   * Evaluates an invocation in a context, within {@code timeout} ({@code null}: 30 s; at most 24
   * hours, a longer one is cut to 24 hours). Fails with an {@link InvocationException}.
   */
  public CompletableFuture<Object> invoke(String invocation, InvocationContext context, Duration timeout) {
    Objects.requireNonNull(invocation, "invocation == null");
    Objects.requireNonNull(context, "context == null");
    return server.invoke(invocation, context, timeout);
  }

  /**
   * The AutoLaunch scripts and where each stands, by name; empty without a {@linkplain
   * Builder#scriptsFolder scripts folder}.
   */
  public List<ScriptStatus> scripts() {
    return scripts == null ? List.of() : scripts.statuses();
  }

  /**
   * Completes once the bridge has looked into its scripts folder for the first time (at once
   * without one): from then on {@link #scripts()} lists every script it found there, each
   * {@code LOADING} until it has loaded. What a caller that waits for the AutoLaunch scripts to load
   * waits for first.
   *
   * <pre>{@code
   * bridge.scriptsFound().get(10, TimeUnit.SECONDS);
   * boolean loading = bridge.scripts().stream().anyMatch(s -> s.state() == ScriptStatus.State.LOADING);
   * }</pre>
   */
  public CompletableFuture<Void> scriptsFound() {
    return scripts == null ? CompletableFuture.completedFuture(null) : scripts.firstLook();
  }

  /**
   * Warms up, on a thread of its own, the script runtimes, so that the first script of a language
   * saved later starts as fast as a second one (JavaScript: its first context and the {@code
   * iterm2} prelude's parse, unless a script paid for them; then a spare context kept for the next
   * script from then on; docs/SCRIPTS.md). It costs CPU now and keeps some memory (the prelude's
   * code, the spare); the daemon calls it once its AutoLaunch scripts have loaded. Runs no user
   * code. Completes when done, at once without a scripts folder.
   *
   * <pre>{@code
   * bridge.scriptsFound().get(10, TimeUnit.SECONDS);
   * bridge.warmUp().get(1, TimeUnit.MINUTES);
   * }</pre>
   */
  public CompletableFuture<Void> warmUp() {
    return scripts == null ? CompletableFuture.completedFuture(null) : scripts.warmUp();
  }

  /** A REPL on the scripts' runtimes, for clients of {@code repl.polybridge.org}. */
  private Repl openRepl(String language, Path directory, Repl.Output output) {
    ScriptLoader loader = scripts;
    return (loader != null ? loader : Repls.NONE).open(language, directory, output);
  }

  /**
   * The event loops this bridge serves its listeners on, one group for all of them, shut down when
   * the bridge closes; an application's own server may share them (see {@link EventLoops}).
   */
  public EventLoops eventLoops() {
    return loops;
  }

  /**
   * Expires at once the timeouts that are due by the bridge's {@linkplain Builder#clock clock}. The
   * bridge looks by itself when a timeout is due by real time; a clock of one's own that jumps (a
   * test's) calls this after each jump, so that what came due fails with TIMEOUT without waiting
   * for real time to catch up. The expiries run on the bridge's timer thread; the future completes
   * when they have.
   */
  public CompletableFuture<Void> tick() {
    return deadlines.tick();
  }

  /**
   * The signatures of the functions registered now, by every client and script, sorted: {@code
   * add(a,b)} as {@link RpcDefinition#signature()} prints them (a role's functions under their
   * namespace, e.g. {@code statusbar.<id>.name(knobs)}).
   *
   * <pre>{@code
   * boolean served = bridge.functions().contains(RpcDefinition.of("add", "a", "b").signature());
   * }</pre>
   */
  public List<String> functions() {
    return server.registry().all().stream().map(r -> r.signature().toString()).toList();
  }

  /**
   * Answers {@code iterm2.console()} from now on with what {@code address} completes with (a JSON
   * value: the daemon gives the browser console's URL, port and token lifetime). Without it, the
   * function fails, saying that this host serves no console.
   *
   * <pre>{@code
   * bridge.console(() -> CompletableFuture.completedFuture(Map.of("url", "http://127.0.0.1:8080/")));
   * }</pre>
   */
  public void console(Supplier<CompletableFuture<Object>> address) {
    server.console(address);
  }

  /** The engine of this bridge's scripts, made or given; tests see whether one was made. */
  BridgeEngine scriptEngine() {
    return engine;
  }

  /** Something to close with the bridge (a server, a script loader). */
  public void closeWithBridge(AutoCloseable resource) {
    resources.add(resource);
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        System.getLogger(Bridge.class.getName()).log(System.Logger.Level.WARNING, "closing " + resource, e);
      }
    }
    loops.close(); // after the listeners, and anything else on the loops, have closed
    if (ownJavaFunctions != null) {
      ownJavaFunctions.close();
    }
    triggerWork.shutdownNow();
    timer.shutdownNow();
  }

  /** Nanoseconds since this call by {@code clock}'s instants: what deadlines count in. */
  private static java.util.function.LongSupplier nanosSinceNow(InstantSource clock) {
    Instant origin = clock.instant();
    return () -> Duration.between(origin, clock.instant()).toNanos();
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new BridgeException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted", e);
    } catch (TimeoutException e) {
      throw new BridgeException("the host did not answer within 30 s", e);
    }
  }

  /** Builds a {@link Bridge}; every setting has a default. */
  public static final class Builder {
    private Host host = Host.withoutTerminals();
    private Path scriptsFolder;
    private Engine engine;
    private Path logFolder = UserFolders.current().logs();
    private Path configFile;
    private Executor executor;
    private InstantSource clock;

    private Builder() {}

    /**
     * Where the Java functions {@linkplain Bridge#register registered} with the bridge run, one task
     * per call (a function may block; its timeout still fires). Unless set, a call runs on one of two
     * threads the bridge keeps parked for calls when one is idle, else on a virtual thread of its
     * own: a blocked function holds up no other call. The bridge does not shut a given executor
     * down: shut it down after the bridge. {@code Runnable::run} calls each function on the invoking
     * thread, with no hand-over (the fastest, docs/EMBEDDING.md), which suits only functions that
     * never block: a wire client's calls then run on its connection's event loop.
     *
     * <pre>{@code
     * ExecutorService calls = Executors.newFixedThreadPool(4);
     * try (Bridge bridge = Bridge.newBuilder().executor(calls).build()) {
     *   bridge.register(RpcDefinition.of("now"), args -> System.currentTimeMillis());
     * } finally {
     *   calls.shutdown();
     * }
     * }</pre>
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /**
     * The clock the bridge's timeouts run out by (a function's, an invocation's; from the wire, the
     * Java API or a script). Unless set, {@link System#nanoTime}, which no change of the wall clock
     * moves. A clock of one's own lets a test drive time: move it, then call {@link Bridge#tick()}
     * and what came due fails with TIMEOUT at once.
     *
     * <pre>{@code
     * AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
     * try (Bridge bridge = Bridge.newBuilder().clock(now::get).build()) {
     *   CompletableFuture<Object> call = bridge.invoke("slow()", InvocationContext.app(), Duration.ofMinutes(5));
     *   now.set(now.get().plus(Duration.ofMinutes(5)));
     *   bridge.tick().join();   // call has failed with TIMEOUT, not in five minutes
     * }
     * }</pre>
     *
     * <p>The clock drives timeouts only: a script's own timers ({@code asyncio.sleep}, {@code
     * setTimeout}), status-bar cadences and restart back-off run by real time.
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * The user's configuration file ({@code config.toml}: key bindings and triggers, see {@code
     * docs/CONFIG.md}), followed while the bridge runs: a change applies at once. An absent file
     * configures nothing until it appears. Unless set, the bridge reads no configuration.
     */
    public Builder configFile(Path file) {
      this.configFile = Objects.requireNonNull(file, "file == null");
      return this;
    }

    /** What makes new terminals for scripts; by default none are made. */
    public Builder host(Host host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /**
     * Runs the scripts of an AutoLaunch folder ({@code Scripts/AutoLaunch}) with the language
     * runtimes on the class path, and follows the folder's changes while the bridge runs. See
     * {@code docs/SCRIPTS.md}.
     */
    public Builder scriptsFolder(Path folder) {
      this.scriptsFolder = Objects.requireNonNull(folder, "folder == null");
      return this;
    }

    /**
     * The polyglot engine to run the scripts on, for an application that runs guest code of its
     * own and wants one code cache for both, or sets engine options. The engine must permit the
     * scripts' languages ({@code Engine.create()} permits every one on the class path). The bridge
     * does not close it: close it after the bridge.
     *
     * <pre>{@code
     * try (Engine engine = Engine.create();
     *      Bridge bridge = Bridge.newBuilder().engine(engine).scriptsFolder(autoLaunch).build()) {
     *   ...
     * }
     * }</pre>
     *
     * <p>Unless set, the bridge makes an engine when its first script starts (one for all
     * languages) and closes it when it closes.
     */
    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine == null");
      return this;
    }

    /**
     * Where each script's log file goes: unless set, {@code $XDG_STATE_HOME/polybridge/logs}
     * (default {@code ~/.local/state/polybridge/logs}; {@code ~/.config/polybridge/logs} where an
     * earlier version made that).
     */
    public Builder logFolder(Path folder) {
      this.logFolder = Objects.requireNonNull(folder, "folder == null");
      return this;
    }

    /** The bridge, running: its scripts (if any) start at once. */
    public Bridge build() {
      return new Bridge(this);
    }
  }
}
