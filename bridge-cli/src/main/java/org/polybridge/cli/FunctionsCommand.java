package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;

/** {@code polybridge functions}: every function registered with the daemon ({@code iterm2.functions()}). */
final class FunctionsCommand extends DaemonCommand {
  static final CommandSpec.Option TABLE = CommandSpec.Option.flag("--table", "A table for people instead of JSON.");
  private static final CommandSpec SPEC = new CommandSpec("functions", null,
      List.of("Lists the registered functions: signature, arguments, defaults, timeout, role, owner (JSON)."),
      withAddress(TABLE), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    Object functions = ask(arguments, main, api -> api.invoke("iterm2.functions()", InvocationContext.app(), null));
    if (arguments.flag(TABLE.name())) {
      PrintWriter out = main.out();
      printTable(out, (List<?>) functions);
      out.flush();
    } else {
      printJson(main, functions);
    }
    return 0;
  }

  private static void printTable(PrintWriter out, List<?> functions) {
    String format = "%-40s %-24s %8s  %-10s %s%n";
    out.printf(format, "SIGNATURE", "DEFAULTS", "TIMEOUT", "ROLE", "OWNER");
    for (Object o : functions) {
      Map<?, ?> f = (Map<?, ?>) o;
      out.printf(format, f.get("signature"), defaults((Map<?, ?>) f.get("defaults")), f.get("timeout") + " s",
          String.valueOf(f.get("role")).toLowerCase(java.util.Locale.ROOT), f.get("owner"));
    }
  }

  /** {@code branch=user.branch?, session_id=id}: each argument filled from a variable, and which, by name. */
  private static String defaults(Map<?, ?> defaults) {
    StringBuilder text = new StringBuilder();
    new java.util.TreeMap<Object, Object>(defaults).forEach((argument, reference) ->
        text.append(text.isEmpty() ? "" : ", ").append(argument).append('=').append(reference));
    return text.isEmpty() ? "-" : text.toString();
  }
}
