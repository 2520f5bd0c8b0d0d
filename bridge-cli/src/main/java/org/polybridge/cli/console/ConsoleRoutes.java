package org.polybridge.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.polybridge.InvocationException;
import org.polybridge.host.Alerts;
import org.polybridge.json.Json;

/**
 * The console's pages and API: which request gets which answer, after {@link ConsoleGuard} let it
 * through. Plain Java, no Netty: {@link ConsoleHttpHandler} hands requests in and writes answers.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /?token=T}</td><td>the token for a cookie, then back to {@code /}</td></tr>
 *   <tr><td>{@code GET /}, {@code /console.js}, {@code /console.css}</td><td>the page, from the jar</td></tr>
 *   <tr><td>{@code GET /api/scripts}, {@code /api/functions}, {@code /api/sessions}</td><td>JSON</td></tr>
 *   <tr><td>{@code GET /api/log?name=N&lines=L}</td><td>a script's last lines</td></tr>
 *   <tr><td>{@code POST /api/invoke} {@code {"invocation", "session"?}}</td><td>the value or the failure, with the time taken</td></tr>
 *   <tr><td>{@code POST /api/script} {@code {"action", "name"}}</td><td>start, stop or restart a script</td></tr>
 *   <tr><td>{@code POST /api/send-text} {@code {"session", "text"}}</td><td>types into a session</td></tr>
 *   <tr><td>{@code GET /api/alerts}</td><td>the alerts waiting for a person</td></tr>
 *   <tr><td>{@code POST /api/alert} {@code {"id", "button", "text"?, "checked"?, "combo"?}}</td><td>answers one</td></tr>
 *   <tr><td>{@code GET /api/events?log=N&session=S}</td><td>server-sent events ({@link ConsoleEvents})</td></tr>
 * </table>
 */
final class ConsoleRoutes {
  /** The page's files, served from the jar. */
  private static final Map<String, String> FILES = Map.of(
      "/", "index.html", "/console.js", "console.js", "/console.css", "console.css");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
  /** Each path's one method. */
  private static final Map<String, String> METHODS = Map.ofEntries(Map.entry("/", "GET"), Map.entry("/console.js", "GET"),
      Map.entry("/console.css", "GET"), Map.entry("/api/scripts", "GET"), Map.entry("/api/functions", "GET"),
      Map.entry("/api/sessions", "GET"), Map.entry("/api/log", "GET"), Map.entry("/api/events", "GET"),
      Map.entry("/api/invoke", "POST"), Map.entry("/api/script", "POST"), Map.entry("/api/send-text", "POST"),
      Map.entry("/api/alerts", "GET"), Map.entry("/api/alert", "POST"));
  /** The largest request body the API takes (an invocation or text to type). */
  static final int MAX_BODY = 256 * 1024;

  private final ConsoleGuard guard;
  private final ConsoleData data;
  private final ConsoleEvents events;
  private final Map<String, byte[]> files = new LinkedHashMap<>();

  ConsoleRoutes(ConsoleGuard guard, ConsoleData data, ConsoleEvents events) {
    this.guard = guard;
    this.data = data;
    this.events = events;
    FILES.values().forEach(name -> files.put(name, resource(name)));
  }

  /** The answer to {@code request}; a failure of the daemon's becomes a 500 with its reason. */
  CompletableFuture<ConsoleResponse> handle(ConsoleRequest request) {
    String refused = guard.refuseAddress(request.host(), request.origin());
    if (refused != null) {
      return done(ConsoleResponse.text(403, "refused: " + refused));
    }
    if (request.query().containsKey("token")) {
      return done(exchange(request));
    }
    if (!guard.admits(request.cookies().get(guard.cookieName()))) {
      return done(ConsoleResponse.text(401, "not signed in: open the address `polybridge console` prints (its token is good once)"));
    }
    CompletableFuture<ConsoleResponse> answer;
    try {
      answer = route(request).exceptionally(ConsoleRoutes::failure);
    } catch (IllegalArgumentException e) {
      answer = done(ConsoleResponse.error(400, e.getMessage()));
    } catch (IOException | UncheckedIOException e) {
      answer = done(ConsoleResponse.error(500, e.getMessage()));
    }
    return answer.thenApply(ConsoleResponse::asSignedIn);
  }

  private ConsoleResponse exchange(ConsoleRequest request) {
    if (!request.method().equals("GET") || !request.path().equals("/")) {
      return ConsoleResponse.text(403, "refused: a token is exchanged at GET / only");
    }
    String cookie = guard.exchange(request.query().get("token"));
    if (cookie == null) {
      return ConsoleResponse.text(403, "refused: token : not valid (expected: one from `polybridge console`, unused, at most "
          + ConsoleGuard.TOKEN_LIFETIME.toMinutes() + " minutes old); run `polybridge console` for a new address");
    }
    // Back to the bare address: the token leaves the address bar and the history.
    return ConsoleResponse.redirect("/", Map.of("Set-Cookie", guard.setCookie(cookie))).asSignedIn();
  }

