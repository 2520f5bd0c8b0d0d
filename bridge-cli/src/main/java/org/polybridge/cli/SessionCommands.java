package org.polybridge.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The commands that act on one session of the daemon: {@code send-text}, {@code inject}, {@code buffer}. */
final class SessionCommands {
  private SessionCommands() {}

  /** {@code --session ID}, the active one by default. */
  private static final CommandSpec.Option SESSION = CommandSpec.Option.valued("--session", "ID",
      "The session (an id from `polybridge sessions`; default: the active one).");

  private static String session(Arguments arguments) {
    String session = arguments.value(SESSION.name());
    return session == null ? "active" : session;
  }

  static final class SendText extends DaemonCommand {
    private static final CommandSpec SPEC = new CommandSpec("send-text", null,
        List.of("Types text into a session, as though the user had: `polybridge send-text $'make\\n'`."),
        withAddress(SESSION), List.of(new CommandSpec.Parameter("TEXT", "The text; a newline is not added.", CommandSpec.Parameter.Arity.ONE)));

    @Override
    public CommandSpec spec() {
      return SPEC;
    }

    @Override
    public int run(Arguments arguments, Main main) throws Exception {
      String session = session(arguments);
      String text = arguments.parameter(0);
      ask(arguments, main, api -> api.sendText(session, text));
      return 0;
    }
  }

  static final class Inject extends DaemonCommand {
    private static final CommandSpec SPEC = new CommandSpec("inject",
        "Shows bytes in a session as though its program had written them.",
        List.of("Control sequences in them reach scripts:",
            "  polybridge inject $'\\e]1337;Custom=id=shared-secret:create-window\\a'"),
        withAddress(SESSION), List.of(new CommandSpec.Parameter("TEXT", "The text (sent as UTF-8).", CommandSpec.Parameter.Arity.ONE)));

    @Override
    public CommandSpec spec() {
      return SPEC;
    }

    @Override
    public int run(Arguments arguments, Main main) throws Exception {
      String session = session(arguments);
      byte[] bytes = arguments.parameter(0).getBytes(StandardCharsets.UTF_8);
      ask(arguments, main, api -> api.inject(session, bytes));
      return 0;
    }
  }

  static final class Buffer extends DaemonCommand {
    private static final CommandSpec SPEC = new CommandSpec("buffer", null,
        List.of("Prints a session's last lines (screen and scrollback) as a JSON array of strings, oldest first."),
        withAddress(SESSION, CommandSpec.Option.valued("--lines", "N", "How many lines (default: 24).")), List.of());

    @Override
    public CommandSpec spec() {
      return SPEC;
    }

    @Override
    public int run(Arguments arguments, Main main) throws Exception {
      String session = session(arguments);
      int lines = arguments.positiveInt("--lines", 24);
      printJson(main, ask(arguments, main, api -> api.buffer(session, lines)));
      return 0;
    }
  }
}
