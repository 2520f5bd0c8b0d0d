package org.polybridge.python.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.AppSnapshot;
import org.polybridge.client.RpcDefinition;
import org.polybridge.client.Subscription;
import org.polybridge.client.VariableScope;
import org.polybridge.json.Json;

/**
 * The Java side as the {@code iterm2} Python package sees it ({@code iterm2._loop.host()}). The
 * only host object a script can reach: methods are exported one by one ({@link
 * HostAccess#EXPLICIT}). Values cross as JSON text; what Python awaits is a {@link
 * CompletableFuture} it hands back to {@link #whenComplete}; other Java objects (registrations,
 * subscriptions) are opaque handles. Python callables are called on the script's thread only.
 */
public final class GuestApi {
  private final PythonScript script;
  private final LogOutputStream out;
  private final LogOutputStream err;

  GuestApi(PythonScript script) {
    this.script = script;
    this.out = new LogOutputStream(script.environment().log());
    this.err = new LogOutputStream(script.environment().log());
  }

  /** Calls {@code callback(value, error)} on the script's thread when {@code future} completes. */
  @HostAccess.Export
  public void whenComplete(CompletableFuture<?> future, Value callback) {
    future.whenComplete((value, failure) -> {
      if (failure == null) {
        script.post(callback, value, null);
      } else {
        script.post(callback, null, describe(failure));
      }
    });
  }

  /**
   * Registers {@code function}; {@code positional}: its argument names are its first parameters,
   * in order, each one that may be passed by position ({@code _loop.signature}), so that a call
   * may pass them so; {@code twin}: the plain function a call runs instead, for an {@code async
   * def} that never suspends ({@code _loop.plain_twin}), or None.
   */
  @HostAccess.Export
  public CompletableFuture<Object> register(String name, String argumentsJson, String referencesJson, double timeoutSeconds,
      Value function, boolean positional, Value twin) {
    return attempt(() -> {
      @SuppressWarnings("unchecked")
      List<String> arguments = (List<String>) Json.parse(argumentsJson);
      @SuppressWarnings("unchecked")
      Map<String, String> references = (Map<String, String>) Json.parse(referencesJson);
      Duration timeout = timeoutSeconds > 0 ? Duration.ofNanos((long) (timeoutSeconds * 1e9)) : null;
      RpcDefinition definition = new RpcDefinition(name, arguments, references, timeout);
      Value plain = orNull(twin);
      return api().register(definition, args -> script.call(definition, function, positional, plain, args)).thenApply(ok -> definition);
    });
  }

  /**
   * As {@link #register}, with the role and its attributes as JSON text of the registration's
   * other fields ({@code {"role": "CONTEXT_MENU", "context_menu_attributes": {…}}}).
   */
  @HostAccess.Export
  public CompletableFuture<Object> registerWithRole(String name, String argumentsJson, String referencesJson,
      double timeoutSeconds, Value function, boolean positional, Value twin, String roleJson) {
    return attempt(() -> {
      @SuppressWarnings("unchecked")
      List<String> arguments = (List<String>) Json.parse(argumentsJson);
      @SuppressWarnings("unchecked")
      Map<String, String> references = (Map<String, String>) Json.parse(referencesJson);
      Map<String, Object> role = Json.parseObject(roleJson);
      Duration timeout = timeoutSeconds > 0 ? Duration.ofNanos((long) (timeoutSeconds * 1e9)) : null;
      RpcDefinition definition = new RpcDefinition(name, arguments, references, timeout);
      Value plain = orNull(twin);
      return api().register(definition, args -> script.call(definition, function, positional, plain, args), role)
          .thenApply(ok -> definition);
    });
  }

  /**
   * The system property that turns plain twins off ({@code false}): every {@code async def} is then
   * called as a coroutine. For comparing the two ways, and a way out should a twin ever differ.
   */
  public static final String PLAIN_TWINS_PROPERTY = "polybridge.python.plainTwins";

  /** A function's plain twin, or null for Python's None or when twins are off: asked once, at registration, not at every call. */
  private static Value orNull(Value twin) {
    return twin == null || twin.isNull() || "false".equals(System.getProperty(PLAIN_TWINS_PROPERTY)) ? null : twin;
  }

  @HostAccess.Export
  public CompletableFuture<Object> unregister(Object registration) {
    return attempt(() -> api().unregister((RpcDefinition) registration).thenApply(ok -> null));
  }

  /** {@code listener(session_id, payload)} for each custom control sequence of {@code identity}. */
  @HostAccess.Export
  public CompletableFuture<Object> onCustomControlSequence(String session, String identity, Value listener) {
    return attempt(() -> api().onCustomControlSequence(session, identity,
        (sessionId, payload) -> script.run(listener, sessionId, payload)).thenApply(s -> s));
  }

  /** {@code listener(session_id)} when a session is created or ends. */
  @HostAccess.Export
  public CompletableFuture<Object> onLayoutChange(Value listener) {
    return attempt(() -> {
      var created = api().onNewSession(id -> script.run(listener, id));
      var ended = api().onSessionTerminated(id -> script.run(listener, id));
      return created.thenCombine(ended, (a, b) -> (Subscription) () -> CompletableFuture.allOf(a.cancel(), b.cancel()));
    });
  }

