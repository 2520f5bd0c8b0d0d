package org.polybridge.internal.protocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.polybridge.Bridge;
import org.polybridge.ExpressionSyntaxException;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.host.App;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Variables;
import org.polybridge.host.Window;
import org.polybridge.internal.config.UserConfiguration;
import org.polybridge.internal.expr.Expression;
import org.polybridge.internal.expr.ParsedInvocations;
import org.polybridge.internal.script.Repls;
import org.polybridge.internal.script.ScriptControl;
import org.polybridge.json.Json;
import org.polybridge.proto.BroadcastDomain;
import org.polybridge.proto.BroadcastDomainsChangedNotification;
import org.polybridge.proto.CustomEscapeSequenceNotification;
import org.polybridge.proto.LayoutChangedNotification;
import org.polybridge.proto.NewSessionNotification;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.TerminateSessionNotification;
import org.polybridge.script.ScriptStatus;
import org.polybridge.internal.invocation.AlertBuiltins;
import org.polybridge.internal.invocation.Futures;
import org.polybridge.internal.invocation.HookBuiltins;
import org.polybridge.internal.invocation.InvocationEvaluator;
import org.polybridge.internal.invocation.StatusBarComponents;
import org.polybridge.internal.invocation.TitleProviders;
import org.polybridge.internal.rpc.RpcRegistry;
import org.polybridge.script.Deadlines;
import org.polybridge.internal.time.SpinFirstFuture;
import org.polybridge.internal.time.Timeouts;

/**
 * The host side of the protocol: one per bridge. It owns the function registry and the evaluator,
 * accepts connections from any transport (in-JVM or WebSocket) as {@link ServerConnection}s, and
 * tells subscribed connections about changes of the app model.
 */
public final class ApiServer {
  /** How long a whole invocation may take when the request does not say, as in iTerm2's API. */
  public static final Duration DEFAULT_INVOCATION_TIMEOUT = Duration.ofSeconds(30);
  /**
   * The most JSON text one answer carries, in characters: an invocation's result, a function's
   * result, the arguments of one call, a string an invocation builds. 16 MiB, a listener's default
   * message limit (docs/INVOCATIONS.md).
   */
  public static final int MAX_ANSWER_LENGTH = 16 << 20;

  /** How this module's other packages reach a bridge's server, which the public {@link Bridge} does not show. */
  private static volatile Function<Bridge, ApiServer> ofBridge;

  private final App app;
  private final Host host;
  private final Repls repls;
  private final Deadlines deadlines;
  private final RpcRegistry registry;
  private final InvocationEvaluator evaluator;
  private final StatusBarComponents statusBar;
  private final TitleProviders titles;
  private final List<ServerConnection> connections = new CopyOnWriteArrayList<>();
  private final List<Runnable> keystrokeListeners = new CopyOnWriteArrayList<>();
  private final ParsedInvocations parsed = new ParsedInvocations();
  /** The caller of invocations made in this JVM without a connection ({@code Bridge.invoke}). */
  private final Object application = new Object();
  private volatile UserConfiguration configuration = UserConfiguration.none();

  /**
   * The server of {@code bridge}: for this module's transports ({@code ApiListener}) and for tests.
   * Not for other modules: what they need of a bridge is its public API.
   */
  public static ApiServer of(Bridge bridge) {
    return ofBridge.apply(java.util.Objects.requireNonNull(bridge, "bridge == null"));
  }

  /** Called once, by {@link Bridge} as it loads: how {@link #of} finds a bridge's server. */
  public static void reachBridgesWith(Function<Bridge, ApiServer> server) {
    if (ofBridge != null) {
      throw new IllegalStateException("the way to a bridge's server is set already");
    }
    ofBridge = server;
  }

  /** A server; {@code scripts} are the AutoLaunch scripts' statuses ({@code iterm2.scripts()}); no REPL. */
  public ApiServer(App app, Host host, ScheduledExecutorService timer, Supplier<List<ScriptStatus>> scripts) {
    this(app, host, timer, new Deadlines(timer), scripts, Repls.NONE, ScriptControl.NONE);
  }

  /**
   * A server whose clients may open REPLs on {@code repls} ({@code repl.polybridge.org}) and start,
   * stop and restart scripts through {@code control} ({@code iterm2.start_script} …); every timeout
   * runs out on {@code deadlines} (on {@code timer}, by the bridge's clock).
   */
  public ApiServer(App app, Host host, ScheduledExecutorService timer, Deadlines deadlines, Supplier<List<ScriptStatus>> scripts,
      Repls repls, ScriptControl control) {
    this.repls = repls;
    this.app = app;
    this.host = host;
    this.deadlines = deadlines;
    this.registry = new RpcRegistry(deadlines);
    this.evaluator = new InvocationEvaluator(registry, scripts, control, () -> configuration.current());
    this.statusBar = new StatusBarComponents(app, evaluator, timer);
    this.titles = new TitleProviders(app, evaluator, timer);
    HookBuiltins.add(evaluator, app, statusBar, titles);
    AlertBuiltins.add(evaluator, app);
    LayoutRequests.add(evaluator, app);
    app.addListener(new ModelEvents());
  }

