package org.polybridge.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.polybridge.internal.json.Json;

/**
 * The variables of one context (a session, tab, window or the app), in iTerm2's model: each
 * context sees its own variables by bare name ({@code id}, {@code name}, {@code user.foo}) and
 * reaches the others through reference variables ({@code tab.title} from a session, {@code
 * currentSession.id} from a tab, {@code iterm2.pid} from anywhere).
 *
 * <p>Values are JSON values ({@code null}, booleans, numbers, strings, lists, maps). Setting {@code
 * null} unsets a variable. Monitors hear every change of a name in this context.
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

  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Variables>> references = new ConcurrentHashMap<>();
  private final List<Monitor> monitors = new CopyOnWriteArrayList<>();

  Variables() {}

  /**
   * Resolves a path as an invocation does: a leading reference name ({@code tab}, {@code window},
   * {@code currentSession}, {@code currentTab}, {@code iterm2}) moves to that context and the rest
   * is looked up there. Empty when unset, or when a reference on the way leads nowhere.
   */
  public Optional<Object> get(String path) {
    Variables scope = this;
    String rest = path;
    for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.')) {
      Supplier<Variables> reference = scope.references.get(rest.substring(0, dot));
      if (reference == null) {
        break;
      }
      scope = reference.get();
      if (scope == null) {
        return Optional.empty();
      }
      rest = rest.substring(dot + 1);
    }
    return Optional.ofNullable(scope.values.get(rest));
  }

  /**
   * Sets a variable of this context (no references are followed: {@code user.x} is a name of this
   * context). {@code null} unsets it. Monitors are told when the value changed.
   */
  public void set(String name, Object value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is empty");
    }
    Object normalized = Json.normalize(value);
    Object old = normalized == null ? values.remove(name) : values.put(name, normalized);
    if (!java.util.Objects.equals(old, normalized)) {
      monitors.forEach(m -> m.changed(name, normalized));
    }
  }

  /** Every variable of this context by name (reference variables not included). */
  public Map<String, Object> all() {
    return new LinkedHashMap<>(new java.util.TreeMap<>(values));
  }

  /** Adds a monitor of this context's variables; closing the returned handle removes it. */
  public AutoCloseable monitor(Monitor monitor) {
    monitors.add(monitor);
    return () -> monitors.remove(monitor);
  }

  void reference(String name, Supplier<Variables> target) {
    references.put(name, target);
  }
}