  /**
   * Any request of the protocol, as JSON text of a {@code ClientOriginatedMessage} by the schema's
   * field names; completes with the answer as JSON text ({@link ApiClient#request(Map)}).
   */
  @HostAccess.Export
  public CompletableFuture<Object> request(String requestJson) {
    return attempt(() -> api().request(Json.parseObject(requestJson)).thenApply(Json::write));
  }

  /**
   * Subscribes as the {@code NotificationRequest} in JSON text says; {@code listener(json)} gets
   * each notification as JSON text. Completes with the subscription, for {@link #cancel}.
   */
  @HostAccess.Export
  public CompletableFuture<Object> subscribe(String notificationRequestJson, Value listener) {
    return attempt(() -> api().subscribe(Json.parseObject(notificationRequestJson),
        n -> script.run(listener, Json.write(n))).thenApply(s -> s));
  }

  @HostAccess.Export
  public CompletableFuture<Object> cancel(Object subscription) {
    return attempt(() -> ((Subscription) subscription).cancel().thenApply(ok -> null));
  }

  /** The app as JSON: {@link AppSnapshot#toJsonValue()}. */
  @HostAccess.Export
  public CompletableFuture<Object> app() {
    return attempt(() -> api().app().thenApply(GuestApi::appJson));
  }

  /** {@code bytes} is the data as Latin-1 text: one char per byte. */
  @HostAccess.Export
  public CompletableFuture<Object> inject(String sessionId, String bytes) {
    return attempt(() -> api().inject(sessionId, bytes.getBytes(StandardCharsets.ISO_8859_1)).thenApply(ok -> null));
  }

  @HostAccess.Export
  public CompletableFuture<Object> sendText(String sessionId, String text) {
    return attempt(() -> api().sendText(sessionId, text).thenApply(ok -> null));
  }

  /** {@code {"window_id", "tab_id", "session_id"}} of the new tab; a new window when {@code windowId} is null. */
  @HostAccess.Export
  public CompletableFuture<Object> createTab(String windowId, String profile) {
    return attempt(() -> api().createTab(windowId, profile).thenApply(r -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("window_id", r.windowId());
      json.put("tab_id", r.tabId());
      json.put("session_id", r.sessionId());
      return Json.write(json);
    }));
  }

  @HostAccess.Export
  public CompletableFuture<Object> getVariable(String scope, String id, String name) {
    return attempt(() -> api().getVariable(scope(scope), id, name).thenApply(Json::write));
  }

  @HostAccess.Export
  public CompletableFuture<Object> setVariable(String scope, String id, String name, String valueJson) {
    return attempt(() -> api().setVariable(scope(scope), id, name, Json.parse(valueJson)).thenApply(ok -> null));
  }

  /** Evaluates an invocation in a context ({@code "app"}, {@code "session"}…); the result as JSON. */
  @HostAccess.Export
  public CompletableFuture<Object> invoke(String invocation, String scope, String id, double timeoutSeconds) {
    return attempt(() -> {
      InvocationContext context = switch (scope) {
        case "session" -> InvocationContext.session(id);
        case "tab" -> InvocationContext.tab(id);
        case "window" -> InvocationContext.window(id);
        default -> InvocationContext.app();
      };
      Duration timeout = timeoutSeconds > 0 ? Duration.ofNanos((long) (timeoutSeconds * 1e9)) : null;
      return api().invoke(invocation, context, timeout).thenApply(Json::write);
    });
  }

  @HostAccess.Export
  public void startedLoop(boolean forever) {
    script.loopStarted();
  }

  @HostAccess.Export
  public void finished() {
    script.finish();
  }

  @HostAccess.Export
  public void failed(String message, String traceback) {
    script.fail(message, traceback);
  }

  /**
   * What the script printed to {@code sys.stdout} or {@code sys.stderr}: each line goes to its log;
   * a REPL's goes to its client as it is.
   */
  @HostAccess.Export
  public void output(String text, boolean error) {
    if (script.console() != null) {
      script.console().print(text, error);
      return;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    (error ? err : out).write(bytes, 0, bytes.length);
  }

  /** The script ended: a last unfinished line of output goes to its log. */
  void closeOutput() {
    out.close();
    err.close();
  }

  @HostAccess.Export
  public void logError(String message, String traceback) {
    script.environment().log().error(message, traceback);
  }

  private ApiClient api() {
    return script.api();
  }

  /** Turns a refusal into a failed future, so Python sees it where it awaits. */
  private static CompletableFuture<Object> attempt(Supplier<CompletableFuture<?>> request) {
    try {
      return request.get().thenApply(v -> v);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static VariableScope scope(String scope) {
    return switch (scope) {
      case "session" -> VariableScope.SESSION;
      case "tab" -> VariableScope.TAB;
      case "window" -> VariableScope.WINDOW;
      default -> VariableScope.APP;
    };
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static String appJson(AppSnapshot snapshot) {
    return Json.write(snapshot.toJsonValue());
  }
}
