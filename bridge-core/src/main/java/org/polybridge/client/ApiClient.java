package org.polybridge.client;

import com.google.protobuf.ByteString;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.polybridge.BridgeException;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.ScriptException;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.internal.client.InJvmConnection;
import org.polybridge.internal.client.NotificationRouter;
import org.polybridge.internal.client.ProtoValues;
import org.polybridge.internal.failure.ScriptFailures;
import org.polybridge.internal.protocol.InvocationRequests;
import org.polybridge.json.Json;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.CreateTabRequest;
import org.polybridge.proto.CreateTabResponse;
import org.polybridge.proto.FocusRequest;
import org.polybridge.proto.GetBufferRequest;
import org.polybridge.proto.GetBufferResponse;
import org.polybridge.proto.InjectRequest;
import org.polybridge.proto.InjectResponse;
import org.polybridge.proto.LineContents;
import org.polybridge.proto.LineRange;
import org.polybridge.proto.ListSessionsRequest;
import org.polybridge.proto.ListSessionsResponse;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationResponse;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.SendTextRequest;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.ServerOriginatedRPCNotification;
import org.polybridge.proto.ServerOriginatedRPCResultRequest;
import org.polybridge.proto.SplitTreeNode;
import org.polybridge.proto.VariableMonitorRequest;
import org.polybridge.proto.VariableRequest;
import org.polybridge.proto.VariableResponse;

/**
 * The scripting API over one {@link Connection}: what a script (Java, or a guest script through
 * its language module) does with a host. Register functions as RPCs and serve them, invoke
 * expressions, listen to custom control sequences and other notifications, read the app model,
 * inject into sessions, get and set variables. Every method returns at once; results arrive as
 * futures. Callbacks (functions, listeners) run on the executor given at construction: a guest
 * script passes its own thread there. Notifications reach their listeners in the order the host
 * sent them; on a {@link org.polybridge.script.ScriptEventLoop} they also keep their place among
 * the calls and answers posted to it, so a call never runs before a notification sent before it
 * (a call in a session just opened finds it in a model kept from layout notifications).
 *
 * <p>Values are the bridge's JSON value model ({@link Json}). What the typed methods do not cover,
 * any request of iTerm2's protocol does, in its JSON form ({@link #request(Map)}, {@link
 * #subscribe(Map, Consumer)}): the messages of {@code api.proto} as maps by the schema's field names,
 * as iTerm2's own Python library spells them. A language module builds its guests' API on those.
 *
 * <pre>{@code
 * ApiClient api = new ApiClient(bridge.connect("calc"), Executors.newVirtualThreadPerTaskExecutor());
 * api.register(RpcDefinition.of("add", "a", "b"),
 *     args -> CompletableFuture.completedFuture((Long) args.get("a") + (Long) args.get("b"))).join();
 * Object seven = api.invoke("add(a: 3, b: 4)", InvocationContext.app(), null).join();
 * }</pre>
 */
public final class ApiClient implements AutoCloseable {

  private final ExchangeConnection connection;
  private final Executor callbacks;
  private final Map<String, RpcHandler> functions = new ConcurrentHashMap<>();
  private final Map<String, Consumer<RPCRegistrationRequest.Builder>> roles = new ConcurrentHashMap<>();
  private final NotificationRouter router;
  /** The connection when it is in this JVM: calls and answers then skip the protocol's messages. */
  private final InJvmConnection local;

  /**
   * The API over {@code connection}, whose callbacks run on {@code callbacks}.
   *
   * @throws IllegalArgumentException when the connection was not made by the bridge ({@code
   *     Bridge.connect}, {@code Connections})
   */
  public ApiClient(Connection connection, Executor callbacks) {
    Objects.requireNonNull(connection, "connection == null");
    Objects.requireNonNull(callbacks, "callbacks == null");
    if (!(connection instanceof ExchangeConnection exchange)) {
      throw new IllegalArgumentException("connection : " + connection.getClass().getName()
          + " (expected: one made by Bridge.connect or Connections)");
    }
    this.connection = exchange;
    this.callbacks = callbacks;
    this.router = new NotificationRouter(exchange, callbacks);
    this.local = connection instanceof InJvmConnection c ? c : null;
    exchange.addNotificationListener(this::dispatch);
    if (local != null) {
      local.serveCalls(this::serveLocal);
    }
  }

  /** The connection this API speaks over. */
  public Connection connection() {
    return connection;
  }

