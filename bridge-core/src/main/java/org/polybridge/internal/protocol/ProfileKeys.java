package org.polybridge.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polybridge.json.Json;

/**
 * What the host knows of iTerm2's profile keys: their defaults, which values each takes, and the
 * control sequence through which a terminal shows a change (xterm's dynamic colours {@code OSC 4}
 * / {@code 10} / {@code 11} / {@code 12} / {@code 17}, iTerm2's tab colour {@code OSC 6} and badge
 * {@code OSC 1337;SetBadgeFormat}). Keys no terminal can show (fonts, transparency, blur) are only
 * kept. Also the colour presets shipped with polybridge ({@code color-presets.json}).
 */
public final class ProfileKeys {
  private static final Set<String> BOOLEANS = Set.of("Use Tab Color", "Blur", "Allow Title Setting", "Show Status Bar",
      "Unlimited Scrollback", "Blinking Cursor", "Use Bold Font", "Use Italic Font", "Use Non-ASCII Font",
      "Silence Bell", "Visual Bell", "Close Sessions On End", "Use Cursor Guide", "Use Underline Color",
      "Use Selected Text Color", "Smart Cursor Color", "Minimum Contrast", "Ambiguous Double Width");
  private static final Map<String, double[]> NUMBERS = Map.of(
      "Transparency", new double[] {0, 1}, "Blend", new double[] {0, 1}, "Blur Radius", new double[] {0, 64},
      "Horizontal Spacing", new double[] {0, 10}, "Vertical Spacing", new double[] {0, 10});
  private static final Map<String, long[]> INTEGERS = Map.of(
      "Columns", new long[] {1, 10000}, "Rows", new long[] {1, 10000}, "Scrollback Lines", new long[] {0, Integer.MAX_VALUE},
      "Cursor Type", new long[] {0, 2}, "Title Components", new long[] {0, Integer.MAX_VALUE});
  private static final Set<String> STRINGS = Set.of("Name", "Guid", "Normal Font", "Non Ascii Font", "Command",
      "Custom Command", "Badge Text", "Working Directory", "Custom Directory", "Terminal Type", "Initial Text",
      "Background Image Location", "Original Guid", "Dynamic Profile Parent Name");
  private static final Map<String, Map<String, Object>> PRESETS = loadPresets();

  private ProfileKeys() {}

  /** Every key's value in a new profile: iTerm2's defaults, colours of "Dark Background". */
  public static Map<String, Object> defaults() {
    Map<String, Object> d = new HashMap<>(PRESETS.get("Dark Background"));
    d.put("Tab Color", color(0, 0, 0));
    d.put("Badge Color", color(255, 0, 0));
    d.put("Use Tab Color", false);
    d.put("Normal Font", "Monaco 12");
    d.put("Non Ascii Font", "Monaco 12");
    d.put("Use Non-ASCII Font", false);
    d.put("Transparency", 0.0);
    d.put("Blend", 0.3);
    d.put("Blur", false);
    d.put("Blur Radius", 2.0);
    d.put("Columns", 80L);
    d.put("Rows", 24L);
    d.put("Custom Command", "No");
    d.put("Command", "");
    d.put("Custom Directory", "No");
    d.put("Working Directory", "");
    d.put("Allow Title Setting", true);
    d.put("Badge Text", "");
    d.put("Show Status Bar", false);
    d.put("Scrollback Lines", 1000L);
    d.put("Unlimited Scrollback", false);
    d.put("Cursor Type", 2L);
    d.put("Blinking Cursor", false);
    d.put("Terminal Type", "xterm-256color");
    d.put("Close Sessions On End", true);
    d.put("Title Components", 1L);
    d.put("Use Bold Font", true);
    d.put("Use Italic Font", true);
    d.put("Horizontal Spacing", 1.0);
    d.put("Vertical Spacing", 1.0);
    d.put("Silence Bell", false);
    d.put("Visual Bell", false);
    d.put("Tags", List.of());
    return d;
  }

  /**
   * Checks a value for a key and returns it as the profile keeps it: colour components and numbers
   * as doubles, whichever language's JSON wrote them ({@code 1} from JavaScript, {@code 1.0} from
   * Python), so that every client reads back the same. Keys not known here take any JSON value.
   *
   * @throws IllegalArgumentException naming the key, the value and what it should be
   */
  public static Object checked(String key, Object value) {
    if (value == null) {
      return null;
    }
    String expected = null;
    if (BOOLEANS.contains(key) || key.startsWith("Use ")) {
      if (!(value instanceof Boolean)) {
        expected = "true or false";
      }
    } else if (key.endsWith(" Color") && !(value instanceof Map<?, ?> m && isColor(m))) {
      expected = "a colour: {\"Red Component\": r, \"Green Component\": g, \"Blue Component\": b} with each from 0 to 1";
    } else if (NUMBERS.containsKey(key)) {
      double[] range = NUMBERS.get(key);
      if (!(value instanceof Number n) || n.doubleValue() < range[0] || n.doubleValue() > range[1]) {
        expected = "a number from " + range[0] + " to " + range[1];
      }
    } else if (INTEGERS.containsKey(key)) {
      long[] range = INTEGERS.get(key);
      if (!(value instanceof Long n) || n < range[0] || n > range[1]) {
        expected = "a whole number from " + range[0] + " to " + range[1];
      }
    } else if (STRINGS.contains(key) && !(value instanceof String)) {
      expected = "a string";
    }
    if (expected != null) {
      throw new IllegalArgumentException("profile property " + key + " : " + Json.write(value) + " (expected: " + expected + ")");
    }
    if (value instanceof Map<?, ?> color && key.endsWith(" Color")) {
      Map<String, Object> doubles = new LinkedHashMap<>();
      color.forEach((k, v) -> doubles.put(k.toString(), k.toString().endsWith(" Component") && v instanceof Number n ? n.doubleValue() : v));
      return doubles;
    }
    return NUMBERS.containsKey(key) ? ((Number) value).doubleValue() : value;
  }

