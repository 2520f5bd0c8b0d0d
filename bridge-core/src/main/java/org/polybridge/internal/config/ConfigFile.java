package org.polybridge.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.polybridge.ExpressionSyntaxException;
import org.polybridge.UserFolders;
import org.polybridge.internal.expr.Expression;
import org.polybridge.internal.expr.InvocationParser;
import org.polybridge.internal.terminal.KeyStroke;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the user's configuration file ({@link UserFolders#configFile()}, docs/CONFIG.md):
 * TOML with a {@code [keys]} table, a {@code [[triggers]]} array, and both again per profile under
 * {@code [profiles.NAME]}. Every entry is checked on its own: one that breaks a rule is left out
 * with a {@link ConfigProblem} naming its line, column and the rule, and the rest applies.
 *
 * <pre>{@code
 * UserConfig config = ConfigFile.parse(Path.of("config.toml"), "[keys]\n\"f5\" = \"refresh()\"\n");
 * }</pre>
 */
public final class ConfigFile {
  private static final Set<String> SECTIONS = Set.of("keys", "triggers", "profiles");
  private static final Set<String> PROFILE_SECTIONS = Set.of("keys", "triggers");
  private static final Set<String> TRIGGER_FIELDS = Set.of("regex", "partial", "invoke", "set_variable", "value", "inject");

  private final Path file;
  private final List<KeyBinding> keys = new ArrayList<>();
  private final List<Trigger> triggers = new ArrayList<>();
  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigFile(Path file) {
    this.file = file;
  }

  /** The configuration {@code text} (the content of {@code file}) holds. */
  public static UserConfig parse(Path file, String text) {
    ConfigFile reader = new ConfigFile(file);
    reader.read(Toml.parse(text));
    return new UserConfig(reader.keys, reader.triggers, reader.problems);
  }

  private void read(TomlParseResult toml) {
    for (TomlParseError e : toml.errors()) {
      problem(e.position(), "not valid TOML: " + e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", ""));
    }
    for (String section : toml.keySet()) {
      Object value = toml.get(List.of(section));
      TomlPosition at = toml.inputPositionOf(List.of(section));
      switch (section) {
        case "keys" -> keys(value, at, null, "keys");
        case "triggers" -> triggers(value, at, null, "triggers");
        case "profiles" -> profiles(value, at);
        default -> problem(at, "unknown section '" + section + "' (expected: " + String.join(", ", sorted(SECTIONS)) + ")");
      }
    }
  }

  private void profiles(Object value, TomlPosition at) {
    if (!(value instanceof TomlTable profiles)) {
      problem(at, "profiles is not a table (expected: [profiles.NAME.keys] or [[profiles.NAME.triggers]])");
      return;
    }
    for (String name : profiles.keySet()) {
      Object profile = profiles.get(List.of(name));
      TomlPosition where = profiles.inputPositionOf(List.of(name));
      if (!(profile instanceof TomlTable sections)) {
        problem(where, "profiles." + name + " is not a table (expected: [profiles." + name + ".keys] or [[profiles." + name + ".triggers]])");
        continue;
      }
      for (String section : sections.keySet()) {
        Object content = sections.get(List.of(section));
        TomlPosition sectionAt = sections.inputPositionOf(List.of(section));
        String path = "profiles." + name + "." + section;
        switch (section) {
          case "keys" -> keys(content, sectionAt, name, path);
          case "triggers" -> triggers(content, sectionAt, name, path);
          default -> problem(sectionAt, "unknown section '" + path + "' (expected: keys or triggers in a profile)");
        }
      }
    }
  }

  private void keys(Object value, TomlPosition at, String profile, String path) {
    if (!(value instanceof TomlTable table)) {
      problem(at, path + " is not a table (expected: [" + path + "] with lines such as \"ctrl+alt+c\" = \"f()\")");
      return;
    }
    for (String name : table.keySet()) {
      Object invocation = table.get(List.of(name));
      TomlPosition where = table.inputPositionOf(List.of(name));
      if (!(invocation instanceof String text)) {
        problem(where, "the binding of '" + name + "' is not a string (expected: an invocation such as \"f(x: 1)\")");
        continue;
      }
      KeyStroke key;
      try {
        key = KeyStroke.parse(name);
        InvocationParser.parse(text);
      } catch (IllegalArgumentException | ExpressionSyntaxException e) {
        problem(where, e instanceof ExpressionSyntaxException ? "the invocation of '" + name + "' is malformed: " + e.getMessage()
            : e.getMessage());
        continue;
      }
      keys.removeIf(k -> k.key().equals(key) && java.util.Objects.equals(k.profile(), profile));
      keys.add(new KeyBinding(key, text, profile, new Origin(file, where.line())));
    }
  }

  private void triggers(Object value, TomlPosition at, String profile, String path) {
    if (!(value instanceof TomlArray array)) {
      problem(at, path + " is not an array of tables (expected: [[" + path + "]] sections with regex and an action)");
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof TomlTable table) {
        trigger(table, array.inputPositionOf(i), profile, path);
      } else {
        problem(array.inputPositionOf(i), path + "[" + i + "] is not a table (expected: [[" + path + "]] sections with regex and an action)");
      }
    }
  }

