package org.polybridge.cli;

import java.time.Duration;
import java.util.List;
import org.polybridge.InvocationContext;

/** {@code polybridge invoke 'EXPR'}: evaluates an invocation in the daemon and prints its JSON value. */
final class InvokeCommand extends DaemonCommand {
  private static final CommandSpec SPEC = new CommandSpec("invoke", null,
      List.of("Evaluates an invocation, e.g. 'add(a: 1, b: 2)', and prints its value as JSON.",
          "On failure prints the reason (the chain of calls) on stderr and exits with 1."),
      withAddress(
          CommandSpec.Option.valued("--session", "ID", "Run in this session's context."),
          CommandSpec.Option.valued("--tab", "ID", "Run in this tab's context."),
          CommandSpec.Option.valued("--window", "ID", "Run in this window's context (one of --session, --tab, --window)."),
          CommandSpec.Option.valued("--timeout", "S", "Seconds the whole invocation may take (default: 30).")),
      List.of(new CommandSpec.Parameter("EXPR", "The invocation.", CommandSpec.Parameter.Arity.ONE)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    String invocation = arguments.parameter(0);
    Double seconds = arguments.positiveNumber("--timeout");
    Duration timeout = seconds == null ? null : Duration.ofMillis((long) (seconds * 1000));
    String where = arguments.oneOf("--session", "--tab", "--window");
    InvocationContext context = where == null ? InvocationContext.app()
        : where.equals("--session") ? InvocationContext.session(arguments.value(where))
        : where.equals("--tab") ? InvocationContext.tab(arguments.value(where))
        : InvocationContext.window(arguments.value(where));
    printJson(main, ask(arguments, main, api -> api.invoke(invocation, context, timeout)));
    return 0;
  }
}