  /**
   * Registers a function with the host and serves its calls with {@code handler}. Fails with a
   * {@link BridgeException} when the signature is taken (first registration wins) or a name is
   * not an identifier.
   */
  public CompletableFuture<Void> register(RpcDefinition definition, RpcHandler handler) {
    return register(definition, handler, r -> { });
  }

  /**
   * As {@link #register(RpcDefinition, RpcHandler)}, for a function with a role other than generic:
   * {@code role} holds the registration's role and its attributes in their JSON form (the fields of
   * {@code RPCRegistrationRequest} by the schema's names), and is sent again to unregister it.
   *
   * <pre>{@code
   * api.register(RpcDefinition.of("sum_numbers", "selection"), handler, Map.of(
   *     "role", "CONTEXT_MENU",
   *     "context_menu_attributes", Map.of("display_name", "Sum", "unique_identifier", "org.example.sum")));
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code role} names a field the registration does not have
   *     or a value does not fit its field
   */
  public CompletableFuture<Void> register(RpcDefinition definition, RpcHandler handler, Map<String, ?> role) {
    Objects.requireNonNull(role, "role == null");
    ProtoValues.fill(RPCRegistrationRequest.newBuilder(), role); // refused now, not when it is sent
    return register(definition, handler, r -> ProtoValues.fill(r, role));
  }

  private CompletableFuture<Void> register(RpcDefinition definition, RpcHandler handler, Consumer<RPCRegistrationRequest.Builder> role) {
    String key = definition.signature();
    if (functions.putIfAbsent(key, handler) != null) {
      return CompletableFuture.failedFuture(new BridgeException(key + " is already registered by this connection"));
    }
    roles.put(key, role);
    return registration(definition, true, role).whenComplete((ok, failure) -> {
      if (failure != null) {
        functions.remove(key, handler);
        roles.remove(key, role);
      }
    });
  }

  /** Withdraws a function this connection registered. */
  public CompletableFuture<Void> unregister(RpcDefinition definition) {
    Consumer<RPCRegistrationRequest.Builder> role = roles.getOrDefault(definition.signature(), r -> { });
    return registration(definition, false, role).thenRun(() -> {
      functions.remove(definition.signature());
      roles.remove(definition.signature());
    });
  }

  /**
   * Evaluates an invocation in a context; completes with its JSON value or fails with an {@link
   * InvocationException}. {@code timeout} bounds the whole invocation ({@code null}: the host's
   * default, 30 s; at most 24 hours: a longer one is cut to 24 hours).
   */
  public CompletableFuture<Object> invoke(String invocation, InvocationContext context, Duration timeout) {
    return send(ClientOriginatedMessage.newBuilder().setInvokeFunctionRequest(InvocationRequests.request(invocation, context, timeout)))
        .thenApply(r -> InvocationRequests.value(r.getInvokeFunctionResponse()));
  }


  /**
   * Listens to custom control sequences ({@code OSC 1337 ; Custom=id=<identity>:<payload>}) in one
   * session, or in all with {@code "all"}; only those of {@code identity} reach the listener, which
   * gets the session id and the payload.
   */
  public CompletableFuture<Subscription> onCustomControlSequence(
      String session, String identity, java.util.function.BiConsumer<String, String> listener) {
    return router.subscribe(NotificationRequest.newBuilder().setSession(session)
        .setNotificationType(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE), n -> {
          var c = n.getCustomEscapeSequenceNotification();
          if (c.getSenderIdentity().equals(identity)) {
            listener.accept(c.getSession(), c.getPayload());
          }
        });
  }

  /**
   * Sends any request of the protocol in its JSON form and completes with the answer in the same
   * form: a {@code ClientOriginatedMessage} as a map by the schema's field names ({@code snake_case};
   * enums by name, 64-bit integers {@code Long}, bytes as Latin-1 strings: one char per byte), its
   * {@code id} set here; the answer is the {@code ServerOriginatedMessage}'s fields that are set. An
   * {@code error} answer fails it with a {@link BridgeException} holding the error's text.
   *
   * <pre>{@code
   * Map<String, Object> answer = api.request(Map.of("get_buffer_request", Map.of(
   *     "session", "active", "line_range", Map.of("trailing_lines", 3)))).join();
   * var buffer = (Map<?, ?>) answer.get("get_buffer_response");   // {"status": "OK", "contents": [...]}
   * }</pre>
   *
   * @throws IllegalArgumentException naming the field when a name is not one of the message's or a
   *     value does not fit its field
   */
  public CompletableFuture<Map<String, Object>> request(Map<String, ?> message) {
    return send(ProtoValues.fill(ClientOriginatedMessage.newBuilder(), message)).thenApply(ProtoValues::toValue);
  }

