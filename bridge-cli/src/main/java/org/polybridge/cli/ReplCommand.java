package org.polybridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.polybridge.ProtocolException;
import org.polybridge.UserFolders;
import org.polybridge.script.Repl;
import org.polybridge.transport.ReplLink;

/**
 * {@code polybridge repl [--js | --python]}: an interactive guest in the running daemon. The guest
 * side is a script of the daemon (for Python, in the scripts' shared context: no GraalPy starts
 * here), reached over {@code repl.polybridge.org}; this process is a JLine front end only: line
 * editing, history, prompts, Ctrl-C and Ctrl-D.
 */
final class ReplCommand implements Command {
  private static final CommandSpec.Option JS = CommandSpec.Option.flag("--js", "A JavaScript REPL.");
  private static final CommandSpec.Option PYTHON = CommandSpec.Option.flag("--python", "A Python REPL (the default).");
  private static final CommandSpec SPEC = new CommandSpec("repl", "An interactive Python or JavaScript guest in the running daemon.",
      List.of("It runs in the daemon as a script does, with the same `iterm2` module: a function it registers",
          "serves `polybridge invoke` from any terminal while the REPL runs, and goes when it ends (Ctrl-D,",
          "exit()). `connection` and `iterm2` are defined; top-level `await` works. Ctrl-C cancels the",
          "input or the evaluation under way. History: $XDG_CACHE_HOME/polybridge/repl-history/<language>."),
      DaemonCommand.withAddress(PYTHON, JS), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    boolean js = JS.name().equals(arguments.oneOf(JS.name(), PYTHON.name()));
    Language language = js ? new Language("JavaScript", "javascript", "> ", "... ") : new Language("Python", "python", ">>> ", "... ");
    DaemonAddress daemon = DaemonAddress.from(arguments, main);
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("polybridge").build()) {
      // Raw (as JLine reads lines) from the start and between lines too, signals still on: Ctrl-C
      // during an evaluation is a SIGINT that interrupts it, and keys typed meanwhile (Ctrl-D too)
      // wait for the next line; in canonical mode a Ctrl-D would be an end of file that JLine's
      // reader does not get over.
      Attributes cooked = terminal.getAttributes();
      terminal.setAttributes(rawWithSignals(cooked));
      try {
        LineReader reader = lineReader(terminal, history(main.folders(), language.key()));
        Console console = new Console(terminal, reader);
        ReplLink link = daemon.openRepl(daemon.credentials(main.environment()), "polybridge repl", console::print);
        try {
          awaitReady(link.hello(language.name(), Path.of("").toAbsolutePath().toString()), language, console);
          console.print("polybridge repl: " + language.name() + " in the daemon at " + daemon.where()
              + "; `connection` and `iterm2` are defined. Ctrl-D leaves.\n", true);
          return loop(link, reader, terminal, console, language);
        } finally {
          link.close();
          reader.getHistory().save();
        }
      } finally {
        terminal.setAttributes(cooked);
      }
    }
  }

  /** Reads, evaluates, prints: one input at a time, lines gathered while the guest says MORE. */
  private static int loop(ReplLink link, LineReader reader, Terminal terminal, Console console, Language language)
      throws InterruptedException {
    StringBuilder input = new StringBuilder();
    while (true) {
      String line;
      try {
        console.reading = true;
        line = reader.readLine(input.isEmpty() ? language.prompt() : language.more());
      } catch (UserInterruptException e) {
        input.setLength(0);
        console.print("KeyboardInterrupt\n", true);
        continue;
      } catch (EndOfFileException e) {
        return 0;
      } finally {
        console.reading = false;
      }
      if (input.isEmpty() && line.isBlank()) {
        continue;
      }
      if (!input.isEmpty()) {
        input.append('\n');
      }
      input.append(line);
      Repl.Outcome outcome = evaluate(link, input.toString(), terminal);
      if (outcome == null) {
        String reason = link.ended().getNow(null);
        throw new ProtocolException("the daemon ended the REPL" + (reason == null || reason.isBlank() ? "" : ": " + reason));
      }
      switch (outcome.status()) {
        case MORE -> { }
        case EXIT -> {
          return 0;
        }
        case FAILED -> {
          console.print(outcome.error(), true);
          input.setLength(0);
        }
        case DONE -> input.setLength(0);
      }
    }
  }

  /** One input's outcome; Ctrl-C meanwhile interrupts it. {@code null} when the REPL ended. */
  private static Repl.Outcome evaluate(ReplLink link, String input, Terminal terminal) throws InterruptedException {
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> link.interrupt());
    try {
      return link.evaluate(input).get();
    } catch (ExecutionException e) {
      return null;
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
    }
  }

  /** Waits for the guest to take input; says so when that takes a while (the daemon starting Python). */
  private static void awaitReady(CompletableFuture<Void> ready, Language language, Console console) throws Exception {
    try {
      ready.get(2, TimeUnit.SECONDS);
      return;
    } catch (TimeoutException e) {
      console.print("polybridge: starting " + language.name() + " in the daemon…\n", true);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    try {
      ready.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** JLine's raw mode (it clears ISIG too) but for signals: no line editing, no echo, Ctrl-C a SIGINT. */
  private static Attributes rawWithSignals(Attributes cooked) {
    Attributes raw = new Attributes(cooked);
    raw.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO, Attributes.LocalFlag.IEXTEN), false);
    raw.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL, Attributes.InputFlag.INLCR), false);
    raw.setLocalFlag(Attributes.LocalFlag.ISIG, true);
    return raw;
  }

  private static LineReader lineReader(Terminal terminal, Path history) {
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]); // backslashes are the guest's
    return LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("polybridge")
        .parser(parser)
        .variable(LineReader.HISTORY_FILE, history)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is the guest's too
        .option(LineReader.Option.INSERT_TAB, true) // Tab indents a block
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
        .build();
  }

  /** {@code $XDG_CACHE_HOME/polybridge/repl-history/<language>} (default {@code ~/.cache/polybridge/…}). */
  private static Path history(UserFolders folders, String language) throws IOException {
    Path folder = folders.cache().resolve("repl-history");
    Files.createDirectories(folder);
    return folder.resolve(language);
  }

  /** A language as the REPL shows it. */
  private record Language(String name, String key, String prompt, String more) {}

  /**
   * Output of the guest: as it comes while an input runs; while a line is read (a call served
   * between inputs), whole lines above the prompt, so that {@code print("a", 1)}, written in
   * pieces, is one line there too.
   */
  private static final class Console {
    private final Terminal terminal;
    private final LineReader reader;
    private final StringBuilder pending = new StringBuilder();
    private volatile boolean reading;

    Console(Terminal terminal, LineReader reader) {
      this.terminal = terminal;
      this.reader = reader;
    }

    synchronized void print(String text, boolean error) {
      pending.append(text);
      if (reading) {
        int end = pending.lastIndexOf("\n");
        if (end >= 0) {
          reader.printAbove(pending.substring(0, end));
          pending.delete(0, end + 1);
        }
        return;
      }
      PrintWriter out = terminal.writer();
      out.print(pending);
      out.flush();
      pending.setLength(0);
    }
  }
}
