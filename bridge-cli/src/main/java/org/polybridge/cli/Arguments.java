package org.polybridge.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command line as its {@link CommandSpec} read it: option values by name, and the parameters.
 * The typed getters check values and fail with a {@link UsageException} that names the option,
 * the value and the rule.
 */
final class Arguments {
  private final CommandSpec command;
  private final Map<String, String> options;
  private final List<String> parameters;

  Arguments(CommandSpec command, Map<String, String> options, List<String> parameters) {
    this.command = command;
    this.options = Map.copyOf(options);
    this.parameters = List.copyOf(parameters);
  }

  /** Whether {@code -h} / {@code --help} was given. */
  boolean help() {
    return flag(CommandSpec.HELP.name());
  }

  boolean flag(String option) {
    return options.containsKey(option);
  }

  /** The option's value, or {@code null} when it was not given. */
  String value(String option) {
    return options.get(option);
  }

  Path path(String option) {
    String value = value(option);
    if (value == null) {
      return null;
    }
    try {
      if (value.isEmpty()) {
        throw new InvalidPathException(value, "empty");
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw failOn(option, value, "a file path");
    }
  }

  /** A TCP port, 1 to 65535 ({@code allowZero}: 0 too, meaning any free one). */
  Integer port(String option, boolean allowZero) {
    String value = value(option);
    if (value == null) {
      return null;
    }
    int port = parseInt(value, -1);
    if (port < (allowZero ? 0 : 1) || port > 65535) {
      throw failOn(option, value, allowZero ? "a port number, 0 to 65535" : "a port number, 1 to 65535");
    }
    return port;
  }

  /** A whole number of at least 1; {@code otherwise} when the option was not given. */
  int positiveInt(String option, int otherwise) {
    String value = value(option);
    if (value == null) {
      return otherwise;
    }
    int n = parseInt(value, 0);
    if (n < 1) {
      throw failOn(option, value, "a whole number, at least 1");
    }
    return n;
  }

  /** A number greater than 0, or {@code null} when the option was not given. */
  Double positiveNumber(String option) {
    String value = value(option);
    if (value == null) {
      return null;
    }
    double d;
    try {
      d = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      d = Double.NaN;
    }
    if (!(d > 0) || Double.isInfinite(d)) {
      throw failOn(option, value, "a number greater than 0");
    }
    return d;
  }

  /**
   * The one of {@code options} that was given, or {@code null}.
   *
   * @throws UsageException when more than one was
   */
  String oneOf(String... names) {
    String given = null;
    for (String name : names) {
      if (options.containsKey(name)) {
        if (given != null) {
          throw new UsageException(command, given + " and " + name + " exclude each other (expected: at most one of "
              + String.join(", ", names) + ")");
        }
        given = name;
      }
    }
    return given;
  }

  List<String> parameters() {
    return parameters;
  }

  String parameter(int index) {
    return index < parameters.size() ? parameters.get(index) : null;
  }

  private UsageException failOn(String option, String value, String expected) {
    return new UsageException(command, option + " : '" + value + "' (expected: " + expected + ")");
  }

  private static int parseInt(String value, int otherwise) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
