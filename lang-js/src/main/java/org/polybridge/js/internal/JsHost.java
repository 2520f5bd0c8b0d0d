package org.polybridge.js.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.polybridge.InvocationContext;
import org.polybridge.ScriptException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.AppSnapshot;
import org.polybridge.client.RpcDefinition;
import org.polybridge.client.RpcHandler;
import org.polybridge.client.Subscription;
import org.polybridge.client.VariableScope;
import org.polybridge.json.Json;

/**
 * The whole Java surface a script's {@code iterm2} module sees (the prelude {@code iterm2.js} is
 * built on it): each method is called on the script's loop and answers through the two callbacks
 * it is given, {@code ok(json)} and {@code fail(message)}, later, in an entry of its own. Values
 * cross as JSON text. Nothing else of Java is reachable from a script.
 */
public final class JsHost {
  private static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(5);
  /** How many values the prelude's handler of a function takes as they are (a0 to a3). */
  static final int PLAIN_ARGUMENTS = 4;

  /** Set once: as made, or as a spare context's host is taken ({@link #bind}). */
  private volatile JsScript script;
  private volatile ApiClient api;
  private final Map<Integer, Subscription> subscriptions = new HashMap<>();
  private final Map<Integer, Boolean> keepingAlive = new HashMap<>();
  private final Map<String, Boolean> registered = new HashMap<>();
  private int lastSubscription;
  private int pending;

  JsHost(JsScript script, ApiClient api) {
    this.script = script;
    this.api = api;
  }

  /**
   * Binds the host of a spare context ({@link SharedJs.Spare}), made with neither, to the script
   * that takes it, before the script's code runs: the prelude calls no host method as it runs.
   */
  void bind(JsScript script, ApiClient api) {
    if (this.script != null) {
      throw new IllegalStateException("this host serves a script already");
    }
    this.script = script;
    this.api = api;
  }

  /** Whether something could still call the script: a registration, a subscription, a host call. */
  boolean keepsAlive() {
    return pending > 0 || !registered.isEmpty() || keepingAlive.containsValue(Boolean.TRUE);
  }

  // ---- lifecycle ----

  @HostAccess.Export
  public void runForever() {
    script.runForever();
  }

  @HostAccess.Export
  public void runUntilComplete() {
    script.runUntilComplete();
  }

  @HostAccess.Export
  public void mainReturned() {
    script.mainReturned();
  }

  @HostAccess.Export
  public void mainFailed(String reason, String traceback) {
    script.mainFailed(reason, traceback);
  }

  @HostAccess.Export
  public void logError(String message, String traceback) {
    script.log().error(message, traceback);
  }

  // ---- timers ----

  @HostAccess.Export
  public int setTimer(Value callback, double delayMillis, boolean repeat) {
    if (!callback.canExecute()) {
      throw new IllegalArgumentException("the callback is not a function: " + callback);
    }
    long millis = Double.isFinite(delayMillis) && delayMillis > 0 ? (long) delayMillis : 0;
    return script.setTimer(callback, Duration.ofMillis(millis), repeat);
  }

  @HostAccess.Export
  public void clearTimer(int id) {
    script.clearTimer(id);
  }

  // ---- the app model ----

  @HostAccess.Export
  public void app(Value ok, Value fail) {
    settle(api.app(), JsHost::snapshotJson, ok, fail);
  }

  @HostAccess.Export
  public void inject(String sessionId, Value data, Value ok, Value fail) {
    settle(api.inject(sessionId, bytes(data)), v -> null, ok, fail);
  }

  @HostAccess.Export
  public void sendText(String sessionId, String text, Value ok, Value fail) {
    settle(api.sendText(sessionId, text), v -> null, ok, fail);
  }

  @HostAccess.Export
  public void createTab(String windowId, String profile, Value ok, Value fail) {
    settle(api.createTab(windowId, profile), r -> Json.write(Map.of(
        "windowId", r.windowId(), "tabId", r.tabId(), "sessionId", r.sessionId())), ok, fail);
  }

  @HostAccess.Export
  public void getVariable(String scope, String id, String name, Value ok, Value fail) {
    settle(api.getVariable(scope(scope), id, name), Json::write, ok, fail);
  }

  @HostAccess.Export
  public void setVariable(String scope, String id, String name, String valueJson, Value ok, Value fail) {
    settle(api.setVariable(scope(scope), id, name, Json.parse(valueJson)), v -> null, ok, fail);
  }

  @HostAccess.Export
  public void invoke(String invocation, String kind, String id, double timeoutSeconds, Value ok, Value fail) {
    InvocationContext context = switch (kind == null ? "app" : kind) {
      case "session" -> InvocationContext.session(id);
      case "tab" -> InvocationContext.tab(id);
      case "window" -> InvocationContext.window(id);
      default -> InvocationContext.app();
    };
    Duration timeout = timeoutSeconds > 0 ? Duration.ofMillis(Math.round(timeoutSeconds * 1000)) : null;
    settle(api.invoke(invocation, context, timeout), Json::write, ok, fail);
  }

