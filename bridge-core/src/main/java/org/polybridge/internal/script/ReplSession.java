package org.polybridge.internal.script;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.polybridge.ProtocolException;
import org.polybridge.json.Json;
import org.polybridge.script.Repl;

/**
 * One client's REPL over polybridge's {@code repl.polybridge.org} extension (docs/PROTOCOL.md): what
 * the client says becomes calls of a {@link Repl}, what the REPL prints and answers goes back
 * through the {@link Link}. The transport only hands text frames over. The REPL ends with the link,
 * and the link with the REPL.
 *
 * <ul>
 *   <li>{@code {"hello": {"language": "Python", "cwd": "/home/me"}}} opens the REPL and, once it
 *       takes input, answers {@code {"ready": {}}}; it must come first, and once;
 *   <li>{@code {"evaluate": {"id": 1, "input": "1 + 1"}}} answers {@code {"outcome": {"id": 1,
 *       "status": "done"}}} ({@code more}, {@code failed} with {@code error}, {@code exit});
 *   <li>{@code {"interrupt": {}}} interrupts the evaluation under way (Ctrl-C);
 *   <li>{@code {"output": {"text": "2\n", "stream": "stdout"}}} carries what the REPL prints;
 *   <li>{@code {"ended": {"reason": "…"}}} says why the REPL ended (it could not start, {@code
 *       exit()}, the host closing), before the connection closes.
 * </ul>
 */
public final class ReplSession {
  private static final System.Logger LOG = System.getLogger(ReplSession.class.getName());

  /** The client's end, as the REPL sees it. Calls must not block (a transport queues them). */
  public interface Link {
    /** A JSON message for the client. */
    void send(String json);

    /** Ends the connection, telling the client why. */
    void close(String reason);

    /** The client's name, for logs. */
    String name();
  }

  private final Repls repls;
  private final Link link;
  private boolean greeted;
  private boolean closed;
  private Repl repl;

  public ReplSession(Repls repls, Link link) {
    this.repls = repls;
    this.link = link;
  }

  /**
   * A JSON message from the client; called on the transport's thread, so opening the REPL (which may
   * build the polyglot engine) happens on a thread of its own.
   *
   * @throws ProtocolException when it is not a JSON object, comes out of order or has bad values
   */
  public void control(String text) {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage()); // "not valid JSON: … (where)"
    }
    Map<String, Object> message = object(parsed, "message");
    for (Map.Entry<String, Object> e : message.entrySet()) {
      switch (e.getKey()) {
        case "hello" -> hello(object(e.getValue(), "hello"));
        case "evaluate" -> evaluate(object(e.getValue(), "evaluate"));
        case "interrupt" -> opened("interrupt").interrupt();
        default -> LOG.log(Level.DEBUG, () -> "ignored the REPL message " + e.getKey() + " of " + link.name());
      }
    }
  }

  /** The link went away: the REPL stops, and its registrations go with it. */
  public void closed() {
    Repl stopping;
    synchronized (this) {
      closed = true;
      stopping = repl;
    }
    if (stopping != null) {
      stopping.stop();
    }
  }

  private void hello(Map<String, Object> hello) {
    synchronized (this) {
      if (greeted) {
        throw new ProtocolException("a second hello (expected: one, first)");
      }
      greeted = true;
    }
    if (!(hello.get("language") instanceof String language) || language.isBlank()) {
      throw new ProtocolException("hello.language : " + hello.get("language") + " (expected: a language, e.g. Python)");
    }
    Path directory = hello.get("cwd") instanceof String cwd && !cwd.isBlank() && Files.isDirectory(Path.of(cwd))
        ? Path.of(cwd) : Path.of(System.getProperty("user.home"));
    Thread.ofPlatform().name("polybridge-repl-open").daemon().start(() -> open(language, directory));
  }

  private void open(String language, Path directory) {
    Repl opened;
    try {
      opened = repls.open(language, directory, this::output);
    } catch (RuntimeException e) {
      end(e.getMessage());
      return;
    }
    synchronized (this) {
      repl = opened;
      if (closed) {
        opened.stop();
        return;
      }
    }
    LOG.log(Level.DEBUG, () -> link.name() + " opened a " + language + " REPL");
    opened.loaded().whenComplete((ok, failure) -> {
      if (failure == null) {
        link.send(Json.write(Map.of("ready", Map.of())));
      }
    });
    opened.completion().whenComplete((ok, failure) -> end(failure == null ? "the REPL ended" : "the REPL ended: " + reason(failure)));
  }

  private void evaluate(Map<String, Object> evaluate) {
    Object id = evaluate.get("id");
    if (!(id instanceof Number) || !(evaluate.get("input") instanceof String input)) {
      throw new ProtocolException("evaluate : " + Json.write(evaluate) + " (expected: {\"id\": a number, \"input\": text})");
    }
    opened("evaluate").evaluate(input).whenComplete((outcome, failure) -> {
      if (failure == null) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
        if (outcome.error() != null) {
          answer.put("error", outcome.error());
        }
        link.send(Json.write(Map.of("outcome", answer)));
      }
      // a failure here is the REPL ending: completion() closes the link with the reason
    });
  }

  /** Tells the client why the REPL ended (all of it: a close frame's reason holds 123 bytes) and closes. */
  private void end(String reason) {
    link.send(Json.write(Map.of("ended", Map.of("reason", reason))));
    link.close(reason);
  }

  private synchronized Repl opened(String what) {
    if (repl == null) {
      throw new ProtocolException(what + " before the REPL is ready (expected: hello, then its ready answer)");
    }
    return repl;
  }

  private void output(String text, boolean error) {
    link.send(Json.write(Map.of("output", Map.of("text", text, "stream", error ? "stderr" : "stdout"))));
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new ProtocolException(what + " : " + Json.write(value) + " (expected: a JSON object)");
    }
    return (Map<String, Object>) map;
  }
}
