package org.polybridge.internal.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON text to and from the bridge's value model: {@code null}, {@link Boolean}, {@link Long},
 * {@link Double}, {@link String}, {@link List} and {@link Map} with string keys. Every value that
 * crosses a connection is JSON text; every value inside the bridge is one of these types.
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
    try {
      return normalize(GSON.fromJson(text, Object.class));
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("not valid JSON: " + abbreviate(text) + " (" + e.getMessage() + ")", e);
    }
  }

  /** Writes a value as JSON text; any other type is refused with {@link IllegalArgumentException}. */
  public static String write(Object value) {
    return GSON.toJson(normalize(value));
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
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (value instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Character c) {
      return c.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Object[] array) {
      return normalize(List.of(array));
    }
    throw new IllegalArgumentException(
        "value of type " + value.getClass().getName() + " is not a JSON value (expected: null, boolean, number, string, list or map)");
  }

  /** How a value reads inside a string interpolation: strings as they are, others as JSON. */
  public static String display(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return write(value);
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
