package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;

/** {@code polybridge scripts}: the daemon's AutoLaunch scripts and where each stands ({@code iterm2.scripts()}). */
final class ScriptsCommand extends DaemonCommand {
  private static final CommandSpec SPEC = new CommandSpec("scripts", null,
      List.of("Lists the AutoLaunch scripts: name, language, state (LOADING, RUNNING, FINISHED, FAILED,",
          "WAITING_TO_RESTART, STOPPED) and last error (JSON)."),
      withAddress(FunctionsCommand.TABLE), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    Object scripts = ask(arguments, main, api -> api.invoke("iterm2.scripts()", InvocationContext.app(), null));
    if (arguments.flag(FunctionsCommand.TABLE.name())) {
      PrintWriter out = main.out();
      printTable(out, (List<?>) scripts);
      out.flush();
    } else {
      printJson(main, scripts);
    }
    return 0;
  }

  private static void printTable(PrintWriter out, List<?> scripts) {
    String format = "%-32s %-10s %-18s %s%n";
    out.printf(format, "NAME", "LANGUAGE", "STATE", "LAST ERROR");
    for (Object o : scripts) {
      Map<?, ?> s = (Map<?, ?>) o;
      Object error = s.get("last_error");
      out.printf(format, s.get("name"), s.get("language"), s.get("state"), error == null ? "" : firstLine(error.toString()));
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " …";
  }
}
