package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.AppSnapshot;
import org.polybridge.client.Connection;
import org.polybridge.internal.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code polybridge sessions}: the daemon's windows, tabs and sessions, for ids to pass to {@code invoke --session}. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "Lists the daemon's windows, tabs and sessions (JSON), with the active session.")
final class SessionsCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin DaemonAddress daemon;

  @Override
  public Integer call() throws Exception {
    AppSnapshot app;
    try (Connection connection = daemon.connect(main.environment(), "polybridge sessions")) {
      app = new ApiClient(connection, Runnable::run).app().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(Json.write(app.toJsonValue()));
    out.flush();
    return 0;
  }
}
