package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one command is called: its name, its help, its options and parameters. It parses a command
 * line into {@link Arguments} and prints the help. Kept as plain data, with no reflection and no
 * framework, because every {@code polybridge} process pays for its command line before anything
 * else: a one-shot client must answer in milliseconds.
 *
 * <p>Options are {@code --name value} or {@code --name=value} (flags take no value), anywhere
 * before {@code --}; {@code -h} / {@code --help} is every command's. A command whose last
 * parameter takes the rest ({@code pty -- CMD ARGS…}) stops reading options at its first
 * parameter, so the program's own options stay the program's.
 */
record CommandSpec(String name, String header, List<String> description, List<Option> options, List<Parameter> parameters) {
  /** {@code -h, --help}, which every command has. */
  static final Option HELP = new Option("--help", "-h", null, "Shows this help and exits.");

  /**
   * An option: its name ({@code --socket}), an optional short name, the label of its value
   * ({@code null}: a flag, which takes none) and what it means.
   */
  record Option(String name, String shortName, String label, String description) {
    static Option flag(String name, String description) {
      return new Option(name, null, null, description);
    }

    static Option valued(String name, String label, String description) {
      return new Option(name, null, label, description);
    }

    boolean takesValue() {
      return label != null;
    }

    String synopsis() {
      return (shortName == null ? "    " : shortName + ", ") + name + (takesValue() ? "=" + label : "");
    }
  }

  /** A positional parameter: required, optional, or the rest of the command line. */
  record Parameter(String label, String description, Arity arity) {
    enum Arity { ONE, OPTIONAL, REST }

    String synopsis() {
      return switch (arity) {
        case ONE -> label;
        case OPTIONAL -> "[" + label + "]";
        case REST -> "[" + label + "...]";
      };
    }
  }

  CommandSpec {
    List<Option> all = new ArrayList<>(options);
    all.add(0, HELP);
    options = List.copyOf(all);
    parameters = List.copyOf(parameters);
    description = List.copyOf(description);
  }

  /**
   * Reads {@code args} (what follows the command's name).
   *
   * @throws UsageException naming the argument and the rule it broke
   */
  Arguments parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    List<String> positional = new ArrayList<>();
    boolean rest = !parameters.isEmpty() && parameters.getLast().arity() == Parameter.Arity.REST;
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-") || isNumber(arg)) {
        positional.add(arg);
        optionsEnded |= rest;
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Option option = option(name);
      String value;
      if (!option.takesValue()) {
        if (eq >= 0) {
          throw new UsageException(this, name + " takes no value (given: '" + arg.substring(eq + 1) + "')");
        }
        value = "";
      } else if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(this, option.name() + " needs a value: " + option.name() + " " + option.label());
      }
      if (values.put(option.name(), value) != null) {
        throw new UsageException(this, option.name() + " is given twice (expected: once)");
      }
    }
    if (values.containsKey(HELP.name())) {
      return new Arguments(this, values, positional);
    }
    checkParameters(positional);
    return new Arguments(this, values, positional);
  }

  /** {@code Usage: polybridge invoke [OPTIONS] EXPR}. */
  String usage() {
    StringBuilder usage = new StringBuilder("Usage: polybridge ").append(name).append(" [OPTIONS]");
    boolean rest = !parameters.isEmpty() && parameters.getLast().arity() == Parameter.Arity.REST;
    if (rest) {
      usage.append(" [--]");
    }
    for (Parameter p : parameters) {
      usage.append(' ').append(p.synopsis());
    }
    return usage.toString();
  }

  /** The help: usage line, description, parameters and options. */
  void printHelp(PrintWriter out) {
    out.println(usage());
    if (header != null) {
      out.println(header);
    }
    description.forEach(out::println);
    List<String[]> rows = new ArrayList<>();
    parameters.forEach(p -> rows.add(new String[] {"      " + p.label(), p.description()}));
    options.forEach(o -> rows.add(new String[] {"  " + o.synopsis(), o.description()}));
    int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 3;
    for (String[] row : rows) {
      out.println(row[0] + " ".repeat(width - row[0].length()) + row[1]);
    }
    out.flush();
  }

  private Option option(String name) {
    for (Option o : options) {
      if (o.name().equals(name) || name.equals(o.shortName())) {
        return o;
      }
    }
    throw new UsageException(this, "no option " + name + " (expected one of: "
        + String.join(", ", options.stream().map(Option::name).toList()) + ")");
  }

  private void checkParameters(List<String> positional) {
    int required = (int) parameters.stream().filter(p -> p.arity() == Parameter.Arity.ONE).count();
    boolean rest = !parameters.isEmpty() && parameters.getLast().arity() == Parameter.Arity.REST;
    if (positional.size() < required) {
      throw new UsageException(this, "missing " + parameters.get(positional.size()).label());
    }
    if (!rest && positional.size() > parameters.size()) {
      throw new UsageException(this, "unexpected argument '" + positional.get(parameters.size()) + "'"
          + (parameters.isEmpty() ? " (this command takes none)" : " (expected: " + String.join(" ",
              parameters.stream().map(Parameter::synopsis).toList()) + ")"));
    }
  }

  /** {@code -1}, {@code -0.5}: a negative number is a parameter (an expression), not an option. */
  private static boolean isNumber(String arg) {
    return arg.length() > 1 && (Character.isDigit(arg.charAt(1)) || arg.charAt(1) == '.');
  }
}
