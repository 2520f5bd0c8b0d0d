package org.polybridge.cli;

import java.nio.file.Files;
import java.util.List;
import org.polybridge.ProtocolException;
import org.polybridge.transport.Credentials;

/** {@code polybridge auth}: the running daemon's cookie and key as shell exports. */
final class AuthCommand implements Command {
  private static final CommandSpec SPEC = new CommandSpec("auth", "Prints the daemon's credentials as shell exports.",
      List.of("  eval \"$(polybridge auth)\"", "sets ITERM2_COOKIE and ITERM2_KEY, as iTerm2 gives its scripts."),
      DaemonAddress.OPTIONS, List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) {
    DaemonAddress daemon = DaemonAddress.from(arguments, main);
    if (!Files.exists(daemon.authFile())) {
      throw new ProtocolException("no polybridge daemon at " + daemon.socketPath() + " (no " + daemon.authFile()
          + "): start one with `polybridge run`");
    }
    Credentials credentials = Credentials.read(daemon.authFile());
    StringBuilder line = new StringBuilder("export");
    credentials.environment().forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    main.out().println(line);
    main.out().flush();
    return 0;
  }
}