  /** The user's configuration file (key bindings, triggers) this server applies; none unless set. */
  public UserConfiguration configuration() {
    return configuration;
  }

  /** Applies {@code configuration} from now on (the bridge sets it once, as it starts). */
  public void configuration(UserConfiguration configuration) {
    this.configuration = java.util.Objects.requireNonNull(configuration, "configuration == null");
  }

  /**
   * Answers {@code iterm2.console()} with what {@code address} completes with: the daemon's browser
   * console sets it; without it the function fails with a reason.
   */
  public void console(Supplier<CompletableFuture<Object>> address) {
    evaluator.console(java.util.Objects.requireNonNull(address, "address == null"));
  }

  /** A new connection from {@code peer}; the transport feeds it messages and closes it. */
  public ServerConnection accept(Peer peer) {
    ServerConnection connection = new ServerConnection(this, peer);
    connections.add(connection);
    return connection;
  }

  /**
   * Evaluates an invocation for a caller in this JVM, as a client's {@code InvokeFunctionRequest}
   * would be, without the protocol's messages: in {@code context}, within {@code timeout} ({@code
   * null}, or under a millisecond: {@link #DEFAULT_INVOCATION_TIMEOUT}). The value is a copy in the
   * bridge's value model ({@link Json#normalize}), as a client would decode it.
   */
  public CompletableFuture<Object> invoke(String invocation, InvocationContext context, Duration timeout) {
    Variables scope = InvocationScopes.resolve(app, context);
    if (scope == null) {
      return CompletableFuture.failedFuture(InvocationScopes.invalidContext(context));
    }
    Duration clamped = Timeouts.clamp(timeout);
    Duration limit = clamped == null || clamped.toMillis() <= 0 ? DEFAULT_INVOCATION_TIMEOUT : Duration.ofMillis(clamped.toMillis());
    return invoke(invocation, scope, limit, application).thenApply(Json::normalize);
  }

  /** Parses and evaluates an invocation within {@code timeout}, failing with TIMEOUT after it. */
  public CompletableFuture<Object> invoke(String invocation, Variables scope, Duration timeout) {
    return invoke(invocation, scope, timeout, application);
  }

  /**
   * Parses and evaluates an invocation of {@code caller} (a connection, whom scripts take turns
   * between) within {@code requested} (at most {@link Timeouts#MAX}), failing with TIMEOUT after it.
   */
  CompletableFuture<Object> invoke(String invocation, Variables scope, Duration requested, Object caller) {
    Duration timeout = Timeouts.clamp(requested);
    Expression expression;
    try {
      expression = parsed.parse(invocation);
    } catch (ExpressionSyntaxException e) {
      return CompletableFuture.failedFuture(new InvocationException(Status.REQUEST_MALFORMED, e.getMessage()));
    }
    // a caller in this JVM usually waits in join(): it spins for a quick answer before it parks
    CompletableFuture<Object> result = new SpinFirstFuture<>();
    var deadline = deadlines.after(timeout, () -> result.completeExceptionally(new InvocationException(Status.TIMEOUT,
        "Timeout: the invocation did not finish within " + describe(timeout) + ": " + invocation)));
    // however the result ends (a caller that gives up cancels it), nothing waits for the deadline
    result.whenComplete((value, failure) -> deadline.cancel());
    evaluator.evaluate(expression, scope, result, caller).whenComplete((value, failure) -> {
      if (failure != null) {
        result.completeExceptionally(Futures.unwrap(failure));
      } else {
        result.complete(value);
      }
    });
    return result;
  }

  public App app() {
    return app;
  }

  public Host host() {
    return host;
  }

  /** Where a client's REPL opens: the bridge's scripts' runtimes. */
  public Repls repls() {
    return repls;
  }

  public RpcRegistry registry() {
    return registry;
  }

  /** The status-bar components scripts registered, and their text in each session. */
  public StatusBarComponents statusBar() {
    return statusBar;
  }

  public TitleProviders titles() {
    return titles;
  }

  /** The connections open now. */
  public List<ServerConnection> connections() {
    return List.copyOf(connections);
  }

  /** What a terminal showing {@code session} reports of the keys typed, and which it withholds. */
  public record KeystrokeInterest(boolean monitored, List<java.util.Map<String, Object>> filters) {}

  public KeystrokeInterest keystrokeInterest(Session session) {
    boolean monitored = connections.stream().anyMatch(c -> c.subscribed(NotificationType.NOTIFY_ON_KEYSTROKE, session));
    List<java.util.Map<String, Object>> filters = new java.util.ArrayList<>();
    for (ServerConnection c : connections) {
      filters.addAll(c.keystrokeFilters().getOrDefault("all", List.of()));
      filters.addAll(c.keystrokeFilters().getOrDefault(session.id(), List.of()));
    }
    return new KeystrokeInterest(monitored, filters);
  }

