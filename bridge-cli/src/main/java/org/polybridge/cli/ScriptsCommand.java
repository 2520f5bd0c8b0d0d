package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code polybridge scripts}: the daemon's AutoLaunch scripts and where each stands ({@code iterm2.scripts()}). */
@Command(name = "scripts", mixinStandardHelpOptions = true,
    description = "Lists the AutoLaunch scripts: name, language, state (LOADING, RUNNING, FINISHED, FAILED, "
        + "WAITING_TO_RESTART, STOPPED) and last error (JSON).")
final class ScriptsCommand extends DaemonCommand {
  @Option(names = "--table", description = "A table for people instead of JSON.")
  boolean table;

  @Override
  public Integer call() throws Exception {
    Object scripts = ask(api -> api.invoke("iterm2.scripts()", InvocationContext.app(), null));
    if (table) {
      PrintWriter out = spec.commandLine().getOut();
      printTable(out, (List<?>) scripts);
      out.flush();
    } else {
      printJson(scripts);
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
