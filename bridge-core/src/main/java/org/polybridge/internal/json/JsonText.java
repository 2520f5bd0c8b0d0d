package org.polybridge.internal.json;

import java.util.Map;
import org.polybridge.json.Json;

/**
 * What the host needs of a value's JSON text beyond {@link Json}: how a value reads inside text
 * (an interpolation, a title, a status bar), and whether its text could pass a bound, judged
 * without writing it.
 */
public final class JsonText {
  private JsonText() {}

  /** How a value reads inside a string interpolation: strings as they are, others as JSON. */
  public static String display(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return Json.write(value);
  }

  /**
   * Whether the value's JSON text could pass {@code maxLength} characters, judged without writing
   * it (strings by their length, numbers at most 24 characters): for values handed over in the JVM,
   * which are never written, yet must not pass the bounds the wire keeps. Stops as soon as it knows.
   */
  public static boolean mayExceed(Object value, long maxLength) {
    return roughLength(value, maxLength) > maxLength;
  }

  private static long roughLength(Object value, long budget) {
    if (value instanceof String s) {
      return s.length() + 2L;
    }
    long length = 2;
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        length += String.valueOf(e.getKey()).length() + 4L + roughLength(e.getValue(), budget - length);
        if (length > budget) {
          return length;
        }
      }
      return length;
    }
    if (value instanceof Iterable<?> items) {
      for (Object item : items) {
        length += 1 + roughLength(item, budget - length);
        if (length > budget) {
          return length;
        }
      }
      return length;
    }
    return 24;
  }
}
