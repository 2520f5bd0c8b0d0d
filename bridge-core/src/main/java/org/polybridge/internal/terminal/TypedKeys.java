package org.polybridge.internal.terminal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a terminal's input bytes are as keys, in iTerm2's terms (its {@code KeystrokeNotification}):
 * the characters, the characters without modifiers, the modifiers ({@code CONTROL}, {@code OPTION},
 * {@code SHIFT}, {@code FUNCTION}) and the macOS virtual key code iTerm2's {@code Keycode} names.
 * A terminal sends bytes, not key events: Ctrl-A is {@code 0x01}, Alt-x is {@code ESC x}, F5 is
 * {@code CSI 15 ~}; keys with no code of their own are the character's ({@code 0} for letters it
 * does not know, as {@code ANSI_A}).
 *
 * <pre>{@code
 * for (TypedKeys.Key key : TypedKeys.decode(bytes, 0, n)) { … key.bytes() … }
 * }</pre>
 */
public final class TypedKeys {
  private TypedKeys() {}

  /** One key: the bytes it came as, and what iTerm2 would say of it. */
  public record Key(byte[] bytes, String characters, String charactersIgnoringModifiers, List<String> modifiers, int keyCode) {
    public Key {
      modifiers = List.copyOf(modifiers);
    }

    /** The key as a KeystrokeNotification's fields, by the wire's names. */
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("characters", characters);
      m.put("charactersIgnoringModifiers", charactersIgnoringModifiers);
      m.put("modifiers", new ArrayList<Object>(modifiers));
      m.put("keyCode", (long) keyCode);
      return m;
    }
  }

  private static final String LETTER_CODES = "abcdefghijklmnopqrstuvwxyz";
  private static final int[] LETTER_KEYCODES = {0x00, 0x0B, 0x08, 0x02, 0x0E, 0x03, 0x05, 0x04, 0x22, 0x26, 0x28, 0x25,
      0x2E, 0x2D, 0x1F, 0x23, 0x0C, 0x0F, 0x01, 0x11, 0x20, 0x09, 0x0D, 0x07, 0x10, 0x06};
  private static final String DIGITS = "0123456789";
  private static final int[] DIGIT_KEYCODES = {0x1D, 0x12, 0x13, 0x14, 0x15, 0x17, 0x16, 0x1A, 0x1C, 0x19};
  private static final Map<Character, Integer> CURSOR = Map.of('A', 0x7E, 'B', 0x7D, 'C', 0x7C, 'D', 0x7B, 'H', 0x73, 'F', 0x77,
      'P', 0x7A, 'Q', 0x78, 'R', 0x63, 'S', 0x76);
  private static final Map<Integer, Integer> TILDE = Map.ofEntries(Map.entry(1, 0x73), Map.entry(2, 0x72), Map.entry(3, 0x75),
      Map.entry(4, 0x77), Map.entry(5, 0x74), Map.entry(6, 0x79), Map.entry(7, 0x73), Map.entry(8, 0x77), Map.entry(11, 0x7A),
      Map.entry(12, 0x78), Map.entry(13, 0x63), Map.entry(14, 0x76), Map.entry(15, 0x60), Map.entry(17, 0x61), Map.entry(18, 0x62),
      Map.entry(19, 0x64), Map.entry(20, 0x65), Map.entry(21, 0x6D), Map.entry(23, 0x67), Map.entry(24, 0x6F));

  /** The keys in {@code bytes}, in order; bytes that are no whole key come as one key of their text. */
  public static List<Key> decode(byte[] bytes, int offset, int length) {
    List<Key> keys = new ArrayList<>();
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int b = bytes[i] & 0xFF;
      int next;
      Key key;
      if (b == 0x1b && i + 1 < end && (bytes[i + 1] == '[' || bytes[i + 1] == 'O')) {
        next = sequenceEnd(bytes, i + 2, end);
        key = sequence(bytes, i, next);
      } else if (b == 0x1b && i + 1 < end) {
        next = characterEnd(bytes, i + 1, end);
        Key plain = single(bytes, i + 1, next);
        List<String> modifiers = new ArrayList<>(plain.modifiers());
        modifiers.add("OPTION");
        key = new Key(java.util.Arrays.copyOfRange(bytes, i, next), plain.characters(), plain.charactersIgnoringModifiers(), modifiers,
            plain.keyCode());
      } else {
        next = characterEnd(bytes, i, end);
        key = single(bytes, i, next);
      }
      keys.add(key);
      i = next;
    }
    return keys;
  }

  private static int characterEnd(byte[] bytes, int from, int end) {
    int b = bytes[from] & 0xFF;
    int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return Math.min(end, from + length);
  }

  private static int sequenceEnd(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end && ((bytes[i] & 0xFF) < 0x40 || (bytes[i] & 0xFF) > 0x7e)) {
      i++;
    }
    return Math.min(end, i + 1);
  }

  private static Key single(byte[] bytes, int from, int to) {
    byte[] raw = java.util.Arrays.copyOfRange(bytes, from, to);
    int b = bytes[from] & 0xFF;
    String text = new String(raw, StandardCharsets.UTF_8);
    return switch (b) {
      case 0x1b -> new Key(raw, text, text, List.of(), 0x35);
      case 0x0d, 0x0a -> new Key(raw, "\r", "\r", List.of(), 0x24);
      case 0x09 -> new Key(raw, "\t", "\t", List.of(), 0x30);
      case 0x7f, 0x08 -> new Key(raw, "\u007f", "\u007f", List.of(), 0x33);
      case 0x20 -> new Key(raw, " ", " ", List.of(), 0x31);
      default -> {
        if (b < 0x20) {
          String letter = String.valueOf((char) (b == 0 ? '@' : 'a' + b - 1));
          int code = b >= 1 && b <= 26 ? LETTER_KEYCODES[b - 1] : 0;
          yield new Key(raw, text, letter, List.of("CONTROL"), code);
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        List<String> modifiers = !text.equals(lower) ? List.of("SHIFT") : List.of();
        yield new Key(raw, text, lower, modifiers, keyCode(lower));
      }
    };
  }

  private static int keyCode(String lower) {
    if (lower.length() == 1) {
      int letter = LETTER_CODES.indexOf(lower.charAt(0));
      if (letter >= 0) {
        return LETTER_KEYCODES[letter];
      }
      int digit = DIGITS.indexOf(lower.charAt(0));
      if (digit >= 0) {
        return DIGIT_KEYCODES[digit];
      }
    }
    return 0;
  }

  /** {@code CSI …} or {@code SS3 …}: cursor, editing and function keys, with xterm's modifier parameter. */
  private static Key sequence(byte[] bytes, int from, int to) {
    byte[] raw = java.util.Arrays.copyOfRange(bytes, from, to);
    String body = new String(bytes, from + 2, Math.max(0, to - from - 3), StandardCharsets.ISO_8859_1);
    char last = (char) (bytes[to - 1] & 0xFF);
    String[] parameters = body.isEmpty() ? new String[0] : body.split(";");
    List<String> modifiers = new ArrayList<>();
    if (parameters.length > 1) {
      try {
        int m = Integer.parseInt(parameters[1]) - 1;
        if ((m & 1) != 0) {
          modifiers.add("SHIFT");
        }
        if ((m & 2) != 0) {
          modifiers.add("OPTION");
        }
        if ((m & 4) != 0) {
          modifiers.add("CONTROL");
        }
      } catch (NumberFormatException e) {
        // not xterm's modifier parameter: none
      }
    }
    modifiers.add("FUNCTION");
    int code = 0;
    if (last == '~' && parameters.length > 0) {
      try {
        code = TILDE.getOrDefault(Integer.parseInt(parameters[0]), 0);
      } catch (NumberFormatException e) {
        code = 0;
      }
    } else {
      code = CURSOR.getOrDefault(last, 0);
    }
    // iTerm2 reports function keys as the private-use characters of macOS (NSUpArrowFunctionKey …)
    String characters = String.valueOf((char) (0xF700 + functionIndex(code)));
    return new Key(raw, characters, characters, modifiers, code);
  }

  private static int functionIndex(int keyCode) {
    return switch (keyCode) {
      case 0x7E -> 0x00; case 0x7D -> 0x01; case 0x7B -> 0x02; case 0x7C -> 0x03;
      case 0x7A -> 0x04; case 0x78 -> 0x05; case 0x63 -> 0x06; case 0x76 -> 0x07; case 0x60 -> 0x08; case 0x61 -> 0x09;
      case 0x62 -> 0x0A; case 0x64 -> 0x0B; case 0x65 -> 0x0C; case 0x6D -> 0x0D; case 0x67 -> 0x0E; case 0x6F -> 0x0F;
      case 0x72 -> 0x27; case 0x75 -> 0x28; case 0x73 -> 0x29; case 0x77 -> 0x2B; case 0x74 -> 0x2C; case 0x79 -> 0x2D;
      default -> 0x4F;
    };
  }

  /**
   * Whether {@code key} matches a KeystrokePattern given as its wire fields ({@code
   * required_modifiers}, {@code forbidden_modifiers}, {@code keycodes}, {@code characters}, {@code
   * characters_ignoring_modifiers}): every required modifier, no forbidden one, and one of the
   * codes or characters the pattern names (any key when it names none).
   */
  public static boolean matches(Key key, Map<?, ?> pattern) {
    for (Object m : list(pattern, "required_modifiers")) {
      if (!key.modifiers().contains(String.valueOf(m))) {
        return false;
      }
    }
    for (Object m : list(pattern, "forbidden_modifiers")) {
      if (key.modifiers().contains(String.valueOf(m))) {
        return false;
      }
    }
    List<?> codes = list(pattern, "keycodes");
    List<?> characters = list(pattern, "characters");
    List<?> ignoring = list(pattern, "characters_ignoring_modifiers");
    if (codes.isEmpty() && characters.isEmpty() && ignoring.isEmpty()) {
      return true;
    }
    return codes.stream().anyMatch(c -> c instanceof Number n && n.intValue() == key.keyCode())
        || characters.contains(key.characters()) || ignoring.contains(key.charactersIgnoringModifiers());
  }

  private static List<?> list(Map<?, ?> pattern, String name) {
    return pattern.get(name) instanceof List<?> l ? l : List.of();
  }
}
