package org.polybridge.internal.failure;

import java.util.Map;
import org.polybridge.InvocationException;
import org.polybridge.json.Json;

/** A script's exception as it travels: {@code {"reason": …, "traceback": …}}. */
public final class ScriptFailures {
  private ScriptFailures() {}

  public static InvocationException fromJsonException(String json) {
    try {
      if (Json.parse(json) instanceof Map<?, ?> map && map.get("reason") != null) {
        Object traceback = map.get("traceback");
        return new InvocationException(InvocationException.Status.FAILED, String.valueOf(map.get("reason")),
            traceback == null ? null : String.valueOf(traceback));
      }
    } catch (IllegalArgumentException e) {
      // not JSON: the text itself is the best reason there is
    }
    return new InvocationException(InvocationException.Status.FAILED, json);
  }

  public static String toJsonException(String reason, String traceback) {
    return traceback == null || traceback.isEmpty()
        ? Json.write(Map.of("reason", reason))
        : Json.write(Map.of("reason", reason, "traceback", traceback));
  }
}
