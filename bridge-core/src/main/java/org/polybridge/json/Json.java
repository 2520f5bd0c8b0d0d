package org.polybridge.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON text to and from the bridge's value model: {@code null}, {@link Boolean}, {@link Long},
 * {@link Double}, {@link String}, {@link List} and {@link Map} with string keys. Every value that
 * crosses a connection is JSON text; every value inside the bridge is one of these types: the
 * arguments a function gets, what it returns, variables, and the protocol's messages in their JSON
 * form ({@link org.polybridge.client.ApiClient#request(Map)}). A language module turns its guests'
 * values into text with the guest's own JSON and hands the text over; Java code uses values.
 *
 * <pre>{@code
 * Map<String, Object> point = Json.parseObject("{\"x\": 1, \"y\": [2.5, null]}");
 * long x = (Long) point.get("x");                            // integers are Long, others Double
 * String text = Json.write(Map.of("ok", true));                // {"ok":true}
 * Object same = Json.normalize(List.of(1, 2f));                // [1L, 2.0]: Integer and Float converted
 * }</pre>
 *
 * <p>Text that is not JSON, and values of other types, are refused with {@link
 * IllegalArgumentException} naming the value and the rule it broke.
 */
public final class Json {
  private static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          .setStrictness(Strictness.STRICT)
          .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
          .create();

  private Json() {}

  /** Parses JSON text; throws {@link IllegalArgumentException} naming the problem. */
  public static Object parse(String text) {
    if (text == null) {
      return null;
    }
    Object scalar = plainScalar(text);
    if (scalar != NOT_PLAIN) {
      return scalar;
    }
    try {
      return normalize(GSON.fromJson(text, Object.class));
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("not valid JSON: " + abbreviate(text) + " (" + where(e) + ")", e);
    }
  }

  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  /**
   * Where the text stops being JSON, from the parser's message: Gson's own advises lenient parsing
   * and a web page, neither of which helps whoever sent the text.
   */
  private static String where(RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    Matcher position = POSITION.matcher(message);
    if (!position.find()) {
      return message.lines().findFirst().orElse(message);
    }
    String at = "line " + position.group(1) + " column " + position.group(2);
    if (cause instanceof java.io.EOFException) {
      return "it ends before the value does, at " + at;
    }
    if (message.startsWith("Use JsonReader.setStrictness")) {
      return "malformed at " + at;
    }
    return message.substring(0, position.start()).strip() + " at " + at;
  }

  /**
   * Parses JSON text that must be an object, as a request or a definition is.
   *
   * @throws IllegalArgumentException when the text is not JSON, or is JSON but not an object
   */
  public static Map<String, Object> parseObject(String text) {
    if (parse(text) instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked") // parse makes maps with string keys only
      Map<String, Object> object = (Map<String, Object>) map;
      return object;
    }
    throw new IllegalArgumentException("not a JSON object: " + (text == null ? null : abbreviate(text))
        + " (expected: {...})");
  }

  /** Writes a value as JSON text; any other type is refused with {@link IllegalArgumentException}. */
  public static String write(Object value) {
    if (value == null || value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      return String.valueOf(value);
    }
    StringBuilder out = new StringBuilder();
    write(normalize(value, true), out);
    return out.toString();
  }

  /**
   * Writes a normalized value as Gson would (no HTML escaping, nulls kept): the values that cross a
   * connection are small, and Gson's writer costs more to set up than to use on them. A chain of
   * {@code instanceof}, not a switch on the type: such a switch makes its class at its first run, in
   * every JVM (the AOT cache keeps none), which cost {@code polybridge pty} 3-4 ms of its main
   * thread's CPU before its hello (async-profiler: SwitchBootstraps.generateTypeSwitch).
   */
  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(value); // Boolean, Long, Double (finite): their toString is their JSON
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029' ? escape(c) : null;
      if (escaped != null) {
        out.append(s, start, i).append(escaped);
        start = i + 1;
      }
    }
    out.append(s, start, s.length()).append('"');
  }

  private static String escape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\f' -> "\\f";
      default -> String.format("\\u%04x", (int) c);
    };
  }

  /**
   * The value as its JSON text would read back ({@code parse(write(value))}) without making the
   * text: a copy in the value model, containers new and mutable. Refuses what {@link #write}
   * refuses (other types, and NaN and the infinities, which JSON lacks) with {@link
   * IllegalArgumentException}.
   */
  public static Object copy(Object value) {
    return normalize(value, true);
  }

  /**
   * Writes a value as JSON text, or gives up (empty) as soon as the text would pass {@code
   * maxLength} characters: a value too large to send or keep costs no more than the limit to find
   * out, however large its text would have been (a list of a million references to one long
   * string takes little memory, its text a great deal).
   */
  public static Optional<String> writeWithin(Object value, int maxLength) {
    LimitedText text = new LimitedText(maxLength);
    try {
      GSON.toJson(normalize(value), text);
      return Optional.of(text.toString());
    } catch (LimitedText.Full full) {
      return Optional.empty();
    }
  }

  /** At most {@code maxLength} characters of the value's JSON text, cut with "..." when longer. */
  public static String preview(Object value, int maxLength) {
    LimitedText text = new LimitedText(maxLength);
    try {
      GSON.toJson(normalize(value), text);
      return text.toString();
    } catch (LimitedText.Full full) {
      String start = text.toString();
      return start.substring(0, Math.max(0, start.length() - 3)) + "...";
    }
  }

  /**
   * Converts a Java value into the value model: other {@link Number}s become {@code Long} or {@code
   * Double}, arrays and collections become lists, maps get string keys.
   */
  public static Object normalize(Object value) {
    return normalize(value, false);
  }

  private static Object normalize(Object value, boolean finite) {
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Double d) {
      return finite ? requireFinite(d) : d;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return finite ? requireFinite(f.doubleValue()) : f.doubleValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (value instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (value instanceof Number n) {
      return finite ? requireFinite(n.doubleValue()) : n.doubleValue();
    }
    if (value instanceof Character c) {
      return c.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v, finite)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(v -> out.add(normalize(v, finite)));
      return out;
    }
    if (value instanceof Object[] array) {
      return normalize(Arrays.asList(array), finite);
    }
    throw new IllegalArgumentException(
        "value of type " + value.getClass().getName() + " is not a JSON value (expected: null, boolean, number, string, list or map)");
  }

  private static Double requireFinite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(d + " is not a JSON value (JSON numbers are finite)");
    }
    return d;
  }

  /** Marks text that {@link #plainScalar} leaves to the full parser. */
  private static final Object NOT_PLAIN = new Object();

  /**
   * Most values that cross a connection are small integers, booleans and {@code null} (the
   * arguments and answers of functions): those are read here, without a reader and its buffer;
   * anything else, or anything unusual about them, goes to the full parser.
   */
  private static Object plainScalar(String text) {
    int length = text.length();
    if (length == 0 || length > 18) {
      return NOT_PLAIN;
    }
    switch (text) {
      case "null":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      default:
        break;
    }
    int i = text.charAt(0) == '-' ? 1 : 0;
    if (i == length || (text.charAt(i) == '0' && length > i + 1)) {
      return NOT_PLAIN; // "-" alone, or a leading zero: the parser says why
    }
    for (int j = i; j < length; j++) {
      char c = text.charAt(j);
      if (c < '0' || c > '9') {
        return NOT_PLAIN;
      }
    }
    return Long.parseLong(text); // at most 18 digits: always fits
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** A text that stops at its limit: it keeps what fits, then fails the writer. */
  private static final class LimitedText implements Appendable {
    /** Thrown by an append past the limit; no stack trace, as it is control flow. */
    static final class Full extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Full() {
        super("limit reached", null, false, false);
      }
    }

    private final StringBuilder text = new StringBuilder();
    private final int limit;

    LimitedText(int limit) {
      this.limit = limit;
    }

    @Override
    public Appendable append(CharSequence s) {
      return append(s, 0, s.length());
    }

    @Override
    public Appendable append(CharSequence s, int start, int end) {
      int room = limit - text.length();
      if (end - start > room) {
        text.append(s, start, start + room);
        throw new Full();
      }
      text.append(s, start, end);
      return this;
    }

    @Override
    public Appendable append(char c) {
      if (text.length() == limit) {
        throw new Full();
      }
      text.append(c);
      return this;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
