package org.polybridge.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.polybridge.internal.time.Timeouts;

/**
 * How a function presents itself to the registry: its name, its argument names, the arguments
 * filled from variables when the caller leaves them out ({@code "session" -> "id"}, {@code "x" ->
 * "user.x?"}), and its own timeout ({@code null}: the host's default, 5 s; at most 24 hours: a
 * longer one, "for ever" included, is cut to 24 hours).
 *
 * <pre>{@code
 * new RpcDefinition("clear_session", List.of("session_id"), Map.of("session_id", "id"), null);
 * }</pre>
 */
public record RpcDefinition(String name, List<String> arguments, Map<String, String> references, Duration timeout) {
  /**
   * A definition; {@code timeout} is cut to 24 hours when longer.
   *
   * @throws IllegalArgumentException when {@code timeout} is zero or negative
   */
  public RpcDefinition {
    Objects.requireNonNull(name, "name == null");
    arguments = List.copyOf(arguments);
    references = Map.copyOf(references);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout : " + timeout + " (expected: > 0)");
    }
    timeout = Timeouts.clamp(timeout);
  }

  /** A function with plain arguments and the default timeout: {@code RpcDefinition.of("add", "a", "b")}. */
  public static RpcDefinition of(String name, String... arguments) {
    return new RpcDefinition(name, List.of(arguments), Map.of(), null);
  }

  /** The signature the registry knows it by: {@code name(a,b)} ({@link #signature(String, Collection)}). */
  public String signature() {
    return signature(name, arguments);
  }

  /**
   * The one rule that identifies a function: its name and the <em>set</em> of its argument names,
   * printed {@code name(a,b)} with the names sorted, so {@code f(a,b)} and {@code f(b,a)} are one
   * function and {@code f(a)} another. A call finds its function by the same rule, from the names
   * of the arguments it passes.
   *
   * <pre>{@code
   * RpcDefinition.signature("add", List.of("b", "a"));   // "add(a,b)"
   * }</pre>
   */
  public static String signature(String name, Collection<String> arguments) {
    return name + "(" + String.join(",", new TreeSet<>(arguments)) + ")";
  }
}
