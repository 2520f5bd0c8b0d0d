package org.polybridge.cli;

import java.util.List;
import org.polybridge.client.AppSnapshot;

/** {@code polybridge sessions}: the daemon's windows, tabs and sessions, for ids to pass to {@code invoke --session}. */
final class SessionsCommand extends DaemonCommand {
  private static final CommandSpec SPEC = new CommandSpec("sessions", null,
      List.of("Lists the daemon's windows, tabs and sessions (JSON), with the active session."), withAddress(), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    AppSnapshot app = ask(arguments, main, api -> api.app());
    printJson(main, app.toJsonValue());
    return 0;
  }
}
