package org.polybridge.internal.protocol;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.InvocationException;
import org.polybridge.host.Session;
import org.polybridge.internal.json.JsonText;
import org.polybridge.json.Json;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.ServerOriginatedRPC;
import org.polybridge.proto.ServerOriginatedRPCNotification;
import org.polybridge.proto.ServerOriginatedRPCResultRequest;
import org.polybridge.proto.ServerOriginatedRPCResultResponse;
import org.polybridge.internal.failure.ScriptFailures;
import org.polybridge.internal.rpc.RpcOwner;
import org.polybridge.internal.rpc.RpcRegistration;
import org.polybridge.internal.rpc.RpcRegistry;

/**
 * One client as the host sees it: takes its requests, answers each one (with an {@code error} for
 * what polybridge does not implement: never silence), holds what it registered and subscribed to,
 * and gives all of that up when it closes.
 */
public final class ServerConnection implements RpcOwner {
  private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

  private final ApiServer server;
  private final Peer peer;
  private final AtomicBoolean open = new AtomicBoolean(true);
  /** Why the peer went away, as its callers hear it; {@code null} when it did not say (or is open). */
  private volatile String closeReason;
  /** Per notification type, the session ids (or "all") this connection listens to. */
  private final Map<NotificationType, Set<String>> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, AutoCloseable> variableMonitors = new ConcurrentHashMap<>();
  /** Per session id (or "all"), the prompt monitor's modes (PROMPT, COMMAND_START, COMMAND_END). */
  private final Map<String, Set<String>> promptModes = new ConcurrentHashMap<>();
  /** Per session id (or "all"), the keystroke patterns this connection withholds from the program (wire fields). */
  private final Map<String, java.util.List<Map<String, Object>>> keystrokeFilters = new ConcurrentHashMap<>();
  private final SessionRequests sessionRequests;

  ServerConnection(ApiServer server, Peer peer) {
    this.server = server;
    this.peer = peer;
    this.sessionRequests = new SessionRequests(server.app(), server.host());
  }

  @Override
  public String name() {
    return peer.name();
  }

  public boolean isOpen() {
    return open.get();
  }

