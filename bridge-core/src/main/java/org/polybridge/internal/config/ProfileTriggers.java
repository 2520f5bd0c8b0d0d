package org.polybridge.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.polybridge.ExpressionSyntaxException;
import org.polybridge.internal.expr.Expression;
import org.polybridge.internal.expr.InvocationParser;

/**
 * The triggers a profile holds in its {@code Triggers} key, as iTerm2's library writes them
 * ({@code {"regex", "action", "parameter", "partial", "disabled"}}; a script sets them with
 * {@code profile.async_set_triggers}), made into {@link Trigger}s beside the configuration file's.
 * The actions that mean something here are iTerm2's {@code iTermRPCTrigger} (the parameter is an
 * invocation), {@code iTermInjectTrigger} and {@code iTermSetUserVariableTrigger} (name and value
 * joined by U+0001); parameters read {@code \(matches[1])} as the configuration file's do. Other
 * actions, disabled triggers and event triggers are passed over; what cannot be read is reported
 * to {@code problems}, naming the entry.
 *
 * <pre>{@code
 * List<Trigger> triggers = ProfileTriggers.of(
 *     List.of(Map.of("regex", "ERROR (\\w+)", "action", "iTermRPCTrigger", "parameter", "on_error(text: matches[1])")),
 *     "Default", problem -> System.err.println(problem));
 * }</pre>
 */
public final class ProfileTriggers {
  /** The profile key that holds them. */
  public static final String KEY = "Triggers";

  private ProfileTriggers() {}

  /** The triggers in {@code encoded} (the key's value; {@code null}: none) of the profile named {@code profile}. */
  public static List<Trigger> of(Object encoded, String profile, Consumer<String> problems) {
    if (encoded == null) {
      return List.of();
    }
    if (!(encoded instanceof List<?> list)) {
      problems.accept("profile " + profile + ": " + KEY + " is not a list of triggers");
      return List.of();
    }
    List<Trigger> triggers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "profile " + profile + ", trigger " + (i + 1);
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        problems.accept(where + ": not a trigger ({\"regex\", \"action\", \"parameter\"})");
        continue;
      }
      if (Boolean.TRUE.equals(entry.get("disabled")) || entry.get("matchType") instanceof Number n && n.intValue() >= 100) {
        continue; // switched off, or an event trigger (prompts, idle…), which no line matches
      }
      Trigger t = trigger(entry, profile, i + 1, where, problems);
      if (t != null) {
        triggers.add(t);
      }
    }
    return List.copyOf(triggers);
  }

  private static Trigger trigger(Map<?, ?> entry, String profile, int number, String where, Consumer<String> problems) {
    if (!(entry.get("regex") instanceof String regex) || !(entry.get("action") instanceof String action)) {
      problems.accept(where + ": regex and action must be strings");
      return null;
    }
    String parameter = entry.get("parameter") instanceof String p ? p : "";
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.accept(where + ": regex '" + regex + "' is not a regular expression: " + e.getDescription());
      return null;
    }
    Trigger.Action act;
    try {
      act = switch (action) {
        case "iTermRPCTrigger" -> {
          InvocationParser.parse(parameter);
          yield new Trigger.Invoke(parameter);
        }
        case "iTermInjectTrigger" -> {
          String text = literal(parameter);
          yield new Trigger.Inject(text, interpolated(text));
        }
        case "iTermSetUserVariableTrigger" -> {
          int split = parameter.indexOf('\u0001');
          String name = split < 0 ? parameter : parameter.substring(0, split);
          String value = split < 0 ? "" : parameter.substring(split + 1);
          String text = literal(value);
          yield new Trigger.SetVariable(name.startsWith("user.") ? name : "user." + name, text, interpolated(text));
        }
        default -> null;
      };
    } catch (ExpressionSyntaxException | IllegalArgumentException e) {
      problems.accept(where + ": parameter '" + parameter + "' of " + action + ": " + e.getMessage());
      return null;
    }
    if (act == null) {
      problems.accept(where + ": " + action + " does nothing on this host (expected: iTermRPCTrigger, iTermInjectTrigger"
          + " or iTermSetUserVariableTrigger); passed over");
      return null;
    }
    return Trigger.of(pattern, Boolean.TRUE.equals(entry.get("partial")), act, profile, new Origin(Path.of("profile " + profile), number));
  }

  /**
   * iTerm2's parameter as the body of a string of the invocation language: {@code \1} (iTerm2's
   * capture) becomes {@code \(matches[1])}, {@code \(…)} stays interpolation, quotes and other
   * backslashes are escaped.
   */
  static String literal(String parameter) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parameter.length(); i++) {
      char c = parameter.charAt(i);
      char next = i + 1 < parameter.length() ? parameter.charAt(i + 1) : 0;
      if (c == '\\' && Character.isDigit(next)) {
        b.append("\\(matches[").append(next).append("])");
        i++;
      } else if (c == '\\' && next == '(') {
        b.append(c);
      } else if (c == '\\' || c == '"') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static Expression interpolated(String text) {
    return Trigger.text(text).orElseThrow(() -> new IllegalArgumentException("not text with \\(…) interpolation"));
  }
}