  /**
   * Any request of the protocol, as JSON text of a {@code ClientOriginatedMessage} by the schema's
   * field names; {@code ok(json)} gets the answer the same way ({@link ApiClient#request(Map)}).
   */
  @HostAccess.Export
  public void request(String requestJson, Value ok, Value fail) {
    CompletableFuture<Map<String, Object>> answer;
    try {
      answer = api.request(Json.parseObject(requestJson));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    settle(answer, Json::write, ok, fail);
  }

  // ---- functions ----

  /**
   * Registers {@code handler} under the definition {@code {"name", "args", "references",
   * "timeout"}}: a JS function of the arguments' values as a JSON array (in the order of {@code
   * args}) and two callbacks, {@code ok(json)} and {@code fail(reason, traceback)}, one of which it
   * calls with the answer, at once or later.
   */
  @HostAccess.Export
  public void register(String definitionJson, Value handler, Value ok, Value fail) {
    RpcDefinition definition = definition(definitionJson);
    if (api == null) {
      // the host of a context no script has taken (the warm-up's): nothing to register with
      fail.execute("no connection: a warm-up's context registers nothing");
      return;
    }
    Duration budget = definition.timeout() != null ? definition.timeout() : DEFAULT_RPC_TIMEOUT;
    String what = "function " + definition.signature();
    List<String> order = definition.arguments();
    RpcHandler rpc = arguments -> call(what, budget, handler, order, arguments);
    // a role other than generic (a status-bar component's, a title provider's): its attributes by the schema's names
    Map<String, ?> role = role(definitionJson);
    CompletableFuture<Void> registration = role == null ? api.register(definition, rpc) : api.register(definition, rpc, role);
    settle(registration, v -> {
      registered.put(definition.signature(), true);
      return null;
    }, ok, fail);
  }

  @HostAccess.Export
  public void unregister(String definitionJson, Value ok, Value fail) {
    RpcDefinition definition = definition(definitionJson);
    settle(api.unregister(definition), v -> {
      registered.remove(definition.signature());
      return null;
    }, ok, fail);
  }

  private CompletableFuture<Object> call(String what, Duration budget, Value handler, List<String> order, Map<String, Object> arguments) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    ProxyExecutable ok = answer -> {
      result.complete(Json.parse(answer[0].asString()));
      return null;
    };
    ProxyExecutable fail = failure -> {
      result.completeExceptionally(new ScriptException(failure[0].asString(), failure[1].isNull() ? null : failure[1].asString()));
      return null;
    };
    Object[] handlerArguments = handlerArguments(order, arguments, ok, fail);
    boolean entered = script.enter(what, budget, () -> handler.executeVoid(handlerArguments), result::completeExceptionally);
    if (!entered) {
      result.completeExceptionally(new ScriptException("the script is stopping", null));
    }
    script.watchCall(budget, result);
    return result;
  }

  /**
   * What the prelude's handler of a function is called with ({@code iterm2.js}): {@code valuesJson,
   * ok, fail}, then the values themselves when there are at most {@value #PLAIN_ARGUMENTS} and each
   * is {@linkplain #plain plain} ({@code valuesJson} null), else {@code valuesJson} the values as a
   * JSON array in the order of {@code order}.
   */
  static Object[] handlerArguments(List<String> order, Map<String, Object> arguments, Object ok, Object fail) {
    boolean direct = order.size() <= PLAIN_ARGUMENTS;
    for (int i = 0; direct && i < order.size(); i++) {
      direct = plain(arguments.get(order.get(i)));
    }
    if (direct) {
      Object[] call = new Object[3 + order.size()];
      call[1] = ok;
      call[2] = fail;
      for (int i = 0; i < order.size(); i++) {
        call[3 + i] = arguments.get(order.get(i));
      }
      return call;
    }
    List<Object> values = new ArrayList<>(order.size());
    for (String name : order) {
      values.add(arguments.get(name));
    }
    return new Object[] {Json.write(values), ok, fail};
  }

  /**
   * Whether a value reaches JavaScript as its JSON text would: a string, a boolean, null, a finite
   * double, a long that a double holds exactly (a larger one would arrive as a BigInt, its JSON as
   * a rounded number).
   */
  static boolean plain(Object value) {
    return value == null || value instanceof String || value instanceof Boolean
        || value instanceof Long l && l >= -(1L << 53) && l <= (1L << 53)
        || value instanceof Double d && Double.isFinite(d);
  }

  // ---- notifications ----

  @HostAccess.Export
  public void onCustomControlSequence(String session, String identity, Value listener, Value ok, Value fail) {
    subscribe(api.onCustomControlSequence(session, identity, (sessionId, payload) ->
        script.enter("the custom control sequence callback", JsScript.CALLBACK_BUDGET,
            () -> listener.executeVoid(sessionId, payload), e -> script.logFailure("a custom control sequence callback", e))),
        true, ok, fail);
  }