  private void trigger(TomlTable table, TomlPosition at, String profile, String path) {
    for (String field : table.keySet()) {
      if (!TRIGGER_FIELDS.contains(field)) {
        problem(table.inputPositionOf(List.of(field)), "unknown field '" + field + "' in [[" + path + "]] (expected: "
            + String.join(", ", sorted(TRIGGER_FIELDS)) + ")");
        return;
      }
    }
    String regex = string(table, "regex", at, path);
    if (regex == null) {
      return;
    }
    TomlPosition regexAt = table.inputPositionOf(List.of("regex"));
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problem(regexAt, "regex '" + regex + "' is not a regular expression: " + e.getDescription()
          + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
      return;
    }
    Object partialValue = table.get(List.of("partial"));
    if (partialValue != null && !(partialValue instanceof Boolean)) {
      problem(table.inputPositionOf(List.of("partial")), "partial is not true or false");
      return;
    }
    boolean partial = Boolean.TRUE.equals(partialValue);
    List<String> actions = table.keySet().stream().filter(k -> Set.of("invoke", "set_variable", "inject").contains(k)).sorted().toList();
    if (actions.size() != 1) {
      problem(regexAt, "the trigger on '" + regex + "' has " + (actions.isEmpty() ? "no action" : "actions " + actions)
          + " (expected: one of invoke, set_variable with value, inject)");
      return;
    }
    Trigger.Action action = action(table, actions.get(0), path);
    if (action != null) {
      triggers.add(Trigger.of(pattern, partial, action, profile, new Origin(file, regexAt.line())));
    }
  }

  private Trigger.Action action(TomlTable table, String kind, String path) {
    TomlPosition at = table.inputPositionOf(List.of(kind));
    String text = string(table, kind, at, path);
    if (text == null) {
      return null;
    }
    switch (kind) {
      case "invoke" -> {
        try {
          InvocationParser.parse(text);
        } catch (ExpressionSyntaxException e) {
          problem(at, "the invocation is malformed: " + e.getMessage());
          return null;
        }
        return new Trigger.Invoke(text);
      }
      case "set_variable" -> {
        if (!text.startsWith("user.") || text.length() == 5) {
          problem(at, "set_variable '" + text + "' is not a user variable (expected: user.NAME)");
          return null;
        }
        String value = string(table, "value", at, path);
        Expression expression = value == null ? null : interpolated(value, table.inputPositionOf(List.of("value")));
        return expression == null ? null : new Trigger.SetVariable(text, value, expression);
      }
      default -> {
        Expression expression = interpolated(text, at);
        return expression == null ? null : new Trigger.Inject(text, expression);
      }
    }
  }

  /** Text with {@code \(…)} interpolation and JSON escapes, as inside a string of an invocation. */
  private Expression interpolated(String text, TomlPosition at) {
    try {
      Optional<Expression> e = Trigger.text(text);
      if (e.isPresent()) {
        return e.get();
      }
    } catch (ExpressionSyntaxException e) {
      problem(at, "'" + text + "' is not text with \\(…) interpolation: " + e.getMessage());
      return null;
    }
    problem(at, "'" + text + "' is not text with \\(…) interpolation (write \\\" for a quote)");
    return null;
  }

  private String string(TomlTable table, String field, TomlPosition fallback, String path) {
    Object value = table.get(List.of(field));
    if (value == null) {
      problem(fallback, "[[" + path + "]] has no " + field);
      return null;
    }
    if (!(value instanceof String s)) {
      problem(table.inputPositionOf(List.of(field)), field + " is not a string");
      return null;
    }
    return s;
  }

  private void problem(TomlPosition at, String message) {
    problems.add(new ConfigProblem(file, at == null ? 1 : at.line(), at == null ? 1 : at.column(), message));
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
