package org.polybridge.host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.polybridge.json.Json;

/**
 * A profile: settings by iTerm2's keys ({@code "Name"}, {@code "Guid"}, {@code "Foreground
 * Color"}, {@code "Normal Font"}, …), each a JSON value; colours are objects of {@code "Red
 * Component"}, {@code "Green Component"}, {@code "Blue Component"} (0 to 1), {@code "Alpha
 * Component"} and {@code "Color Space"}. The app keeps the named profiles ({@link Profiles}); each
 * session has a profile of its own, a copy of the one it was opened with, which scripts change
 * without touching the named one.
 *
 * <pre>{@code
 * Profile p = session.profile();
 * p.set("Use Tab Color", true);
 * Object font = p.get("Normal Font").orElse(null);   // "Monaco 12"
 * }</pre>
 *
 * <p>Thread-safe. Which values a key takes is checked where scripts set them (the protocol's
 * requests), not here.
 */
public final class Profile {
  private final Map<String, Object> properties = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Object>> listeners = new CopyOnWriteArrayList<>();

  Profile(Map<String, ?> properties) {
    properties.forEach((k, v) -> this.properties.put(k, Objects.requireNonNull(Json.normalize(v), k)));
  }

  /** The profile's name ({@code "Name"}). */
  public String name() {
    return String.valueOf(properties.getOrDefault("Name", ""));
  }

  /** The profile's unique id ({@code "Guid"}). */
  public String guid() {
    return String.valueOf(properties.getOrDefault("Guid", ""));
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  /** Every property, sorted by key. */
  public Map<String, Object> all() {
    return new LinkedHashMap<>(new TreeMap<>(properties));
  }

  /** Sets a property ({@code null} removes it); listeners hear of a change. */
  public void set(String key, Object value) {
    Object normalized = Json.normalize(value);
    Object old = normalized == null ? properties.remove(key) : properties.put(key, normalized);
    if (!Objects.equals(old, normalized)) {
      listeners.forEach(l -> l.accept(key, normalized));
    }
  }

  /** Hears each changed property: its key and new value; closing the handle removes the listener. */
  public AutoCloseable addListener(BiConsumer<String, Object> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  Profile copy() {
    return new Profile(properties);
  }
}