  /**
   * Subscribes to the notifications a {@code NotificationRequest} in its JSON form describes (type,
   * session, arguments; {@code subscribe} is set here) and hands each {@code Notification} to {@code
   * listener} in the same form; fails when the host refuses, with the host's status in the message.
   * For variables, a monitor of {@code "all"} hears every session's (or window's) change of the name.
   *
   * <pre>{@code
   * api.subscribe(Map.of("session", "all", "notification_type", "NOTIFY_ON_PROMPT"),
   *     n -> System.out.println(n.get("prompt_notification"))).join();
   * }</pre>
   *
   * @throws IllegalArgumentException naming the field when a name is not one of the request's or a
   *     value does not fit its field
   */
  public CompletableFuture<Subscription> subscribe(Map<String, ?> notificationRequest, Consumer<Map<String, Object>> listener) {
    Objects.requireNonNull(listener, "listener == null");
    return router.subscribe(ProtoValues.fill(NotificationRequest.newBuilder(), notificationRequest),
        n -> listener.accept(ProtoValues.toValue(n)));
  }

  /** Listens to new sessions; the listener gets the new session's id. */
  public CompletableFuture<Subscription> onNewSession(Consumer<String> listener) {
    return router.subscribe(appWide(NotificationType.NOTIFY_ON_NEW_SESSION),
        n -> listener.accept(n.getNewSessionNotification().getSessionId()));
  }

  /** Listens to sessions that end; the listener gets the session's id. */
  public CompletableFuture<Subscription> onSessionTerminated(Consumer<String> listener) {
    return router.subscribe(appWide(NotificationType.NOTIFY_ON_TERMINATE_SESSION),
        n -> listener.accept(n.getTerminateSessionNotification().getSessionId()));
  }

  /** Listens to changes of one variable; the listener gets the new value ({@code null}: unset). */
  public CompletableFuture<Subscription> onVariableChange(VariableScope scope, String identifier, String name, Consumer<Object> listener) {
    return router.subscribe(NotificationRequest.newBuilder().setSession("all")
        .setNotificationType(NotificationType.NOTIFY_ON_VARIABLE_CHANGE)
        .setVariableMonitorRequest(VariableMonitorRequest.newBuilder().setScope(wire(scope)).setIdentifier(identifier).setName(name)),
        n -> listener.accept(Json.parse(n.getVariableChangedNotification().getJsonNewValue())));
  }

  /** The app's windows, tabs and sessions now, with the active session. */
  public CompletableFuture<AppSnapshot> app() {
    var sessions = send(ClientOriginatedMessage.newBuilder().setListSessionsRequest(ListSessionsRequest.getDefaultInstance()));
    var focus = send(ClientOriginatedMessage.newBuilder().setFocusRequest(FocusRequest.getDefaultInstance()));
    return sessions.thenCombine(focus, (s, f) -> {
      String active = f.getFocusResponse().getNotificationsList().stream()
          .filter(n -> n.hasSession()).map(n -> n.getSession()).reduce((a, b) -> b).orElse(null);
      return snapshot(s.getListSessionsResponse(), active);
    });
  }

