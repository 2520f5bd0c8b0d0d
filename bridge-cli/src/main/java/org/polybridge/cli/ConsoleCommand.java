package org.polybridge.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polybridge.InvocationContext;

/**
 * {@code polybridge console}: asks the daemon for an address of its browser console ({@code
 * iterm2.console()}: a one-time token on 127.0.0.1, docs/CONSOLE.md), prints it, and opens it with
 * {@code xdg-open} where there is a display.
 */
final class ConsoleCommand extends DaemonCommand {
  private static final CommandSpec.Option TABLE = CommandSpec.Option.flag("--table", "Prints the address alone, for people, instead of JSON.");
  private static final CommandSpec.Option NO_OPEN = CommandSpec.Option.flag("--no-open", "Prints the address without opening a browser.");
  private static final CommandSpec SPEC = new CommandSpec("console", "Opens the daemon's script console in a browser.",
      List.of("The page shows every script (state, log, restart), every function (with a box to invoke them) and",
          "every session (variables, screen). Prints the address, {\"url\": …} (JSON; --table: the address alone),",
          "whose token is good once and for 5 minutes, and opens it with xdg-open where there is a display",
          "(DISPLAY or WAYLAND_DISPLAY)."),
      withAddress(TABLE, NO_OPEN), List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    Map<?, ?> address = (Map<?, ?>) ask(arguments, main, api -> api.invoke("iterm2.console()", InvocationContext.app(), null));
    String url = (String) address.get("url");
    if (arguments.flag(TABLE.name())) {
      main.out().println(url);
      main.out().flush();
    } else {
      printJson(main, address);
    }
    if (!arguments.flag(NO_OPEN.name())) {
      open(url, main);
    }
    return 0;
  }

  /** Hands {@code url} to {@code xdg-open} when a display and the program exist; says so on stderr either way. */
  private static void open(String url, Main main) {
    Map<String, String> env = main.environment();
    boolean display = env.get("DISPLAY") != null && !env.get("DISPLAY").isEmpty()
        || env.get("WAYLAND_DISPLAY") != null && !env.get("WAYLAND_DISPLAY").isEmpty();
    Optional<Path> opener = display ? onPath("xdg-open", env.get("PATH")) : Optional.empty();
    if (opener.isEmpty()) {
      main.err().println("polybridge: open it in a browser on this machine ("
          + (display ? "xdg-open is not installed" : "no display: DISPLAY and WAYLAND_DISPLAY are unset") + ")");
      main.err().flush();
      return;
    }
    try {
      new ProcessBuilder(opener.get().toString(), url).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      main.err().println("polybridge: opened in the browser");
    } catch (IOException e) {
      main.err().println("polybridge: could not start " + opener.get() + " (" + e.getMessage() + "): open the address yourself");
    }
    main.err().flush();
  }

  private static Optional<Path> onPath(String program, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
