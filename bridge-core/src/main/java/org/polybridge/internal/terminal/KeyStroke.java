package org.polybridge.internal.terminal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A key with modifiers, written as people write it ({@code ctrl+alt+c}, {@code f5}, {@code
 * shift+f12}, {@code alt+enter}, {@code ctrl+shift+up}), and the byte sequences terminals send
 * for it.
 *
 * <h2>Names</h2>
 * Words joined by {@code +}, case ignored: modifiers {@code ctrl} ({@code control}), {@code alt}
 * ({@code option}), {@code shift}, {@code super}, then one key: a letter or digit, a punctuation
 * character, {@code space}, {@code enter} ({@code return}), {@code tab}, {@code backspace},
 * {@code escape} ({@code esc}), {@code up}, {@code down}, {@code left}, {@code right}, {@code
 * home}, {@code end}, {@code insert}, {@code delete}, {@code pageup}, {@code pagedown}, {@code
 * f1}…{@code f12}, {@code plus} (the {@code +} key). {@code meta} is refused as ambiguous (alt in
 * some terminals, super in others), as is a key without a modifier that would take a character
 * from typing ({@code a}, {@code shift+a}) or {@code escape} alone, which starts every other key's
 * sequence.
 *
 * <h2>Encodings</h2>
 * What xterm sends: control characters for {@code ctrl+letter}, an ESC before the key for {@code
 * alt}, {@code CSI 1;m A} and {@code CSI 15;m ~} for modified cursor and function keys (both
 * {@code CSI A} and {@code SS3 A} for unmodified cursor keys), {@code CSI 27;m;code ~} for other
 * modified keys (xterm's modifyOtherKeys); and the kitty keyboard protocol's {@code CSI code;m u}.
 * When a key's legacy encoding is that of another key ({@code ctrl+i} is Tab, {@code ctrl+shift+c}
 * is {@code ctrl+c}, {@code shift+enter} is Enter), only the unambiguous forms are kept: such a
 * binding works where the terminal reports it (kitty protocol, modifyOtherKeys), and never steals
 * the other key.
 *
 * <pre>{@code
 * KeyStroke k = KeyStroke.parse("ctrl+alt+c");   // ESC 0x03, CSI 99;7u, CSI 27;7;99~
 * k.name();          // "ctrl+alt+c"
 * k.encodings();     // the byte sequences
 * }</pre>
 */
public record KeyStroke(String name, List<byte[]> encodings) {
  private static final int SHIFT = 1;
  private static final int ALT = 2;
  private static final int CTRL = 4;
  private static final int SUPER = 8;
  private static final String ESC = "\u001b";
  private static final String CSI = ESC + "[";
  private static final String SS3 = ESC + "O";

  private static final Map<String, Integer> MODIFIERS = Map.of("ctrl", CTRL, "control", CTRL, "alt", ALT,
      "option", ALT, "shift", SHIFT, "super", SUPER);
  private static final Map<String, String> ALIASES = Map.of("return", "enter", "esc", "escape", "del", "delete",
      "ins", "insert", "pgup", "pageup", "pgdn", "pagedown", "bs", "backspace", "plus", "+");
  /** Cursor keys: the final byte of their CSI / SS3 sequence. */
  private static final Map<String, Character> CURSOR = Map.of("up", 'A', "down", 'B', "right", 'C', "left", 'D',
      "home", 'H', "end", 'F');
  /** Keys sent as {@code CSI n ~}. */
  private static final Map<String, Integer> TILDE = Map.ofEntries(Map.entry("insert", 2), Map.entry("delete", 3),
      Map.entry("pageup", 5), Map.entry("pagedown", 6), Map.entry("f5", 15), Map.entry("f6", 17), Map.entry("f7", 18),
      Map.entry("f8", 19), Map.entry("f9", 20), Map.entry("f10", 21), Map.entry("f11", 23), Map.entry("f12", 24));
  /** F1–F4: {@code SS3 P} unmodified, {@code CSI 1;m P} modified. */
  private static final Map<String, Character> PF = Map.of("f1", 'P', "f2", 'Q', "f3", 'R', "f4", 'S');
  /** Keys that are one character, by the code the kitty protocol gives them. */
  private static final Map<String, Integer> CHARACTER_KEYS = Map.of("enter", 13, "tab", 9, "backspace", 127,
      "escape", 27, "space", 32);

