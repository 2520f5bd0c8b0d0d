package org.polybridge.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;

/**
 * {@code polybridge scripts}: the daemon's scripts and where each stands ({@code iterm2.scripts()};
 * {@code --all}: also the Scripts folder's that were not started, {@code iterm2.all_scripts()}).
 */
final class ScriptsCommand extends DaemonCommand {
  private static final CommandSpec.Option ALL = CommandSpec.Option.flag("--all",
      "Also the scripts of the Scripts folder beside AutoLaunch that were not started (NOT_RUNNING).");
  private static final CommandSpec SPEC = new CommandSpec("scripts", null,
      List.of("Lists the AutoLaunch scripts and those started on demand: name, language, state (LOADING, RUNNING,",
          "FINISHED, FAILED, WAITING_TO_RESTART, STOPPED), what a loading one is busy with (detail: installing",
          "packages), last error, and for one that runs when it started (started_at) and how often it started",
          "again (restarts); on_demand and path for one started on demand (JSON; --table: UPTIME and RESTARTS)."),
      withAddress(FunctionsCommand.TABLE, ALL), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    String invocation = arguments.flag(ALL.name()) ? "iterm2.all_scripts()" : "iterm2.scripts()";
    Object scripts = ask(arguments, main, api -> api.invoke(invocation, InvocationContext.app(), null));
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
    String format = "%-32s %-10s %-18s %-9s %-8s %s%n";
    out.printf(format, "NAME", "LANGUAGE", "STATE", "UPTIME", "RESTARTS", "LAST ERROR");
    Instant now = Instant.now();
    for (Object o : scripts) {
      Map<?, ?> s = (Map<?, ?>) o;
      Object error = s.get("last_error");
      String uptime = s.get("started_at") instanceof String started ? uptime(Duration.between(Instant.parse(started), now)) : "";
      String restarts = s.get("restarts") instanceof Number n ? Long.toString(n.longValue()) : "";
      String state = s.get("detail") instanceof String detail ? s.get("state") + " (" + detail + ")" : String.valueOf(s.get("state"));
      out.printf(format, s.get("name"), s.get("language"), state, uptime, restarts, error == null ? "" : firstLine(error.toString()));
    }
  }

  /** {@code 42s}, {@code 5m07s}, {@code 3h05m}, {@code 2d04h}. */
  static String uptime(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86400) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dd%02dh", s / 86400, s % 86400 / 3600);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " …";
  }
}