  /** Handles one request; the answer goes to the peer, now or when it is ready. */
  public void receive(ClientOriginatedMessage request) {
    if (!open.get()) {
      return;
    }
    long id = request.getId();
    try {
      switch (request.getSubmessageCase()) {
        case NOTIFICATION_REQUEST -> reply(id, ServerOriginatedMessage.newBuilder().setNotificationResponse(
            new NotificationRequests(this, server).handle(request.getNotificationRequest())));
        case SERVER_ORIGINATED_RPC_RESULT_REQUEST -> {
          rpcResult(request.getServerOriginatedRpcResultRequest());
          reply(id, ServerOriginatedMessage.newBuilder()
              .setServerOriginatedRpcResultResponse(ServerOriginatedRPCResultResponse.getDefaultInstance()));
        }
        case INVOKE_FUNCTION_REQUEST -> InvocationRequests.answer(server, request.getInvokeFunctionRequest(), this)
            .thenAccept(r -> reply(id, ServerOriginatedMessage.newBuilder().setInvokeFunctionResponse(r)));
        case VARIABLE_REQUEST -> reply(id, VariableRequests.handle(server.app(), request.getVariableRequest()));
        case LIST_SESSIONS_REQUEST -> reply(id, ServerOriginatedMessage.newBuilder()
            .setListSessionsResponse(ModelMessages.listSessions(server.app())));
        case FOCUS_REQUEST -> reply(id, ServerOriginatedMessage.newBuilder()
            .setFocusResponse(ModelMessages.focus(server.app())));
        case GET_BROADCAST_DOMAINS_REQUEST -> reply(id, sessionRequests.broadcastDomains());
        case SET_BROADCAST_DOMAINS_REQUEST -> reply(id, sessionRequests.setBroadcastDomains(request.getSetBroadcastDomainsRequest()));
        case INJECT_REQUEST -> reply(id, sessionRequests.inject(request.getInjectRequest()));
        case SEND_TEXT_REQUEST -> reply(id, sessionRequests.sendText(request.getSendTextRequest()));
        case CLOSE_REQUEST -> reply(id, sessionRequests.close(request.getCloseRequest()));
        case CREATE_TAB_REQUEST -> sessionRequests.createTab(request.getCreateTabRequest())
            .thenAccept(r -> reply(id, r));
        case GET_BUFFER_REQUEST -> reply(id, sessionRequests.buffer(request.getGetBufferRequest()));
        case GET_PROMPT_REQUEST -> reply(id, PromptMessages.get(server.app(), request.getGetPromptRequest()));
        case LIST_PROMPTS_REQUEST -> reply(id, PromptMessages.list(server.app(), request.getListPromptsRequest()));
        case SPLIT_PANE_REQUEST -> sessionRequests.splitPane(request.getSplitPaneRequest()).thenAccept(r -> reply(id, r));
        case ACTIVATE_REQUEST -> reply(id, sessionRequests.activate(request.getActivateRequest()));
        case REORDER_TABS_REQUEST -> reply(id, sessionRequests.reorderTabs(request.getReorderTabsRequest()));
        case SET_TAB_LAYOUT_REQUEST -> reply(id, LayoutRequests.setTabLayout(server.app(), request.getSetTabLayoutRequest()));
        case SET_PROFILE_PROPERTY_REQUEST -> reply(id, ProfileRequests.set(server.app(), request.getSetProfilePropertyRequest()));
        case GET_PROFILE_PROPERTY_REQUEST -> reply(id, ProfileRequests.get(server.app(), request.getGetProfilePropertyRequest()));
        case LIST_PROFILES_REQUEST -> reply(id, ProfileRequests.list(server.app(), request.getListProfilesRequest()));
        case PREFERENCES_REQUEST -> reply(id, ProfileRequests.preferences(server.app(), request.getPreferencesRequest()));
        case COLOR_PRESET_REQUEST -> reply(id, ProfileRequests.colorPreset(request.getColorPresetRequest()));
        case SELECTION_REQUEST -> reply(id, SelectionRequests.handle(server.app(), request.getSelectionRequest()));
        case MENU_ITEM_REQUEST -> reply(id, SelectionRequests.menuItem(server.app(), request.getMenuItemRequest()));
        case TMUX_REQUEST -> TmuxRequests.handle(server.app(), request.getTmuxRequest()).thenAccept(r -> reply(id, r));
        case SUBMESSAGE_NOT_SET -> replyError(id, unsupported(request));
      }
    } catch (UnsupportedOperationException e) {
      replyError(id, e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request " + id + " from " + name() + " failed", e);
      replyError(id, "request failed: " + e);
    }
  }

  /**
   * Keeps the monitor that {@code monitor} makes under {@code key}, unless one is kept there
   * already (then nothing is made: false). Made and kept in one step, so that two racing subscribes
   * cannot both succeed and leak one; a monitor kept while the connection closes is closed here.
   */
  boolean monitorVariable(String key, java.util.function.Supplier<AutoCloseable> monitor) {
    boolean[] made = {false};
    variableMonitors.computeIfAbsent(key, k -> {
      made[0] = true;
      return monitor.get();
    });
    if (made[0] && !open.get()) {
      closeMonitor(variableMonitors.remove(key));
    }
    return made[0];
  }

  /** Closes a variable monitor (null: none), logging what it throws: nobody waits for it. */
  static void closeMonitor(AutoCloseable monitor) {
    if (monitor == null) {
      return;
    }
    try {
      monitor.close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "closing a variable monitor", e);
    }
  }

  /** The peer went away: its functions, subscriptions and calls in flight go with it. */
  public void close() {
    close(null);
  }

  /**
   * As {@link #close()}; callers whose calls of this peer's functions it cuts short hear {@code
   * reason} ({@code null}: none given).
   */
  public void close(String reason) {
    if (!open.compareAndSet(true, false)) {
      return;
    }
    closeReason = reason;
    for (String key : List.copyOf(variableMonitors.keySet())) {
      closeMonitor(variableMonitors.remove(key));
    }
    subscriptions.clear();
    keystrokeFilters.clear();
    server.closed(this);
  }

  /**
   * A session ended: what this connection watched in it alone (its variables, its control
   * sequences) is dropped, so that nothing stays subscribed to a session that is gone.
   */
  /** Why the peer went away ({@link #close(String)}), or {@code null}. */
  String closeReason() {
    return closeReason;
  }

  void sessionEnded(Session session) {
    String prefix = org.polybridge.proto.VariableScope.SESSION + "/" + session.id() + "/";
    for (String key : List.copyOf(variableMonitors.keySet())) {
      if (key.startsWith(prefix)) {
        closeMonitor(variableMonitors.remove(key));
      }
    }
    subscriptions.values().forEach(sessions -> sessions.remove(session.id()));
    promptModes.remove(session.id());
    keystrokeFilters.remove(session.id());
  }

