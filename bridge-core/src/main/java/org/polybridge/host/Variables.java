package org.polybridge.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.polybridge.json.Json;

/**
 * The variables of one context (a session, tab, window or the app), in iTerm2's model: each
 * context sees its own variables by bare name ({@code id}, {@code name}, {@code user.foo}) and
 * reaches the others through reference variables ({@code tab.title} from a session, {@code
 * currentSession.id} from a tab, {@code iterm2.pid} from anywhere).
 *
 * <p>Values are JSON values ({@code null}, booleans, numbers, strings, lists, maps). Setting {@code
 * null} unsets a variable. Monitors hear every change of a name in this context.
 *
 * <p>Sizes are bounded, so that no client or program can fill the host's memory through them: a
 * value is at most {@link #MAX_VALUE_LENGTH} characters of JSON text (1 MiB), and the {@code user.}
 * variables of one context together at most {@link #MAX_USER_TOTAL_LENGTH} (16 MiB, so that all of
 * them fit in one answer). A {@link #set} past either is refused with {@link
 * IllegalArgumentException}.
 *
 * <pre>{@code
 * session.variables().set("user.branch", "main");
 * Optional<Object> title = session.variables().get("tab.title");
 * }</pre>
 */
public final class Variables {
  /** Hears a change of a variable: its name and new value ({@code null} when unset). */
  @FunctionalInterface
  public interface Monitor {
    void changed(String name, Object newValue);
  }

  /** The longest value, in characters of its JSON text: 1 MiB. */
  public static final int MAX_VALUE_LENGTH = 1 << 20;
  /** The most the {@code user.} variables of one context may hold together, in characters of JSON text: 16 MiB. */
  public static final int MAX_USER_TOTAL_LENGTH = 16 << 20;

  private final Map<String, Object> values = new ConcurrentHashMap<>();
  /** The JSON length of each {@code user.} variable, and their sum; guarded by {@code this}. */
  private final Map<String, Integer> userLengths = new java.util.HashMap<>();
  private long userTotalLength;
  private final Map<String, Supplier<Variables>> references = new ConcurrentHashMap<>();
  private final List<Monitor> monitors = new CopyOnWriteArrayList<>();

  /** For a scope made by {@link #withLocals}: the context it reads through to, and its own names. */
  private final Variables context;
  private final Map<String, Object> locals;

  Variables() {
    this.context = null;
    this.locals = Map.of();
  }

  private Variables(Variables context, Map<String, Object> locals) {
    this.context = context;
    this.locals = locals;
  }

  /**
   * A scope for one evaluation: {@code locals} by their exact names ({@code matches}, {@code
   * trigger.input}) first, then this context's variables. Setting and monitoring reach this
   * context; the locals are fixed.
   *
   * <pre>{@code
   * Variables scope = session.variables().withLocals(Map.of("matches", List.of("ERROR disk", "disk")));
   * }</pre>
   */
  public Variables withLocals(Map<String, ?> locals) {
    Map<String, Object> copy = new java.util.HashMap<>();
    locals.forEach((k, v) -> copy.put(k, Json.normalize(v)));
    Variables target = context != null ? context : this;
    if (context != null) {
      this.locals.forEach(copy::putIfAbsent);
    }
    return new Variables(target, java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * Resolves a path as an invocation does: a leading reference name ({@code tab}, {@code window},
   * {@code currentSession}, {@code currentTab}, {@code iterm2}) moves to that context and the rest
   * is looked up there. Empty when unset, or when a reference on the way leads nowhere.
   */
  public Optional<Object> get(String path) {
    if (context != null) {
      return locals.containsKey(path) ? Optional.ofNullable(locals.get(path)) : context.get(path);
    }
    Map.Entry<Variables, String> at = resolve(path);
    return at == null ? Optional.empty() : Optional.ofNullable(at.getKey().values.get(at.getValue()));
  }

  /**
   * Monitors a path as {@link #get} resolves it: {@code tab.user.x} from a session hears the
   * tab's {@code user.x}. The monitor is told the path, not the name in the other context. The
   * references on the way are followed once, now (a {@code currentSession} that changes later is
   * not followed); a path that leads nowhere now is monitored in this context.
   */
  public AutoCloseable monitorPath(String path, Monitor monitor) {
    if (context != null) {
      return context.monitorPath(path, monitor);
    }
    Map.Entry<Variables, String> at = resolve(path);
    Variables scope = at == null ? this : at.getKey();
    String name = at == null ? path : at.getValue();
    return scope.monitor((changed, value) -> {
      if (changed.equals(name)) {
        monitor.changed(path, value);
      }
    });
  }

  /** The context and the name in it that a path leads to; null when a reference on the way leads nowhere. */
  private Map.Entry<Variables, String> resolve(String path) {
    Variables scope = this;
    String rest = path;
    for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.')) {
      Supplier<Variables> reference = scope.references.get(rest.substring(0, dot));
      if (reference == null) {
        break;
      }
      scope = reference.get();
      if (scope == null) {
        return null;
      }
      rest = rest.substring(dot + 1);
    }
    return Map.entry(scope, rest);
  }

  /**
   * Sets a variable of this context (no references are followed: {@code user.x} is a name of this
   * context). {@code null} unsets it. Monitors are told when the value changed.
   *
   * @throws IllegalArgumentException when the name is empty, the value is not a JSON value, its
   *     text is longer than {@link #MAX_VALUE_LENGTH}, or the {@code user.} variables would hold
   *     more than {@link #MAX_USER_TOTAL_LENGTH}; the variable keeps its value then
   */
  public void set(String name, Object value) {
    if (context != null) {
      context.set(name, value);
      return;
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is empty");
    }
    Object normalized = Json.normalize(value);
    int length = normalized == null ? 0 : Json.writeWithin(normalized, MAX_VALUE_LENGTH)
        .orElseThrow(() -> new IllegalArgumentException("value of " + name + " : more than " + MAX_VALUE_LENGTH
            + " characters of JSON (expected: at most 1 MiB)"))
        .length();
    Object old;
    synchronized (this) {
      if (name.startsWith("user.")) {
        account(name, length);
      }
      old = normalized == null ? values.remove(name) : values.put(name, normalized);
    }
    if (!java.util.Objects.equals(old, normalized)) {
      monitors.forEach(m -> m.changed(name, normalized));
    }
  }

  private void account(String name, int length) {
    int previous = userLengths.getOrDefault(name, 0);
    long total = userTotalLength - previous + length;
    if (total > MAX_USER_TOTAL_LENGTH) {
      throw new IllegalArgumentException("value of " + name + " : the user. variables of this context would hold " + total
          + " characters of JSON (expected: at most " + MAX_USER_TOTAL_LENGTH + ", 16 MiB, in all)");
    }
    if (length == 0) {
      userLengths.remove(name);
    } else {
      userLengths.put(name, length);
    }
    userTotalLength = total;
  }

  /** Every variable of this context by name (reference variables not included). */
  public Map<String, Object> all() {
    if (context != null) {
      return context.all();
    }
    return new LinkedHashMap<>(new java.util.TreeMap<>(values));
  }

  /** Adds a monitor of this context's variables; closing the returned handle removes it. */
  public AutoCloseable monitor(Monitor monitor) {
    if (context != null) {
      return context.monitor(monitor);
    }
    monitors.add(monitor);
    return () -> monitors.remove(monitor);
  }

  void reference(String name, Supplier<Variables> target) {
    references.put(name, target);
  }
}
