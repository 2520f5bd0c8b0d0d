package org.polybridge.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that act on one session of the daemon: {@code send-text}, {@code inject}, {@code buffer}. */
final class SessionCommands {
  private SessionCommands() {}

  /** A command about one session: {@code --session ID}, the active one by default. */
  abstract static class SessionCommand extends DaemonCommand {
    @Option(names = "--session", paramLabel = "ID", defaultValue = "active",
        description = "The session (an id from `polybridge sessions`; default: the active one).")
    String session;
  }

  @Command(name = "send-text", mixinStandardHelpOptions = true,
      description = "Types text into a session, as though the user had: `polybridge send-text $'make\\n'`.")
  static final class SendText extends SessionCommand {
    @Parameters(index = "0", paramLabel = "TEXT", description = "The text; a newline is not added.")
    String text;

    @Override
    public Integer call() throws Exception {
      ask(api -> api.sendText(session, text));
      return 0;
    }
  }

  @Command(name = "inject", mixinStandardHelpOptions = true,
      header = "Shows bytes in a session as though its program had written them.",
      description = {"Control sequences in them reach scripts:",
          "  polybridge inject $'\\e]1337;Custom=id=shared-secret:create-window\\a'"})
  static final class Inject extends SessionCommand {
    @Parameters(index = "0", paramLabel = "TEXT", description = "The text (sent as UTF-8).")
    String text;

    @Override
    public Integer call() throws Exception {
      ask(api -> api.inject(session, text.getBytes(StandardCharsets.UTF_8)));
      return 0;
    }
  }

  @Command(name = "buffer", mixinStandardHelpOptions = true,
      description = "Prints a session's last lines (screen and scrollback) as a JSON array of strings, oldest first.")
  static final class Buffer extends SessionCommand {
    @Option(names = "--lines", paramLabel = "N", defaultValue = "24", description = "How many lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() throws Exception {
      if (lines < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lines : " + lines + " (expected: > 0)");
      }
      printJson(ask(api -> api.buffer(session, lines)));
      return 0;
    }
  }
}
