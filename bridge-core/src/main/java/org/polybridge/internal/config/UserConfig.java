package org.polybridge.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the user's configuration file holds, once read: key bindings and triggers, each with where
 * it was written, and the problems of the entries that were left out.
 */
public record UserConfig(List<KeyBinding> keys, List<Trigger> triggers, List<ConfigProblem> problems) {
  /** Nothing configured. */
  public static final UserConfig EMPTY = new UserConfig(List.of(), List.of(), List.of());

  public UserConfig {
    keys = List.copyOf(keys);
    triggers = List.copyOf(triggers);
    problems = List.copyOf(problems);
  }

  /**
   * The bindings active in a session of {@code profile}: every profile's, with those written for
   * this profile in their place when both bind a key.
   */
  public List<KeyBinding> keysFor(String profile) {
    Map<String, KeyBinding> byKey = new LinkedHashMap<>();
    for (KeyBinding k : keys) {
      if (k.profile() == null) {
        byKey.put(k.key().name(), k);
      }
    }
    for (KeyBinding k : keys) {
      if (k.profile() != null && k.profile().equals(profile)) {
        byKey.put(k.key().name(), k);
      }
    }
    return List.copyOf(byKey.values());
  }

  /** The triggers active in a session of {@code profile}: every profile's, then this profile's. */
  public List<Trigger> triggersFor(String profile) {
    List<Trigger> active = new ArrayList<>();
    for (Trigger t : triggers) {
      if (t.profile() == null || t.profile().equals(profile)) {
        active.add(t);
      }
    }
    return active;
  }
}