  /**
   * Reshapes tabs, moves sessions between tabs and windows and closes sessions, tabs and windows in
   * one step, as iTerm2's {@code App.async_apply_layout}: {@code spec} is the same JSON object
   * ({@code {"tabs": [{"tab_id": "1", "root": {"vertical": true, "children": [{"session_id": id},
   * …]}}], "close_sessions": [id, …]}}). Fails with the host's reason, the model unchanged, when the
   * spec breaks a rule.
   */
  public CompletableFuture<Void> applyLayout(Map<String, ?> spec) {
    String encoded = java.util.Base64.getEncoder().encodeToString(Json.write(spec).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return invoke("iterm2.apply_layout(spec_json_b64: " + Json.write(encoded) + ")", InvocationContext.app(), null).thenApply(v -> null);
  }

  /** Shows bytes in a session as though its program had written them. */
  public CompletableFuture<Void> inject(String sessionId, byte[] bytes) {
    return send(ClientOriginatedMessage.newBuilder().setInjectRequest(
        InjectRequest.newBuilder().addSessionId(sessionId).setData(ByteString.copyFrom(bytes)))).thenAccept(r -> {
          if (r.getInjectResponse().getStatus(0) != InjectResponse.Status.OK) {
            throw new BridgeException("no session with id '" + sessionId + "'");
          }
        });
  }

  /** Types text into a session as though the user had. */
  public CompletableFuture<Void> sendText(String sessionId, String text) {
    return send(ClientOriginatedMessage.newBuilder().setSendTextRequest(
        SendTextRequest.newBuilder().setSession(sessionId).setText(text))).thenAccept(r -> {
          if (r.getSendTextResponse().getStatus() != org.polybridge.proto.SendTextResponse.Status.OK) {
            throw new BridgeException("no session with id '" + sessionId + "'");
          }
        });
  }

  /**
   * The last {@code lines} lines of a session's contents ({@code "active"}: the active session),
   * oldest first, reaching into its scrollback.
   */
  public CompletableFuture<List<String>> buffer(String sessionId, int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines : " + lines + " (expected: > 0)");
    }
    return send(ClientOriginatedMessage.newBuilder().setGetBufferRequest(GetBufferRequest.newBuilder()
        .setSession(sessionId).setLineRange(LineRange.newBuilder().setTrailingLines(lines)))).thenApply(r -> {
          GetBufferResponse response = r.getGetBufferResponse();
          if (response.getStatus() != GetBufferResponse.Status.OK) {
            throw new BridgeException(response.getStatus() == GetBufferResponse.Status.SESSION_NOT_FOUND
                ? "no session with id '" + sessionId + "'"
                : "could not read the buffer of '" + sessionId + "': " + response.getStatus());
          }
          return response.getContentsList().stream().map(LineContents::getText).toList();
        });
  }

  /**
   * Opens a tab in a window, or a new window when {@code windowId} is {@code null}, with a profile
   * ({@code null}: the default); completes with the new window, tab and session's ids.
   */
  public CompletableFuture<CreatedTab> createTab(String windowId, String profileName) {
    CreateTabRequest.Builder request = CreateTabRequest.newBuilder();
    if (windowId != null) {
      request.setWindowId(windowId);
    }
    if (profileName != null) {
      request.setProfileName(profileName);
    }
    return send(ClientOriginatedMessage.newBuilder().setCreateTabRequest(request)).thenApply(r -> {
      CreateTabResponse response = r.getCreateTabResponse();
      if (response.getStatus() != CreateTabResponse.Status.OK) {
        throw new BridgeException("could not create a tab: " + response.getStatus());
      }
      return new CreatedTab(response.getWindowId(), Integer.toString(response.getTabId()), response.getSessionId());
    });
  }

  /** Reads a variable of a scope ({@code identifier} unused for the app); {@code null} when unset. */
  public CompletableFuture<Object> getVariable(VariableScope scope, String identifier, String name) {
    return variables(scope, identifier, VariableRequest.newBuilder().addGet(name))
        .thenApply(r -> Json.parse(r.getValues(0)));
  }

  /** Sets a {@code user.} variable of a scope; {@code null} unsets it. */
  public CompletableFuture<Void> setVariable(VariableScope scope, String identifier, String name, Object value) {
    return variables(scope, identifier, VariableRequest.newBuilder().addSet(
        VariableRequest.Set.newBuilder().setName(name).setValue(Json.write(value)))).thenApply(r -> null);
  }

  /** Closes the connection: the host drops this client's functions and subscriptions. */
  @Override
  public void close() {
    connection.close();
  }

  /**
   * Closes the connection as {@link #close()} does, and says why to the callers whose calls of
   * this client's functions it cuts short: {@code client.close("the script was reloaded: its
   * files changed")}.
   */
  public void close(String reason) {
    connection.close(reason);
  }

  private CompletableFuture<VariableResponse> variables(VariableScope scope, String identifier, VariableRequest.Builder request) {
    switch (scope) {
      case APP -> request.setApp(true);
      case SESSION -> request.setSessionId(identifier);
      case TAB -> request.setTabId(identifier);
      case WINDOW -> request.setWindowId(identifier);
    }
    return send(ClientOriginatedMessage.newBuilder().setVariableRequest(request)).thenApply(r -> {
      VariableResponse response = r.getVariableResponse();
      if (response.getStatus() != VariableResponse.Status.OK) {
        throw new BridgeException("variable request refused: " + response.getStatus()
            + (response.getStatus() == VariableResponse.Status.INVALID_NAME ? " (scripts may set only 'user.' names)" : ""));
      }
      return response;
    });
  }