  public KeyStroke {
    encodings = List.copyOf(encodings);
  }

  /**
   * The key stroke named {@code text}.
   *
   * @throws IllegalArgumentException naming the key and the rule it broke, when it is unknown,
   *     ambiguous, has no key or a modifier twice, or is a character typed without ctrl or alt
   */
  public static KeyStroke parse(String text) {
    String written = text.strip();
    if (written.isEmpty()) {
      throw failOn(text, "a key is empty (expected: a key such as ctrl+alt+c, f5 or shift+up)");
    }
    List<String> words = split(written.toLowerCase(Locale.ROOT), text);
    int modifiers = 0;
    for (String m : words.subList(0, words.size() - 1)) {
      if (m.equals("meta") || m.equals("cmd") || m.equals("command")) {
        throw failOn(text, "'" + m + "' is ambiguous (alt in some terminals, super in others): write alt or super");
      }
      Integer bit = MODIFIERS.get(m);
      if (bit == null) {
        throw failOn(text, "'" + m + "' is not a modifier (expected: ctrl, alt, shift or super, joined by +)");
      }
      if ((modifiers & bit) != 0) {
        throw failOn(text, "'" + m + "' is given twice");
      }
      modifiers |= bit;
    }
    String last = words.get(words.size() - 1);
    String key = ALIASES.getOrDefault(last, last);
    if (MODIFIERS.containsKey(key) || key.equals("meta")) {
      throw failOn(text, "it has modifiers but no key (expected: a key after them, as in ctrl+alt+c)");
    }
    if (!isKnown(key)) {
      throw failOn(text, "'" + last + "' is not a key (expected: a letter, digit or punctuation character, space, enter, tab,"
          + " backspace, escape, up, down, left, right, home, end, insert, delete, pageup, pagedown or f1 to f12)");
    }
    if (key.length() == 1 && (modifiers & (CTRL | ALT | SUPER)) == 0) {
      throw failOn(text, "without ctrl, alt or super it is a character the program should get when typed");
    }
    if (key.equals("escape") && modifiers == 0) {
      throw failOn(text, "escape alone starts the sequences of other keys (expected: a modifier with it, as in alt+escape)");
    }
    if (key.equals("space") && modifiers == SHIFT) {
      throw failOn(text, "shift+space is a space when typed (expected: ctrl or alt with it)");
    }
    String canonical = canonicalName(modifiers, key);
    return new KeyStroke(canonical, encode(modifiers, key));
  }

  /** The encodings as readable text ({@code \e[15;2~}), for listings. */
  public List<String> readableEncodings() {
    List<String> readable = new ArrayList<>();
    for (byte[] e : encodings) {
      StringBuilder s = new StringBuilder();
      for (byte b : e) {
        int c = b & 0xFF;
        if (c == 0x1b) {
          s.append("\\e");
        } else if (c < 0x20 || c == 0x7f) {
          s.append(String.format("\\x%02x", c));
        } else {
          s.append((char) c);
        }
      }
      readable.add(s.toString());
    }
    return readable;
  }

