package org.polybridge.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration as JSON values, for {@code iterm2.keys()}, {@code iterm2.triggers()} and
 * {@code iterm2.config_problems()} (and so {@code polybridge keys} and {@code polybridge triggers}):
 * what is active, and where each entry was written.
 */
public final class ConfigListing {
  private ConfigListing() {}

  /** Each binding: key, profile ({@code null}: every profile), invocation, origin, the sequences it matches. */
  public static List<Object> keys(UserConfig config) {
    List<Object> list = new ArrayList<>();
    for (KeyBinding k : config.keys()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", k.key().name());
      entry.put("profile", k.profile());
      entry.put("invocation", k.invocation());
      entry.put("origin", k.origin().toString());
      entry.put("sequences", new ArrayList<Object>(k.key().readableEncodings()));
      list.add(entry);
    }
    return list;
  }

  /** Each trigger: regex, partial, action, profile ({@code null}: every profile), origin. */
  public static List<Object> triggers(UserConfig config) {
    List<Object> list = new ArrayList<>();
    for (Trigger t : config.triggers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("regex", t.regex().pattern());
      entry.put("partial", t.partial());
      entry.put("action", t.action().describe());
      entry.put("profile", t.profile());
      entry.put("origin", t.origin().toString());
      list.add(entry);
    }
    return list;
  }

  /** The entries left out, each as {@code file:line:column: rule}. */
  public static List<Object> problems(UserConfig config) {
    List<Object> list = new ArrayList<>();
    config.problems().forEach(p -> list.add(p.toString()));
    return list;
  }
}
