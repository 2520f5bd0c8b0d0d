package org.polybridge.cli.console;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.polybridge.json.Json;

/**
 * What the console answers, without Netty: a whole body, or (with {@code events}) a stream of
 * server-sent events that {@link ConsoleHttpHandler} opens and keeps open.
 *
 * @param headers extra headers (the security headers every answer carries are the handler's)
 * @param events the stream to start once the headers are out, {@code null} for a whole body
 * @param signedIn the request showed a valid cookie or exchanged a token: its connection no longer
 *     counts as unauthenticated ({@link ConsoleHttpHandler})
 */
record ConsoleResponse(int status, String contentType, byte[] body, Map<String, String> headers, ConsoleEvents.Feed events,
    boolean signedIn) {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  static ConsoleResponse json(int status, Object value) {
    return new ConsoleResponse(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of(), null, false);
  }

  static ConsoleResponse text(int status, String text) {
    return new ConsoleResponse(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of(), null, false);
  }

  /** A failure of the request itself: {@code {"error": reason}}. */
  static ConsoleResponse error(int status, String reason) {
    return json(status, Map.of("error", reason));
  }

  static ConsoleResponse redirect(String location, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Location", location);
    return new ConsoleResponse(303, TEXT, new byte[0], all, null, false);
  }

  static ConsoleResponse events(ConsoleEvents.Feed feed) {
    return new ConsoleResponse(200, "text/event-stream; charset=utf-8", new byte[0], Map.of(), feed, false);
  }

  /** This answer, to a request that signed in. */
  ConsoleResponse asSignedIn() {
    return new ConsoleResponse(status, contentType, body, headers, events, true);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
