package org.polybridge.cli;

import java.time.Duration;
import org.polybridge.InvocationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code polybridge invoke 'EXPR'}: evaluates an invocation in the daemon and prints its JSON value. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Evaluates an invocation, e.g. 'add(a: 1, b: 2)', and prints its value as JSON.",
        "On failure prints the reason (the chain of calls) on stderr and exits with 1."})
final class InvokeCommand extends DaemonCommand {
  @Parameters(index = "0", paramLabel = "EXPR", description = "The invocation.")
  String invocation;

  @ArgGroup(exclusive = true)
  Context context;

  @Option(names = "--timeout", paramLabel = "S", description = "Seconds the whole invocation may take (default: 30).")
  Double timeoutSeconds;

  static final class Context {
    @Option(names = "--session", paramLabel = "ID", description = "Run in this session's context.") String session;
    @Option(names = "--tab", paramLabel = "ID", description = "Run in this tab's context.") String tab;
    @Option(names = "--window", paramLabel = "ID", description = "Run in this window's context.") String window;

    InvocationContext toContext() {
      return session != null ? InvocationContext.session(session)
          : tab != null ? InvocationContext.tab(tab)
          : InvocationContext.window(window);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds != null && !(timeoutSeconds > 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout : " + timeoutSeconds + " (expected: > 0)");
    }
    Duration timeout = timeoutSeconds == null ? null : Duration.ofMillis((long) (timeoutSeconds * 1000));
    InvocationContext where = context == null ? InvocationContext.app() : context.toContext();
    printJson(ask(api -> api.invoke(invocation, where, timeout)));
    return 0;
  }
}