  @Override
  public boolean deliver(String requestId, RpcRegistration registration, Map<String, Object> arguments) {
    if (!open.get()) {
      // closed between the lookup and the call: fail now rather than at the function's timeout
      throw new IllegalStateException(RpcRegistry.cutShort(registration, closeReason));
    }
    if (peer instanceof LocalPeer local) {
      if (JsonText.mayExceed(arguments, ApiServer.MAX_ANSWER_LENGTH)) {
        throw tooLarge(registration);
      }
      if (local.call(requestId, registration.localName(), copy(arguments))) {
        return true; // the peer queues it on its executor and reports when it starts it
      }
    }
    ServerOriginatedRPC.Builder rpc = ServerOriginatedRPC.newBuilder().setName(registration.localName());
    int room = ApiServer.MAX_ANSWER_LENGTH;
    for (Map.Entry<String, Object> argument : new TreeMap<>(arguments).entrySet()) {
      ServerOriginatedRPC.RPCArgument.Builder a = ServerOriginatedRPC.RPCArgument.newBuilder().setName(argument.getKey());
      if (argument.getValue() != null) {
        String json = Json.writeWithin(argument.getValue(), room).orElseThrow(() -> tooLarge(registration));
        room -= json.length();
        a.setJsonValue(json);
      }
      rpc.addArguments(a);
    }
    notify(Notification.newBuilder().setServerOriginatedRpcNotification(
        ServerOriginatedRPCNotification.newBuilder().setRequestId(requestId).setRpc(rpc)).build());
    return false; // the protocol has no word for "started": the call counts as started when sent
  }

  private static IllegalArgumentException tooLarge(RpcRegistration registration) {
    return new IllegalArgumentException("the arguments of " + registration.signature() + " are more than "
        + ApiServer.MAX_ANSWER_LENGTH + " characters of JSON (expected: at most 16 MiB in all)");
  }

  void notify(Notification notification) {
    if (open.get()) {
      peer.send(ServerOriginatedMessage.newBuilder().setNotification(notification).build());
    }
  }

  boolean subscribed(NotificationType type, Session session) {
    Set<String> sessions = subscriptions.get(type);
    return sessions != null && (session == null || sessions.contains("all") || sessions.contains(session.id()));
  }

  Map<NotificationType, Set<String>> subscriptions() {
    return subscriptions;
  }

  Map<String, java.util.List<Map<String, Object>>> keystrokeFilters() {
    return keystrokeFilters;
  }

  Map<String, Set<String>> promptModes() {
    return promptModes;
  }

  /** The modes this connection monitors the session's prompts in (those of "all" and of the session). */
  Set<String> promptModes(Session session) {
    Set<String> modes = new java.util.HashSet<>(promptModes.getOrDefault("all", Set.of()));
    modes.addAll(promptModes.getOrDefault(session.id(), Set.of()));
    return modes;
  }

  Map<String, AutoCloseable> variableMonitors() {
    return variableMonitors;
  }

  /**
   * A {@link LocalPeer}'s answer to a call: {@code value} (in the value model, the peer's no
   * longer) or {@code failure}. As {@code ServerOriginatedRPCResultRequest} is, without the message.
   */
  public void answer(String requestId, Object value, InvocationException failure) {
    if (!server.registry().complete(requestId, this, value, failure)) {
      LOG.log(Level.DEBUG, "dropped a late or unknown result for " + requestId + " from " + name());
    }
  }

  /** A {@link LocalPeer} is about to run a call it took; false: the call is over, do not run it. See {@link RpcRegistry#started}. */
  public boolean started(String requestId) {
    return server.registry().started(requestId, this);
  }

  /** The arguments as a function receives them over the wire: a fresh map, values copied. */
  private static Map<String, Object> copy(Map<String, Object> arguments) {
    Map<String, Object> copy = HashMap.newHashMap(arguments.size());
    arguments.forEach((name, value) -> copy.put(name, Json.normalize(value)));
    return copy;
  }

  private void rpcResult(ServerOriginatedRPCResultRequest result) {
    Object value = null;
    InvocationException failure = null;
    if (result.hasJsonException()) {
      failure = ScriptFailures.fromJsonException(result.getJsonException());
    } else if (result.getJsonValue().length() > ApiServer.MAX_ANSWER_LENGTH) {
      failure = new InvocationException(InvocationException.Status.FAILED, "the function returned "
          + result.getJsonValue().length() + " characters of JSON (expected: at most " + ApiServer.MAX_ANSWER_LENGTH
          + ", 16 MiB)");
    } else {
      try {
        value = result.hasJsonValue() ? Json.parse(result.getJsonValue()) : null;
      } catch (IllegalArgumentException e) {
        failure = new InvocationException(InvocationException.Status.FAILED, "the function returned " + e.getMessage());
      }
    }
    answer(result.getRequestId(), value, failure);
  }

  private static String unsupported(ClientOriginatedMessage request) {
    var fields = request.getUnknownFields().asMap().keySet();
    return fields.isEmpty()
        ? "the request is empty (no submessage set)"
        : "request " + fields + " is not supported by polybridge";
  }

  private void reply(long id, ServerOriginatedMessage.Builder response) {
    if (open.get()) {
      peer.send(response.setId(id).build());
    }
  }

  private void replyError(long id, String error) {
    reply(id, ServerOriginatedMessage.newBuilder().setError(error));
  }
}
