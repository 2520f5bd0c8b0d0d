package org.polybridge.internal.config;

/**
 * The longest piece of plain text every match of a regular expression contains, found by reading
 * the pattern, so that a line without it can be passed over with one {@link String#indexOf}
 * instead of a regex search ({@code ERROR (\w+)} needs {@code "ERROR "}; {@code (\d+)% done}
 * needs {@code "% done"}). Deliberately simple, and so sure: only characters at the pattern's top
 * level, outside groups, classes and escapes other than escaped punctuation, each without a
 * quantifier that could make it optional, count; a pattern with a top-level {@code |}, inline
 * flags or a {@code \Q} quote has none.
 *
 * <pre>{@code
 * RequiredText.of("WARN(?:ING)? (\\S+)");   // "WARN"
 * RequiredText.of("(?i)timeout");           // null: case folded
 * }</pre>
 */
public final class RequiredText {
  private static final String SPECIAL = "\\^$.|?*+()[]{}";

  private RequiredText() {}

  /** The text, or null when the pattern has none this reading can be sure of. */
  public static String of(String regex) {
    if (regex.contains("(?") && !onlyPlainGroups(regex) || regex.contains("\\Q")) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (depth > 0) {
        if (c == '\\') {
          i++;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == '[') {
          i = endOfClass(regex, i);
        }
        continue;
      }
      Character literal = null;
      int next = i + 1;
      if (c == '\\' && i + 1 < regex.length()) {
        char e = regex.charAt(i + 1);
        next = i + 2;
        if (!Character.isLetterOrDigit(e) && e < 0x80) {
          literal = e;
        }
      } else if (c == '|') {
        return null;
      } else if (c == '(') {
        depth++;
      } else if (c == '[') {
        next = endOfClass(regex, i) + 1;
      } else if (c == '{') {
        int close = regex.indexOf('}', i);
        next = close < 0 ? regex.length() : close + 1; // a repetition's bounds are no text
      } else if (SPECIAL.indexOf(c) < 0) {
        literal = c;
      }
      char after = next < regex.length() ? regex.charAt(next) : 0;
      boolean optional = after == '?' || after == '*' || (after == '{' && regex.startsWith("{0", next));
      if (literal != null && !optional) {
        run.append(literal.charValue());
        if (after == '+' || after == '{') {
          best = longer(best, run);
          run.setLength(0);
        }
      } else {
        best = longer(best, run);
        run.setLength(0);
      }
      i = next - 1;
    }
    best = longer(best, run);
    return best.isEmpty() ? null : best;
  }

  /** Whether every {@code (?} opens a non-capturing group ({@code (?:}), which changes no flag. */
  private static boolean onlyPlainGroups(String regex) {
    for (int i = regex.indexOf("(?"); i >= 0; i = regex.indexOf("(?", i + 2)) {
      if (!regex.startsWith("(?:", i) || (i > 0 && regex.charAt(i - 1) == '\\')) {
        return false;
      }
    }
    return true;
  }

  private static int endOfClass(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    for (; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return regex.length() - 1;
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }
}
