package org.polybridge.internal.protocol;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Variables;
import org.polybridge.json.Json;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationResponse;
import org.polybridge.proto.NotificationResponse.Status;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.VariableChangedNotification;
import org.polybridge.proto.VariableMonitorRequest;
import org.polybridge.proto.VariableScope;
import org.polybridge.internal.rpc.Reference;
import org.polybridge.internal.rpc.RpcRegistration;
import org.polybridge.internal.rpc.Signature;
import org.polybridge.internal.time.Timeouts;

/** Subscribe and unsubscribe requests of one connection, RPC registration among them. */
final class NotificationRequests {
  private static final System.Logger LOG = System.getLogger(NotificationRequests.class.getName());
  private static final Set<NotificationType> APP_WIDE = Set.of(
      NotificationType.NOTIFY_ON_NEW_SESSION, NotificationType.NOTIFY_ON_TERMINATE_SESSION,
      NotificationType.NOTIFY_ON_LAYOUT_CHANGE, NotificationType.NOTIFY_ON_FOCUS_CHANGE,
      NotificationType.NOTIFY_ON_BROADCAST_CHANGE);

  private final ServerConnection connection;
  private final ApiServer server;

  NotificationRequests(ServerConnection connection, ApiServer server) {
    this.connection = connection;
    this.server = server;
  }

  NotificationResponse handle(NotificationRequest request) {
    if (!request.hasSubscribe() || !request.hasNotificationType()) {
      return status(Status.REQUEST_MALFORMED);
    }
    NotificationType type = request.getNotificationType();
    if (type == NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC) {
      return request.hasRpcRegistrationRequest()
          ? registration(request.getRpcRegistrationRequest(), request.getSubscribe())
          : status(Status.REQUEST_MALFORMED);
    }
    if (type == NotificationType.NOTIFY_ON_VARIABLE_CHANGE) {
      return request.hasVariableMonitorRequest()
          ? variableMonitor(request.getVariableMonitorRequest(), request.getSubscribe())
          : status(Status.REQUEST_MALFORMED);
    }
    if (type == NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE) {
      String session = sessionOf(request);
      if (session == null) {
        return status(Status.SESSION_NOT_FOUND);
      }
      return toggle(type, session, request.getSubscribe());
    }
    if (type == NotificationType.NOTIFY_ON_PROMPT) {
      return promptMonitor(request);
    }
    if (type == NotificationType.NOTIFY_ON_KEYSTROKE || type == NotificationType.KEYSTROKE_FILTER) {
      return keystrokes(request);
    }
    if (APP_WIDE.contains(type)) {
      return toggle(type, "all", request.getSubscribe());
    }
    throw new UnsupportedOperationException("notification type " + type + " is not supported by polybridge");
  }

  /**
   * A keystroke monitor or filter of one session (or "all"): keys typed into terminals attached
   * with {@code polybridge pty} are reported, or withheld from the program when they match a
   * filter's patterns. The terminals hear what to report and withhold at once.
   */
  private NotificationResponse keystrokes(NotificationRequest request) {
    String session = sessionOf(request);
    if (session == null) {
      return status(Status.SESSION_NOT_FOUND);
    }
    NotificationResponse response = toggle(request.getNotificationType(), session, request.getSubscribe());
    if (request.getNotificationType() == NotificationType.KEYSTROKE_FILTER) {
      if (request.getSubscribe() && response.getStatus() == Status.OK) {
        java.util.List<Map<String, Object>> patterns = new java.util.ArrayList<>();
        request.getKeystrokeFilterRequest().getPatternsToIgnoreList()
            .forEach(p -> patterns.add(org.polybridge.internal.client.ProtoValues.toValue(p)));
        connection.keystrokeFilters().put(session, patterns);
      } else if (!request.getSubscribe()) {
        connection.keystrokeFilters().remove(session);
      }
    }
    server.keystrokeInterestChanged();
    return response;
  }

