package org.polybridge.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.internal.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code polybridge invoke 'EXPR'}: evaluates an invocation in the daemon and prints its JSON value. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Evaluates an invocation, e.g. 'add(a: 1, b: 2)', and prints its value as JSON.",
        "On failure prints the reason (the chain of calls) on stderr and exits with 1."})
final class InvokeCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin DaemonAddress daemon;

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
    try (Connection connection = daemon.connect(main.environment(), "polybridge invoke")) {
      ApiClient api = new ApiClient(connection, Runnable::run);
      Object value;
      try {
        value = api.invoke(invocation, context == null ? InvocationContext.app() : context.toContext(), timeout).get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      spec.commandLine().getOut().println(Json.write(value));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
