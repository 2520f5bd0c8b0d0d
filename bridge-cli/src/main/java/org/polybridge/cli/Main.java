package org.polybridge.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.UserFolders;

/**
 * The {@code polybridge} command: a daemon and the commands that talk to it.
 *
 * <pre>{@code
 * int status = new Main(System.getenv()).execute("invoke", "add(a: 1, b: 2)");
 * }</pre>
 *
 * <p>Standard output carries results (JSON unless a command says otherwise); a failure is one line
 * on standard error and status 1; a command line that does not fit is status 2, with the usage.
 */
public final class Main {
  /** The iTerm2 API protocol version polybridge speaks (the upgrade's {@code X-iTerm2-Protocol-Version}). */
  private static final String PROTOCOL = "1.17";

  /**
   * Every command's name, in the order the help lists them. A command is made only when it is
   * called ({@link #command}), so a one-shot command loads no other command's classes: {@code
   * repl}'s and {@code pty}'s need JLine, which the one-shot commands' class path leaves out
   * (docs/COMMAND-LINE.md, "Start-up").
   */
  private static final List<String> NAMES = List.of("run", "invoke", "functions", "scripts", "sessions", "send-text", "inject",
      "buffer", "auth", "pty", "keys", "triggers", "repl", "logs", "console", "start", "restart", "stop", "alerts", "service",
      "doctor", "stubs", "completion", "help");

  private final Map<String, String> environment;
  private final Supplier<AttachedPty.Streams> terminal;
  private final PrintWriter out;
  private final PrintWriter err;

  /** With this process's environment, standard input and output. */
  public Main() {
    this(System.getenv());
  }

  /** With {@code environment} in place of the process's, where ITERM2_COOKIE / ITERM2_KEY are looked up. */
  public Main(Map<String, String> environment) {
    this(environment, null);
  }

  /** With {@code terminal} in place of this process's standard input and output, for {@code pty}. */
  public Main(Map<String, String> environment, Supplier<AttachedPty.Streams> terminal) {
    this(environment, terminal, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  /** With {@code out} and {@code err} in place of standard output and standard error. */
  public Main(Map<String, String> environment, Supplier<AttachedPty.Streams> terminal, PrintWriter out, PrintWriter err) {
    this.environment = Map.copyOf(environment);
    this.terminal = terminal;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main().execute(args));
  }

  /** Runs the command line {@code args}; returns the exit status. */
  public int execute(String... args) {
    try {
      if (args.length == 0) {
        printHelp(err);
        return 0;
      }
      switch (args[0]) {
        case "-h", "--help" -> {
          printHelp(out);
          return 0;
        }
        case "-V", "--version" -> {
          out.println(version());
          out.flush();
          return 0;
        }
        default -> { }
      }
      Command command = command(args[0]);
      Arguments arguments = command.spec().parse(List.of(args).subList(1, args.length));
      if (arguments.help()) {
        command.spec().printHelp(out);
        return 0;
      }
      return command.run(arguments, this);
    } catch (UsageException e) {
      CommandSpec command = e.command();
      err.println("polybridge: " + e.getMessage());
      err.println(command == null ? "Usage: polybridge [-hV] COMMAND" : command.usage());
      err.println("(`polybridge " + (command == null ? "" : command.name() + " ") + "--help` says more)");
      err.flush();
      return 2;
    } catch (Exception e) {
      err.println("polybridge: " + describe(e));
      err.flush();
      return 1;
    }
  }

  /**
   * {@code polybridge 0.1.0 (iTerm2 API protocol 1.17)}: the version is the jar's manifest's {@code
   * Implementation-Version}, which the build writes; classes outside a jar (an IDE, the tests) say
   * so instead.
   */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return "polybridge " + (version != null ? version : "(not built: no jar manifest)") + " (iTerm2 API protocol " + PROTOCOL + ")";
  }

  Map<String, String> environment() {
    return environment;
  }

  /** The user's folders for this command's environment (its XDG variables) and Java's {@code user.home}. */
  UserFolders folders() {
    return UserFolders.of(environment, Path.of(System.getProperty("user.home")));
  }

  AttachedPty.Streams terminal() {
    return terminal == null ? AttachedPty.Streams.standard() : terminal.get();
  }

  PrintWriter out() {
    return out;
  }

  /** Standard error: what a command says to its user besides its result. */
  PrintWriter err() {
    return err;
  }

  /** Every command, in the order the help lists them. */
  static List<Command> commands() {
    return NAMES.stream().map(Main::command).toList();
  }

  /** The command named {@code name}. */
  static Command command(String name) {
    return switch (name) {
      case "run" -> new RunCommand();
      case "invoke" -> new InvokeCommand();
      case "functions" -> new FunctionsCommand();
      case "scripts" -> new ScriptsCommand();
      case "sessions" -> new SessionsCommand();
      case "send-text" -> new SessionCommands.SendText();
      case "inject" -> new SessionCommands.Inject();
      case "buffer" -> new SessionCommands.Buffer();
      case "auth" -> new AuthCommand();
      case "pty" -> new PtyCommand();
      case "keys" -> new ConfigCommands.Keys();
      case "triggers" -> new ConfigCommands.Triggers();
      case "repl" -> new ReplCommand();
      case "logs" -> new LogsCommand();
      case "console" -> new ConsoleCommand();
      case "start" -> ScriptCommand.start();
      case "restart" -> ScriptCommand.restart();
      case "stop" -> new StopCommand();
      case "alerts" -> new AlertsCommand();
      case "service" -> new ServiceCommand();
      case "doctor" -> new DoctorCommand();
      case "stubs" -> new StubsCommand();
      case "completion" -> new CompletionCommand();
      case "help" -> new HelpCommand();
      default -> throw new UsageException(null, (name.startsWith("-") ? "no option " : "no command ") + name
          + " (expected: a command, one of " + String.join(", ", NAMES) + ", or --help, --version)");
    };
  }

  /** polybridge's own help: its usage and its commands. */
  static void printHelp(PrintWriter out) {
    out.println("Usage: polybridge [-hV] COMMAND");
    out.println("A polyglot scripting bridge speaking iTerm2's scripting API.");
    out.println("  -h, --help      Shows this help and exits.");
    out.println("  -V, --version   Prints the version and exits.");
    out.println("Commands:");
    List<Command> commands = commands();
    int width = commands.stream().mapToInt(c -> c.spec().name().length()).max().orElse(0) + 3;
    for (Command c : commands) {
      CommandSpec spec = c.spec();
      String summary = spec.header() != null ? spec.header() : spec.description().getFirst();
      out.println("  " + spec.name() + " ".repeat(width - spec.name().length()) + summary);
    }
    out.println("`polybridge COMMAND --help` describes a command.");
    out.flush();
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
