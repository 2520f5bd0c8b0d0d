package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.polybridge.InvocationContext;
import org.polybridge.json.Json;

/**
 * {@code polybridge alerts [answer ID REPLY]}: the questions scripts wait on ({@code iterm2.alerts()}),
 * and answering one ({@code iterm2.answer_alert}).
 */
final class AlertsCommand extends DaemonCommand {
  private static final CommandSpec SPEC = new CommandSpec("alerts", "Lists the alerts scripts wait on, or answers one.",
      List.of("Without arguments: each alert waiting for a person (Alert, TextInputAlert, PolyModalAlert of",
          "iTerm2's library): its id, kind, title, subtitle and buttons. `alerts answer ID REPLY` answers one:",
          "REPLY is a button's label or number from 1, or the text of a text-input alert. Unanswered alerts",
          "wait, as in iTerm2; stopping the script that asked withdraws them."),
      withAddress(FunctionsCommand.TABLE),
      List.of(new CommandSpec.Parameter("answer ID REPLY", "Answers alert ID.", CommandSpec.Parameter.Arity.REST)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    List<String> words = arguments.parameters();
    if (!words.isEmpty()) {
      if (words.size() != 3 || !words.get(0).equals("answer")) {
        throw new UsageException(SPEC, "alerts " + String.join(" ", words) + " (expected: alerts, or alerts answer ID REPLY)");
      }
      String invocation = "iterm2.answer_alert(id: " + Json.write(words.get(1)) + ", answer: " + Json.write(words.get(2)) + ")";
      ask(arguments, main, api -> api.invoke(invocation, InvocationContext.app(), null));
      return 0;
    }
    Object alerts = ask(arguments, main, api -> api.invoke("iterm2.alerts()", InvocationContext.app(), null));
    if (arguments.flag(FunctionsCommand.TABLE.name())) {
      PrintWriter out = main.out();
      String format = "%-4s %-10s %-30s %s%n";
      out.printf(format, "ID", "KIND", "TITLE", "BUTTONS");
      for (Object o : (List<?>) alerts) {
        Map<?, ?> a = (Map<?, ?>) o;
        out.printf(format, a.get("id"), String.valueOf(a.get("kind")).toLowerCase(java.util.Locale.ROOT), a.get("title"), a.get("buttons"));
      }
      out.flush();
    } else {
      printJson(main, alerts);
    }
    return 0;
  }
}