  private static List<String> split(String lower, String text) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < lower.length(); i++) {
      // a '+' is a separator unless it is the key itself: the last word, right after a separator
      if (lower.charAt(i) == '+' && !(i == lower.length() - 1 && i == start)) {
        words.add(lower.substring(start, i).strip());
        start = i + 1;
      }
    }
    words.add(lower.substring(start).strip());
    for (String w : words) {
      if (w.isEmpty()) {
        throw failOn(text, "it has an empty word between '+' signs (expected: words such as ctrl+alt+c; the + key is plus)");
      }
    }
    return words;
  }

  private static boolean isKnown(String key) {
    if (key.length() == 1) {
      char c = key.charAt(0);
      return c > ' ' && c < 0x7f;
    }
    return CURSOR.containsKey(key) || TILDE.containsKey(key) || PF.containsKey(key) || CHARACTER_KEYS.containsKey(key);
  }

  private static String canonicalName(int modifiers, String key) {
    StringBuilder s = new StringBuilder();
    if ((modifiers & CTRL) != 0) {
      s.append("ctrl+");
    }
    if ((modifiers & ALT) != 0) {
      s.append("alt+");
    }
    if ((modifiers & SHIFT) != 0) {
      s.append("shift+");
    }
    if ((modifiers & SUPER) != 0) {
      s.append("super+");
    }
    return s.append(key.equals("+") ? "plus" : key).toString();
  }

  private static List<byte[]> encode(int modifiers, String key) {
    Set<String> forms = new LinkedHashSet<>();
    int m = 1 + modifiers;
    if (CURSOR.containsKey(key)) {
      char f = CURSOR.get(key);
      if (modifiers == 0) {
        forms.add(CSI + f);
        forms.add(SS3 + f);
      } else {
        forms.add(CSI + "1;" + m + f);
      }
    } else if (PF.containsKey(key)) {
      char f = PF.get(key);
      forms.add(modifiers == 0 ? SS3 + f : CSI + "1;" + m + f);
    } else if (TILDE.containsKey(key)) {
      int n = TILDE.get(key);
      forms.add(modifiers == 0 ? CSI + n + "~" : CSI + n + ";" + m + "~");
    } else {
      characterKey(modifiers, key, forms);
    }
    List<byte[]> bytes = new ArrayList<>();
    for (String f : forms) {
      bytes.add(f.getBytes(StandardCharsets.ISO_8859_1));
    }
    return bytes;
  }

  /** Letters, digits, punctuation, space, enter, tab, backspace, escape. */
  private static void characterKey(int modifiers, String key, Set<String> forms) {
    int code = CHARACTER_KEYS.containsKey(key) ? CHARACTER_KEYS.get(key) : key.charAt(0);
    String legacy = legacy(modifiers, key, code);
    if (legacy != null) {
      forms.add(legacy);
    }
    int m = 1 + modifiers;
    if (!(CHARACTER_KEYS.containsKey(key) && modifiers == 0)) {
      forms.add(CSI + code + ";" + m + "u");
      forms.add(CSI + "27;" + m + ";" + code + "~");
    }
  }

  /**
   * What a terminal without extended key reporting sends, or null when that is also another key's
   * sequence (so a binding of it would steal that key) or there is none.
   */
  private static String legacy(int modifiers, String key, int code) {
    if ((modifiers & SUPER) != 0) {
      return null;
    }
    boolean alt = (modifiers & ALT) != 0;
    int rest = modifiers & ~ALT;
    String base;
    if (CHARACTER_KEYS.containsKey(key)) {
      base = switch (key) {
        case "enter" -> rest == 0 ? "\r" : null;
        case "tab" -> rest == 0 ? "\t" : rest == SHIFT ? CSI + "Z" : null;
        case "backspace" -> rest == 0 ? "\u007f" : rest == CTRL ? "\b" : null;
        case "escape" -> rest == 0 ? ESC : null;
        case "space" -> rest == 0 ? " " : rest == CTRL ? "\u0000" : null;
        default -> null;
      };
    } else {
      char c = (char) code;
      boolean letter = c >= 'a' && c <= 'z';
      if (rest == 0) {
        base = String.valueOf(c);
      } else if (rest == SHIFT) {
        base = letter ? String.valueOf(Character.toUpperCase(c)) : null; // shift+digit depends on the layout
      } else if (rest == CTRL && letter && c != 'i' && c != 'm' && c != 'h') {
        base = String.valueOf((char) (c & 0x1f)); // ctrl+i, ctrl+m and ctrl+h are Tab, Enter and (often) Backspace
      } else if (rest == CTRL && "@[\\]^_".indexOf(c) >= 0 && c != '[') {
        base = String.valueOf((char) (c & 0x1f));
      } else {
        base = null;
      }
    }
    if (base == null) {
      return null;
    }
    if (!alt) {
      return base;
    }
    // ESC [ and ESC O begin CSI and SS3 sequences: alt+[ and alt+shift+o cannot be told from them
    if (base.equals("[") || base.equals("O")) {
      return null;
    }
    return ESC + base;
  }

  private static IllegalArgumentException failOn(String key, String rule) {
    return new IllegalArgumentException("key '" + key + "' : " + rule);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyStroke k && k.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
