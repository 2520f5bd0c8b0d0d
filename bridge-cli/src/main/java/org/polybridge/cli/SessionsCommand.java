package org.polybridge.cli;

import org.polybridge.client.ApiClient;
import org.polybridge.client.AppSnapshot;
import picocli.CommandLine.Command;

/** {@code polybridge sessions}: the daemon's windows, tabs and sessions, for ids to pass to {@code invoke --session}. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "Lists the daemon's windows, tabs and sessions (JSON), with the active session.")
final class SessionsCommand extends DaemonCommand {
  @Override
  public Integer call() throws Exception {
    AppSnapshot app = ask(ApiClient::app);
    printJson(app.toJsonValue());
    return 0;
  }
}