  /** {@code listener} hears when keystroke monitors or filters change; closing the handle removes it. */
  public AutoCloseable addKeystrokeListener(Runnable listener) {
    keystrokeListeners.add(listener);
    return () -> keystrokeListeners.remove(listener);
  }

  void keystrokeInterestChanged() {
    keystrokeListeners.forEach(Runnable::run);
  }

  /** A key typed into {@code session} (its KeystrokeNotification's fields): its monitors hear it. */
  public void keystroke(Session session, java.util.Map<?, ?> key) {
    org.polybridge.proto.KeystrokeNotification.Builder n = org.polybridge.proto.KeystrokeNotification.newBuilder();
    org.polybridge.internal.client.ProtoValues.fill(n, key);
    n.setSession(session.id());
    Notification notification = Notification.newBuilder().setKeystrokeNotification(n).build();
    for (ServerConnection c : connections) {
      if (c.subscribed(NotificationType.NOTIFY_ON_KEYSTROKE, session)) {
        c.notify(notification);
      }
    }
  }

  void closed(ServerConnection connection) {
    connections.remove(connection);
    registry.ownerClosed(connection, connection.closeReason());
    statusBar.ownerClosed(connection);
    titles.removeIf(f -> f.owner() == connection);
    app.alerts().cancelAskedBy(connection.name(), connection.name() + " went away (its script stopped)");
    keystrokeInterestChanged();
  }

  private static String describe(Duration d) {
    double s = d.toMillis() / 1000.0;
    return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
  }

  private final class ModelEvents implements App.Listener {
    /** Held from a layout notification's listing until it is sent to every subscriber ({@link #layoutChanged}). */
    private final Object layoutOrder = new Object();

    @Override
    public void sessionCreated(Session session) {
      broadcast(NotificationType.NOTIFY_ON_NEW_SESSION, session,
          Notification.newBuilder().setNewSessionNotification(
              NewSessionNotification.newBuilder().setSessionId(session.id())).build());
    }

    @Override
    public void sessionTerminated(Session session) {
      connections.forEach(c -> c.sessionEnded(session));
      broadcast(NotificationType.NOTIFY_ON_TERMINATE_SESSION, session,
          Notification.newBuilder().setTerminateSessionNotification(
              TerminateSessionNotification.newBuilder().setSessionId(session.id())).build());
    }

    @Override
    public void layoutChanged() {
      if (connections.stream().noneMatch(c -> c.subscribed(NotificationType.NOTIFY_ON_LAYOUT_CHANGE, null))) {
        return;
      }
      // Each notification carries the whole layout, which a client takes as it is. Two threads that
      // change the layout at once (a session opening while another ends) must send their listings
      // in the order they took them: a listing taken first and sent last would undo the later
      // change for every client (a script's app would lose the session just opened, and a call in
      // it would find none). Sent under the lock, the notification is also on its way to every
      // subscriber before the change that caused it returns, and so before any call made after it.
      synchronized (layoutOrder) {
        broadcast(NotificationType.NOTIFY_ON_LAYOUT_CHANGE, null,
            Notification.newBuilder().setLayoutChangedNotification(
                LayoutChangedNotification.newBuilder().setListSessionsResponse(ModelMessages.listSessions(app))).build());
      }
    }

    @Override
    public void broadcastDomainsChanged() {
      BroadcastDomainsChangedNotification.Builder changed = BroadcastDomainsChangedNotification.newBuilder();
      for (var domain : app.broadcastDomains()) {
        changed.addBroadcastDomains(BroadcastDomain.newBuilder().addAllSessionIds(domain.stream().map(Session::id).toList()));
      }
      broadcast(NotificationType.NOTIFY_ON_BROADCAST_CHANGE, null, Notification.newBuilder().setBroadcastDomainsChanged(changed).build());
    }

    @Override
    public void focusChanged(Window window, Tab tab, Session session) {
      for (var change : ModelMessages.focusChanged(window, tab, session)) {
        broadcast(NotificationType.NOTIFY_ON_FOCUS_CHANGE, null, Notification.newBuilder().setFocusChangedNotification(change).build());
      }
    }

    @Override
    public void customControlSequence(Session session, String identity, String payload) {
      broadcast(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE, session,
          Notification.newBuilder().setCustomEscapeSequenceNotification(
              CustomEscapeSequenceNotification.newBuilder()
                  .setSession(session.id()).setSenderIdentity(identity).setPayload(payload)).build());
    }

    @Override
    public void prompt(Session session, org.polybridge.host.Prompts.Change change) {
      Notification notification = Notification.newBuilder().setPromptNotification(PromptMessages.notification(session, change)).build();
      for (ServerConnection c : connections) {
        if (c.subscribed(NotificationType.NOTIFY_ON_PROMPT, session) && c.promptModes(session).contains(change.event().name())) {
          c.notify(notification);
        }
      }
    }

    private void broadcast(NotificationType type, Session session, Notification notification) {
      for (ServerConnection c : connections) {
        if (c.subscribed(type, session)) {
          c.notify(notification);
        }
      }
    }
  }
}