  private CompletableFuture<ConsoleResponse> route(ConsoleRequest r) throws IOException {
    String key = r.method() + " " + r.path();
    return switch (key) {
      case "GET /", "GET /console.js", "GET /console.css" -> done(file(FILES.get(r.path())));
      case "GET /api/scripts" -> data.scripts().thenApply(v -> ConsoleResponse.json(200, v));
      case "GET /api/functions" -> data.functions().thenApply(v -> ConsoleResponse.json(200, v));
      case "GET /api/sessions" -> done(ConsoleResponse.json(200, data.sessions()));
      case "GET /api/alerts" -> done(ConsoleResponse.json(200, data.alerts()));
      case "POST /api/alert" -> done(answerAlert(body(r)));
      case "GET /api/log" -> done(log(r));
      case "GET /api/events" -> done(ConsoleResponse.events(events.feed(r.query().get("log"), r.query().get("session"))));
      case "POST /api/invoke" -> invoke(body(r));
      case "POST /api/script" -> {
        Map<?, ?> body = body(r);
        yield data.act(string(body, "action"), string(body, "name")).thenApply(v -> ConsoleResponse.json(200, v));
      }
      case "POST /api/send-text" -> {
        Map<?, ?> body = body(r);
        yield data.sendText(string(body, "session"), string(body, "text")).thenApply(v -> ConsoleResponse.json(200, Map.of()));
      }
      default -> done(METHODS.containsKey(r.path())
          ? ConsoleResponse.error(405, "method : " + r.method() + " (expected: " + METHODS.get(r.path()) + " for " + r.path() + ")")
          : ConsoleResponse.error(404, "no such page: " + r.path()));
    };
  }

  private ConsoleResponse log(ConsoleRequest r) throws IOException {
    String name = r.query().get("name");
    if (name == null) {
      throw new IllegalArgumentException("name : null (expected: a script's name, e.g. add.py)");
    }
    int lines = 500;
    if (r.query().containsKey("lines")) {
      try {
        lines = Integer.parseInt(r.query().get("lines"));
      } catch (NumberFormatException e) {
        lines = -1;
      }
      if (lines < 1) {
        throw new IllegalArgumentException("lines : " + r.query().get("lines") + " (expected: a whole number > 0)");
      }
    }
    return ConsoleResponse.json(200, Map.of("name", name, "text", data.lastLines(name, lines).text()));
  }

  /** A person's answer to an alert: its button, and the text, checked boxes and combo choice its dialog had. */
  private ConsoleResponse answerAlert(Map<?, ?> body) {
    Object text = body.get("text");
    if (text != null && !(text instanceof String)) {
      throw new IllegalArgumentException("text : " + Json.write(text) + " (expected: a string or null)");
    }
    Object combo = body.get("combo");
    if (combo != null && !(combo instanceof String)) {
      throw new IllegalArgumentException("combo : " + Json.write(combo) + " (expected: a string or null)");
    }
    Object checked = body.containsKey("checked") ? body.get("checked") : List.of();
    if (!(checked instanceof List<?> boxes) || !boxes.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException("checked : " + Json.write(checked) + " (expected: a list of checkbox labels)");
    }
    data.answerAlert(string(body, "id"), new Alerts.Answer(string(body, "button"), (String) text,
        boxes.stream().map(String.class::cast).toList(), (String) combo));
    return ConsoleResponse.json(200, Map.of());
  }

  /** The value, or the failure with its chain and traceback; either with the milliseconds it took. */
  private CompletableFuture<ConsoleResponse> invoke(Map<?, ?> body) {
    String invocation = string(body, "invocation");
    Object session = body.get("session");
    if (session != null && !(session instanceof String)) {
      throw new IllegalArgumentException("session : " + Json.write(session) + " (expected: a session id or null)");
    }
    long start = System.nanoTime();
    return data.invoke(invocation, (String) session, Duration.ofSeconds(30)).handle((value, failure) -> {
      double elapsed = (System.nanoTime() - start) / 1_000_000.0;
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("ok", failure == null);
      if (failure == null) {
        answer.put("value", value);
      } else {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvocationException e) {
          answer.put("status", e.status().name());
          answer.put("reason", e.reason());
          answer.put("traceback", e.traceback().orElse(null));
        } else {
          answer.put("status", "FAILED");
          answer.put("reason", String.valueOf(cause.getMessage()));
        }
      }
      answer.put("elapsed_ms", Math.round(elapsed * 10) / 10.0);
      return ConsoleResponse.json(200, answer);
    });
  }

  private static Map<?, ?> body(ConsoleRequest r) {
    Object parsed;
    try {
      parsed = Json.parse(r.body());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("body : not JSON (" + e.getMessage() + ")");
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("body : " + r.body() + " (expected: a JSON object)");
    }
    return map;
  }

  private static String string(Map<?, ?> body, String name) {
    if (!(body.get(name) instanceof String value)) {
      throw new IllegalArgumentException(name + " : " + Json.write(body.get(name)) + " (expected: a string)");
    }
    return value;
  }

  private ConsoleResponse file(String name) {
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    return new ConsoleResponse(200, type, files.get(name), Map.of(), null, false);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + name + " is not in the jar (a broken build?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console's " + name + " from the jar", e);
    }
  }

  private static ConsoleResponse failure(Throwable failure) {
    Throwable cause = unwrap(failure);
    int status = cause instanceof IllegalArgumentException || cause instanceof InvocationException ? 400 : 500;
    String reason = cause instanceof InvocationException e ? e.reason() : String.valueOf(cause.getMessage());
    return ConsoleResponse.error(status, reason);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static CompletableFuture<ConsoleResponse> done(ConsoleResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
