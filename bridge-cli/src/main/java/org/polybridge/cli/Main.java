package org.polybridge.cli;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.polybridge.cli.host.AttachedPty;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code polybridge} command: a daemon and the commands that talk to it. */
@Command(
    name = "polybridge",
    mixinStandardHelpOptions = true,
    version = "polybridge 0.1.0 (iTerm2 API protocol 1.17)",
    description = "A polyglot scripting bridge speaking iTerm2's scripting API.",
    subcommands = {RunCommand.class, InvokeCommand.class, FunctionsCommand.class, ScriptsCommand.class, SessionsCommand.class,
        SessionCommands.SendText.class, SessionCommands.Inject.class, SessionCommands.Buffer.class, AuthCommand.class, PtyCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;
  private final Supplier<AttachedPty.Streams> terminal;

  public Main() {
    this(System.getenv(), AttachedPty.Streams::standard);
  }

  /** With {@code environment} in place of the process's, where ITERM2_COOKIE / ITERM2_KEY are looked up. */
  public Main(Map<String, String> environment) {
    this(environment, AttachedPty.Streams::standard);
  }

  /** With {@code terminal} in place of this process's standard input and output, for {@code pty}. */
  public Main(Map<String, String> environment, Supplier<AttachedPty.Streams> terminal) {
    this.environment = Map.copyOf(environment);
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new Main()).execute(args));
  }

  /** The command line for {@code main}, with errors reported as one line on stderr and status 1. */
  public static CommandLine commandLine(Main main) {
    return new CommandLine(main)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("polybridge: " + describe(e));
          cmd.getErr().flush();
          return 1;
        });
  }

  Map<String, String> environment() {
    return environment;
  }

  AttachedPty.Streams terminal() {
    return terminal.get();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The message of a failure, without the wrappers of futures. */
  static String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