  private CompletableFuture<Void> registration(RpcDefinition definition, boolean subscribe, Consumer<RPCRegistrationRequest.Builder> role) {
    RPCRegistrationRequest.Builder rpc = RPCRegistrationRequest.newBuilder().setName(definition.name());
    role.accept(rpc);
    definition.arguments().forEach(a -> rpc.addArguments(RPCRegistrationRequest.RPCArgumentSignature.newBuilder().setName(a)));
    definition.references().forEach((a, path) -> rpc.addDefaults(RPCRegistrationRequest.RPCArgument.newBuilder().setName(a).setPath(path)));
    if (definition.timeout() != null) {
      rpc.setTimeout(definition.timeout().toMillis() / 1000f);
    }
    return send(ClientOriginatedMessage.newBuilder().setNotificationRequest(NotificationRequest.newBuilder()
        .setSession("all").setSubscribe(subscribe)
        .setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC).setRpcRegistrationRequest(rpc)))
        .thenAccept(r -> {
          NotificationResponse.Status status = r.getNotificationResponse().getStatus();
          if (status == NotificationResponse.Status.DUPLICATE_SERVER_ORIGINATED_RPC) {
            throw new BridgeException(definition.signature() + " is already registered by another script"
                + " (DUPLICATE_SERVER_ORIGINATED_RPC): function names are global and the first registration wins");
          }
          if (status != NotificationResponse.Status.OK) {
            throw new BridgeException("the host refused to " + (subscribe ? "register " : "unregister ")
                + definition.signature() + ": " + status
                + (status == NotificationResponse.Status.REQUEST_MALFORMED
                    ? " (names and argument names must be [A-Za-z0-9_], argument names unique, defaults name arguments)" : ""));
          }
        });
  }

  private CompletableFuture<ServerOriginatedMessage> send(ClientOriginatedMessage.Builder request) {
    return connection.request(request).thenApply(r -> {
      if (r.hasError()) {
        throw new BridgeException(r.getError());
      }
      return r;
    });
  }

  private static org.polybridge.proto.VariableScope wire(VariableScope scope) {
    return switch (scope) {
      case APP -> org.polybridge.proto.VariableScope.APP;
      case SESSION -> org.polybridge.proto.VariableScope.SESSION;
      case TAB -> org.polybridge.proto.VariableScope.TAB;
      case WINDOW -> org.polybridge.proto.VariableScope.WINDOW;
    };
  }

  private static NotificationRequest.Builder appWide(NotificationType type) {
    return NotificationRequest.newBuilder().setSession("all").setNotificationType(type);
  }

  private void dispatch(Notification n) {
    if (n.hasServerOriginatedRpcNotification()) {
      serve(n.getServerOriginatedRpcNotification());
    } else {
      router.dispatch(n);
    }
  }

  private void serve(ServerOriginatedRPCNotification call) {
    Map<String, Object> arguments = new HashMap<>();
    List<String> names = new ArrayList<>();
    call.getRpc().getArgumentsList().forEach(a -> {
      names.add(a.getName());
      arguments.put(a.getName(), a.hasJsonValue() ? Json.parse(a.getJsonValue()) : null);
    });
    String key = RpcDefinition.signature(call.getRpc().getName(), names);
    run(call.getRequestId(), key, functions.get(key), arguments, false);
  }

  /** A call from a host in this JVM, its arguments as values; false when no function of ours has that signature. */
  private boolean serveLocal(String requestId, String name, Map<String, Object> arguments) {
    String key = RpcDefinition.signature(name, arguments.keySet());
    RpcHandler handler = functions.get(key);
    if (handler == null) {
      return false;
    }
    run(requestId, key, handler, arguments, true);
    return true;
  }

  /** Runs a call on the callbacks' executor; a local call only if the host says it is still wanted. */
  private void run(String requestId, String key, RpcHandler handler, Map<String, Object> arguments, boolean reportsStart) {
    callbacks.execute(() -> {
      if (reportsStart && !local.started(requestId)) {
        return; // its caller gave up while it waited in the queue, or it ended otherwise
      }
      CompletableFuture<Object> result;
      try {
        result = handler != null
            ? handler.call(arguments)
            : CompletableFuture.failedFuture(new BridgeException("this script serves no function " + key));
      } catch (RuntimeException | Error e) {
        result = CompletableFuture.failedFuture(e);
      }
      result.whenComplete((value, failure) -> answer(requestId, value, failure));
    });
  }

  private void answer(String requestId, Object value, Throwable failure) {
    if (local != null) {
      answerLocally(requestId, value, failure);
      return;
    }
    ServerOriginatedRPCResultRequest.Builder result = ServerOriginatedRPCResultRequest.newBuilder().setRequestId(requestId);
    try {
      if (failure == null) {
        result.setJsonValue(Json.write(value));
      }
    } catch (IllegalArgumentException e) {
      failure = notJson(e);
    }
    if (failure != null) {
      Throwable cause = causeOf(failure);
      result.clearJsonValue().setJsonException(ScriptFailures.toJsonException(reasonOf(cause), tracebackOf(cause)));
    }
    connection.request(ClientOriginatedMessage.newBuilder().setServerOriginatedRpcResultRequest(result))
        .whenComplete((r, e) -> {
          if (e != null) {
            log().log(Level.DEBUG, "could not return the result of " + requestId + ": " + e.getMessage());
          }
        });
  }

  /** The answer as the host would decode it from the message {@link #answer} sends, without the message. */
  private void answerLocally(String requestId, Object value, Throwable failure) {
    Object copy = null;
    if (failure == null) {
      try {
        copy = Json.copy(value);
      } catch (IllegalArgumentException e) {
        failure = notJson(e);
      }
    }
    if (failure == null) {
      local.answer(requestId, copy, null);
    } else {
      Throwable cause = causeOf(failure);
      local.answer(requestId, null, new InvocationException(InvocationException.Status.FAILED, reasonOf(cause), tracebackOf(cause)));
    }
  }

  private static BridgeException notJson(IllegalArgumentException e) {
    return new BridgeException("the function returned a value that is not JSON: " + e.getMessage());
  }

  private static Throwable causeOf(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  private static String reasonOf(Throwable cause) {
    return cause.getMessage() != null && cause instanceof BridgeException ? cause.getMessage() : String.valueOf(cause);
  }

  private static String tracebackOf(Throwable cause) {
    return cause instanceof ScriptException s ? s.traceback().orElse(null) : null;
  }

  private static AppSnapshot snapshot(ListSessionsResponse response, String active) {
    List<AppSnapshot.Window> windows = new ArrayList<>();
    for (ListSessionsResponse.Window w : response.getWindowsList()) {
      List<AppSnapshot.Tab> tabs = new ArrayList<>();
      for (ListSessionsResponse.Tab t : w.getTabsList()) {
        AppSnapshot.Splitter root = tree(t.getRoot());
        List<AppSnapshot.Session> sessions = new ArrayList<>();
        collect(root, sessions);
        tabs.add(new AppSnapshot.Tab(t.getTabId(), List.copyOf(sessions), root));
      }
      windows.add(new AppSnapshot.Window(w.getWindowId(), w.getNumber(), List.copyOf(tabs)));
    }
    return new AppSnapshot(windows, active);
  }

  private static AppSnapshot.Splitter tree(SplitTreeNode node) {
    List<AppSnapshot.Pane> children = new ArrayList<>();
    for (SplitTreeNode.SplitTreeLink link : node.getLinksList()) {
      if (link.hasSession()) {
        var s = link.getSession();
        children.add(new AppSnapshot.Session(s.getUniqueIdentifier(), s.getTitle(), s.getGridSize().getWidth(), s.getGridSize().getHeight()));
      } else if (link.hasNode()) {
        children.add(tree(link.getNode()));
      }
    }
    return new AppSnapshot.Splitter(node.getVertical(), children);
  }

  private static void collect(AppSnapshot.Splitter node, List<AppSnapshot.Session> out) {
    for (AppSnapshot.Pane pane : node.children()) {
      switch (pane) {
        case AppSnapshot.Session s -> out.add(s);
        case AppSnapshot.Splitter sub -> collect(sub, out);
      }
    }
  }


  /**
   * Looked up when needed, not when the class loads: finding the logging backend scans the class
   * path and starts java.util.logging, which a one-shot client that logs nothing need not pay for.
   */
  private static System.Logger log() {
    return System.getLogger(ApiClient.class.getName());
  }
}