  @HostAccess.Export
  public void onNewSession(Value listener, boolean keepsAlive, Value ok, Value fail) {
    subscribe(api.onNewSession(sessionId -> script.enter("a new-session callback", JsScript.CALLBACK_BUDGET,
        () -> listener.executeVoid(sessionId), e -> script.logFailure("a new-session callback", e))), keepsAlive, ok, fail);
  }

  @HostAccess.Export
  public void onSessionTerminated(Value listener, boolean keepsAlive, Value ok, Value fail) {
    subscribe(api.onSessionTerminated(sessionId -> script.enter("a session-terminated callback", JsScript.CALLBACK_BUDGET,
        () -> listener.executeVoid(sessionId), e -> script.logFailure("a session-terminated callback", e))), keepsAlive, ok, fail);
  }

  @HostAccess.Export
  public void onVariableChange(String scope, String id, String name, Value listener, Value ok, Value fail) {
    subscribe(api.onVariableChange(scope(scope), id, name, value -> script.enter("a variable-change callback",
        JsScript.CALLBACK_BUDGET, () -> listener.executeVoid(Json.write(value)), e -> script.logFailure("a variable-change callback", e))),
        true, ok, fail);
  }

  /** Subscribes as the {@code NotificationRequest} in JSON text says; {@code listener(json)} gets each notification. */
  @HostAccess.Export
  public void subscribe(String notificationRequestJson, Value listener, Value ok, Value fail) {
    CompletableFuture<Subscription> subscription;
    try {
      subscription = api.subscribe(Json.parseObject(notificationRequestJson),
          n -> script.enter("a notification callback", JsScript.CALLBACK_BUDGET,
              () -> listener.executeVoid(Json.write(n)), e -> script.logFailure("a notification callback", e)));
    } catch (RuntimeException e) {
      subscription = CompletableFuture.failedFuture(e);
    }
    subscribe(subscription, true, ok, fail);
  }

  @HostAccess.Export
  public void cancel(int subscription, Value ok, Value fail) {
    Subscription s = subscriptions.remove(subscription);
    keepingAlive.remove(subscription);
    settle(s == null ? CompletableFuture.completedFuture(null) : s.cancel(), v -> null, ok, fail);
  }

  private void subscribe(CompletableFuture<Subscription> subscription, boolean keepsAlive, Value ok, Value fail) {
    settle(subscription, s -> {
      int id = ++lastSubscription;
      subscriptions.put(id, s);
      keepingAlive.put(id, keepsAlive);
      return id;
    }, ok, fail);
  }

  // ---- plumbing ----

  /**
   * Answers a JS call when {@code future} completes: {@code ok(result(value))} or {@code
   * fail(reason)}, in a new entry on the loop (never on the thread that completed the future).
   */
  private <T> void settle(CompletableFuture<T> future, Function<T, Object> result, Value ok, Value fail) {
    pending++;
    future.whenComplete((value, failure) -> script.loop().execute(() -> {
      pending--;
      script.enter("a promise continuation", JsScript.CALLBACK_BUDGET, () -> {
        if (failure == null) {
          ok.execute(result.apply(value));
        } else {
          fail.execute(GuestErrors.reason(failure));
        }
      }, e -> script.logFailure("a promise continuation", e));
    }));
  }

  private static RpcDefinition definition(String json) {
    if (!(Json.parse(json) instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("not a function definition: " + json);
    }
    List<String> arguments = map.get("args") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    Map<String, String> references = new HashMap<>();
    if (map.get("references") instanceof Map<?, ?> refs) {
      refs.forEach((k, v) -> references.put(String.valueOf(k), String.valueOf(v)));
    }
    Duration timeout = map.get("timeout") instanceof Number n && n.doubleValue() > 0
        ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : null;
    return new RpcDefinition(String.valueOf(map.get("name")), arguments, references, timeout);
  }

  /** The {@code role} of a definition: the registration's role and attributes by the schema's names; null when generic. */
  @SuppressWarnings("unchecked") // parsed JSON: its maps have string keys
  private static Map<String, ?> role(String definitionJson) {
    return Json.parseObject(definitionJson).get("role") instanceof Map<?, ?> role ? (Map<String, ?>) role : null;
  }

  private static VariableScope scope(String scope) {
    return VariableScope.valueOf(scope.toUpperCase(java.util.Locale.ROOT));
  }

  /** A string as UTF-8; an array of numbers (a {@code Uint8Array}, an {@code Array}) as bytes. */
  private static byte[] bytes(Value data) {
    if (data.isString()) {
      return data.asString().getBytes(StandardCharsets.UTF_8);
    }
    if (data.hasArrayElements()) {
      byte[] bytes = new byte[Math.toIntExact(data.getArraySize())];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) data.getArrayElement(i).asInt();
      }
      return bytes;
    }
    throw new IllegalArgumentException("inject takes a string, a Uint8Array or an array of numbers, not " + data);
  }

  private static String snapshotJson(AppSnapshot app) {
    return Json.write(app.toJsonValue());
  }
}
