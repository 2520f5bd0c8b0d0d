package org.polybridge.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.polybridge.ProtocolException;
import org.polybridge.transport.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code polybridge auth}: the running daemon's cookie and key as shell exports. */
@Command(name = "auth", mixinStandardHelpOptions = true,
    header = "Prints the daemon's credentials as shell exports.",
    description = {"  eval \"$(polybridge auth)\"",
        "sets ITERM2_COOKIE and ITERM2_KEY, as iTerm2 gives its scripts."})
final class AuthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DaemonAddress daemon;

  @Override
  public Integer call() {
    if (!Files.exists(daemon.authFile())) {
      throw new ProtocolException("no polybridge daemon at " + daemon.socketPath() + " (no " + daemon.authFile()
          + "): start one with `polybridge run`");
    }
    Credentials credentials = Credentials.read(daemon.authFile());
    StringBuilder line = new StringBuilder("export");
    credentials.environment().forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