  /**
   * A prompt monitor of one session (or "all"), in the modes it asks for (PROMPT when it names
   * none, as iTerm2's library does by default).
   */
  private NotificationResponse promptMonitor(NotificationRequest request) {
    String session = sessionOf(request);
    if (session == null) {
      return status(Status.SESSION_NOT_FOUND);
    }
    NotificationResponse response = toggle(NotificationType.NOTIFY_ON_PROMPT, session, request.getSubscribe());
    if (request.getSubscribe() && response.getStatus() == Status.OK) {
      Set<String> modes = ConcurrentHashMap.newKeySet();
      request.getPromptMonitorRequest().getModesList().forEach(m -> modes.add(m.name()));
      if (modes.isEmpty()) {
        modes.add("PROMPT");
      }
      connection.promptModes().put(session, modes);
    } else if (!request.getSubscribe()) {
      connection.promptModes().remove(session);
    }
    return response;
  }

  private NotificationResponse toggle(NotificationType type, String session, boolean subscribe) {
    Set<String> sessions = connection.subscriptions().computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet());
    if (subscribe) {
      return status(sessions.add(session) ? Status.OK : Status.ALREADY_SUBSCRIBED);
    }
    return status(sessions.remove(session) ? Status.OK : Status.NOT_SUBSCRIBED);
  }

  private NotificationResponse registration(RPCRegistrationRequest request, boolean subscribe) {
    RpcRegistration registration;
    try {
      registration = registrationOf(request);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.INFO, connection.name() + ": refused registration of " + request.getName() + ": " + e.getMessage());
      return status(Status.REQUEST_MALFORMED);
    }
    if (!subscribe) {
      boolean removed = server.registry().unregister(registration.signature(), connection);
      server.statusBar().removeIf(f -> f.owner() == connection && f.signature().equals(registration.signature()));
      server.titles().removeIf(f -> f.owner() == connection && f.signature().equals(registration.signature()));
      return status(removed ? Status.OK : Status.NOT_SUBSCRIBED);
    }
    Optional<RpcRegistration> holder = server.registry().register(registration);
    if (holder.isPresent()) {
      LOG.log(Level.INFO, connection.name() + ": " + registration.signature() + " is already registered by "
          + holder.get().owner().name());
      return status(Status.DUPLICATE_SERVER_ORIGINATED_RPC);
    }
    if (!connection.isOpen()) {
      // Closed while registering: the close removes its owner's functions by name, and may have
      // passed this one's name before it was added. It must not hold the name for a dead owner.
      server.registry().unregister(registration.signature(), connection);
      return status(Status.OK);
    }
    switch (request.getRole()) {
      case STATUS_BAR_COMPONENT -> server.statusBar().add(registration, request.getStatusBarComponentAttributes());
      case SESSION_TITLE -> server.titles().add(registration, request.getSessionTitleAttributes());
      default -> { }
    }
    return status(Status.OK);
  }

  private RpcRegistration registrationOf(RPCRegistrationRequest request) {
    Signature signature = Signature.of(request.getName(),
        request.getArgumentsList().stream().map(RPCRegistrationRequest.RPCArgumentSignature::getName).toList());
    Map<String, Reference> defaults = new HashMap<>();
    request.getDefaultsList().forEach(d -> defaults.put(d.getName(), Reference.parse(d.getPath())));
    Duration timeout = request.hasTimeout()
        ? Timeouts.ofSeconds(request.getTimeout(), RpcRegistration.DEFAULT_TIMEOUT)
        : RpcRegistration.DEFAULT_TIMEOUT;
    return new RpcRegistration(signature.inNamespace(namespace(request)), request.getName(), defaults, timeout,
        request.getRole().name(), connection);
  }

  /** Roles other than generic live under a namespace of their own, keyed by the component's id. */
  private static String namespace(RPCRegistrationRequest request) {
    return switch (request.getRole()) {
      case GENERIC -> "";
      case SESSION_TITLE -> "title." + identifier(request.getSessionTitleAttributes().getUniqueIdentifier()) + ".";
      case STATUS_BAR_COMPONENT -> "statusbar." + identifier(request.getStatusBarComponentAttributes().getUniqueIdentifier()) + ".";
      case CONTEXT_MENU -> "contextMenu.";
    };
  }

  private static String identifier(String uniqueIdentifier) {
    if (uniqueIdentifier.isEmpty()) {
      throw new IllegalArgumentException("unique_identifier is missing (expected for this role)");
    }
    return uniqueIdentifier;
  }

  /**
   * Monitors a variable of one session, tab or window, of the app, or of every session (tab,
   * window) with the identifier {@code "all"}, as iTerm2 does: each notification names the one
   * whose variable changed, and sessions opened later are monitored too.
   */
  private NotificationResponse variableMonitor(VariableMonitorRequest request, boolean subscribe) {
    String key = request.getScope() + "/" + request.getIdentifier() + "/" + request.getName();
    if (!subscribe) {
      AutoCloseable monitor = connection.variableMonitors().remove(key);
      if (monitor == null) {
        return status(Status.NOT_SUBSCRIBED);
      }
      ServerConnection.closeMonitor(monitor);
      return status(Status.OK);
    }
    boolean all = "all".equals(request.getIdentifier()) && request.getScope() != VariableScope.APP;
    Optional<Variables> scope = all ? Optional.empty() : ModelMessages.scope(server.app(), request.getScope(), request.getIdentifier());
    if (!all && scope.isEmpty()) {
      return status(Status.SESSION_NOT_FOUND);
    }
    String name = request.getName();
    boolean made;
    if (all) {
      made = connection.monitorVariable(key, () -> new EveryScope(server.app(), request.getScope(), name, connection));
    } else {
      String identifier = request.getScope() == VariableScope.SESSION ? scopeId(scope.get(), request.getIdentifier()) : request.getIdentifier();
      // a path through a reference (tab.user.x from a session) is heard where it leads, as in iTerm2
      made = connection.monitorVariable(key, () -> scope.get().monitorPath(name,
          (changed, value) -> connection.notify(variableChanged(request.getScope(), identifier, name, value))));
    }
    return status(made ? Status.OK : Status.ALREADY_SUBSCRIBED);
  }

  /** A session named {@code "active"} is monitored as the session it is now, and named by its id. */
  private static String scopeId(Variables scope, String requested) {
    return scope.get("id").map(Object::toString).orElse(requested);
  }

  static Notification variableChanged(VariableScope scope, String identifier, String name, Object value) {
    return Notification.newBuilder().setVariableChangedNotification(VariableChangedNotification.newBuilder()
        .setScope(scope).setIdentifier(identifier).setName(name).setJsonNewValue(Json.write(value))).build();
  }

  /** One variable of every session, tab or window, now and later. */
  private static final class EveryScope implements AutoCloseable, App.Listener {
    private final App app;
    private final VariableScope scope;
    private final String name;
    private final ServerConnection connection;
    private final Map<String, AutoCloseable> monitors = new ConcurrentHashMap<>();

    EveryScope(App app, VariableScope scope, String name, ServerConnection connection) {
      this.app = app;
      this.scope = scope;
      this.name = name;
      this.connection = connection;
      app.addListener(this);
      app.sessions().forEach(this::sessionCreated);
    }

    @Override
    public void sessionCreated(Session session) {
      switch (scope) {
        case SESSION -> watch(session.id(), session.variables());
        case TAB -> watch(session.tab().id(), session.tab().variables());
        case WINDOW -> watch(session.tab().window().id(), session.tab().window().variables());
        default -> { }
      }
    }

    @Override
    public void sessionTerminated(Session session) {
      if (scope == VariableScope.SESSION) {
        ServerConnection.closeMonitor(monitors.remove(session.id()));
      }
    }

    private void watch(String id, Variables variables) {
      monitors.computeIfAbsent(id, i -> variables.monitor((changed, value) -> {
        if (changed.equals(name)) {
          connection.notify(variableChanged(scope, id, name, value));
        }
      }));
    }

    @Override
    public void close() {
      app.removeListener(this);
      monitors.values().forEach(ServerConnection::closeMonitor);
      monitors.clear();
    }
  }

  private static NotificationResponse status(Status status) {
    return NotificationResponse.newBuilder().setStatus(status).build();
  }

  /**
   * The session a subscription names: {@code "all"} when it names none or all of them, else the
   * id of the session it names (found by any form the app accepts), or null when there is none.
   */
  private String sessionOf(NotificationRequest request) {
    String session = request.hasSession() ? request.getSession() : "all";
    return "all".equals(session) ? session : server.app().session(session).map(Session::id).orElse(null);
  }
}