  /**
   * The bytes that show a change of {@code key} in a terminal, given the profile after the change
   * ({@code value} is the key's new value, {@code profile} the rest); empty for keys no terminal
   * shows.
   */
  public static Optional<byte[]> sequence(String key, Object value, Map<String, Object> profile) {
    String osc = null;
    if (key.equals("Foreground Color") && value instanceof Map<?, ?> c) {
      osc = "10;" + xterm(c);
    } else if (key.equals("Background Color") && value instanceof Map<?, ?> c) {
      osc = "11;" + xterm(c);
    } else if (key.equals("Cursor Color") && value instanceof Map<?, ?> c) {
      osc = "12;" + xterm(c);
    } else if (key.equals("Selection Color") && value instanceof Map<?, ?> c) {
      osc = "17;" + xterm(c);
    } else if (key.startsWith("Ansi ") && key.endsWith(" Color") && value instanceof Map<?, ?> c) {
      osc = "4;" + key.substring(5, key.length() - 6) + ";" + xterm(c);
    } else if (key.equals("Tab Color") || key.equals("Use Tab Color")) {
      osc = tabColor(profile);
    } else if (key.equals("Badge Text")) {
      osc = "1337;SetBadgeFormat=" + Base64.getEncoder().encodeToString(String.valueOf(value == null ? "" : value)
          .getBytes(StandardCharsets.UTF_8));
    }
    return Optional.ofNullable(osc).map(s -> ("\033]" + s + "\007").getBytes(StandardCharsets.UTF_8));
  }

  /** The names of the colour presets polybridge ships, sorted. */
  public static List<String> presetNames() {
    return PRESETS.keySet().stream().sorted().toList();
  }

  /** A preset's colours by profile key; empty when there is none of that name. */
  public static Optional<Map<String, Object>> preset(String name) {
    return Optional.ofNullable(PRESETS.get(name));
  }

  /** iTerm2's tab colour: one sequence per component, or the default when tab colours are off. */
  private static String tabColor(Map<String, Object> profile) {
    if (!Boolean.TRUE.equals(profile.get("Use Tab Color")) || !(profile.get("Tab Color") instanceof Map<?, ?> c)) {
      return "6;1;bg;*;default";
    }
    // iTerm2 takes one component per sequence: three, the caller adds the first ESC ] and last BEL
    return "6;1;bg;red;brightness;" + byteOf(c, "Red Component") + "\007\033]6;1;bg;green;brightness;"
        + byteOf(c, "Green Component") + "\007\033]6;1;bg;blue;brightness;" + byteOf(c, "Blue Component");
  }

  private static String xterm(Map<?, ?> color) {
    return String.format(Locale.ROOT, "rgb:%04x/%04x/%04x", sixteen(color, "Red Component"),
        sixteen(color, "Green Component"), sixteen(color, "Blue Component"));
  }

  private static int sixteen(Map<?, ?> color, String component) {
    return (int) Math.round(((Number) color.get(component)).doubleValue() * 0xffff);
  }

  private static int byteOf(Map<?, ?> color, String component) {
    return (int) Math.round(((Number) color.get(component)).doubleValue() * 255);
  }

  private static boolean isColor(Map<?, ?> m) {
    for (String c : List.of("Red Component", "Green Component", "Blue Component")) {
      if (!(m.get(c) instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        return false;
      }
    }
    Object alpha = m.get("Alpha Component");
    return alpha == null || alpha instanceof Number;
  }

  static Map<String, Object> color(int red, int green, int blue) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Red Component", red / 255.0);
    c.put("Green Component", green / 255.0);
    c.put("Blue Component", blue / 255.0);
    c.put("Alpha Component", 1.0);
    c.put("Color Space", "sRGB");
    return c;
  }

  private static Map<String, Map<String, Object>> loadPresets() {
    try (InputStream in = ProfileKeys.class.getResourceAsStream("color-presets.json")) {
      if (in == null) {
        throw new IllegalStateException("color-presets.json is missing from bridge-core");
      }
      Map<String, Map<String, Object>> presets = new LinkedHashMap<>();
      ((Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))).forEach((name, colors) -> {
        Map<String, Object> preset = new LinkedHashMap<>();
        ((Map<?, ?>) colors).forEach((key, hex) -> {
          int rgb = Integer.parseInt(((String) hex).substring(1), 16);
          preset.put((String) key, color(rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff));
        });
        presets.put((String) name, Map.copyOf(preset));
      });
      return Map.copyOf(presets);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
