package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;

/**
 * {@code polybridge keys} and {@code polybridge triggers}: what the daemon applies from the user's
 * configuration file now, each entry with where it was written ({@code file:line}); the entries it
 * left out go to standard error, one per line, with their line, column and rule.
 */
final class ConfigCommands {
  private ConfigCommands() {}

  /** {@code polybridge keys [--table]}. */
  static final class Keys extends DaemonCommand {
    private static final CommandSpec SPEC = new CommandSpec("keys", null,
        List.of("Lists the key bindings that apply, from ~/.config/polybridge/config.toml (JSON).",
            "Each: key, profile (null: every profile), invocation, origin (file:line), the byte sequences",
            "it matches. They apply in `polybridge pty` sessions; entries left out go to standard error."),
        withAddress(FunctionsCommand.TABLE), List.of());

    @Override
    public CommandSpec spec() {
      return SPEC;
    }

    @Override
    public int run(Arguments arguments, Main main) throws Exception {
      return list(this, arguments, main, "iterm2.keys()", "%-18s %-12s %-40s %s%n", new String[] {"KEY", "PROFILE", "INVOCATION", "ORIGIN"},
          new String[] {"key", "profile", "invocation", "origin"});
    }
  }

  /** {@code polybridge triggers [--table]}. */
  static final class Triggers extends DaemonCommand {
    private static final CommandSpec SPEC = new CommandSpec("triggers", null,
        List.of("Lists the triggers that apply, from ~/.config/polybridge/config.toml (JSON).",
            "Each: regex, partial, action, profile (null: every profile), origin (file:line); entries left",
            "out go to standard error."),
        withAddress(FunctionsCommand.TABLE), List.of());

    @Override
    public CommandSpec spec() {
      return SPEC;
    }

    @Override
    public int run(Arguments arguments, Main main) throws Exception {
      return list(this, arguments, main, "iterm2.triggers()", "%-30s %-7s %-40s %-12s %s%n",
          new String[] {"REGEX", "PARTIAL", "ACTION", "PROFILE", "ORIGIN"}, new String[] {"regex", "partial", "action", "profile", "origin"});
    }
  }

  private static int list(DaemonCommand command, Arguments arguments, Main main, String invocation, String format, String[] headers,
      String[] fields) throws Exception {
    List<?> both = (List<?>) command.ask(arguments, main,
        api -> api.invoke("[" + invocation + ", iterm2.config_problems()]", InvocationContext.app(), null));
    List<?> entries = (List<?>) both.get(0);
    if (arguments.flag(FunctionsCommand.TABLE.name())) {
      PrintWriter out = main.out();
      out.printf(format, (Object[]) headers);
      for (Object o : entries) {
        Map<?, ?> entry = (Map<?, ?>) o;
        Object[] row = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
          Object v = entry.get(fields[i]);
          row[i] = v == null ? "*" : v;
        }
        out.printf(format, row);
      }
      out.flush();
    } else {
      DaemonCommand.printJson(main, entries);
    }
    for (Object problem : (List<?>) both.get(1)) {
      main.err().println("polybridge: left out: " + problem);
    }
    main.err().flush();
    return 0;
  }
}
