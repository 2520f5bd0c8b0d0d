package org.polybridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.polybridge.InvocationContext;
import org.polybridge.json.Json;

/**
 * {@code polybridge start|restart NAME} (and {@code stop NAME}, through {@link StopCommand}): one
 * script, the others untouched, through the built-in functions {@code iterm2.start_script} and
 * friends; prints the script's status after (JSON). {@code start PATH} (an argument with a {@code
 * /}) runs a script file or folder from anywhere on demand ({@code iterm2.run_script}).
 */
final class ScriptCommand extends DaemonCommand {
  static final CommandSpec.Parameter NAME = new CommandSpec.Parameter("NAME",
      "The script's file or folder name in AutoLaunch, as `polybridge scripts` lists it.", CommandSpec.Parameter.Arity.ONE);

  static final CommandSpec.Parameter NAME_OR_PATH = new CommandSpec.Parameter("NAME|PATH",
      "A script's name, as `polybridge scripts --all` lists it (AutoLaunch, then the Scripts folder), or the path of a"
          + " script file or folder (it has a `/`: ./hello.py).", CommandSpec.Parameter.Arity.ONE);

  private final String action;
  private final CommandSpec spec;

  private ScriptCommand(String action, String header, List<String> description, CommandSpec.Parameter parameter) {
    this.action = action;
    this.spec = new CommandSpec(action, header, description, withAddress(), List.of(parameter));
  }

  static ScriptCommand start() {
    return new ScriptCommand("start", "Starts one script that is not running: by name, or a file or folder by its path.",
        List.of("A script stopped with `polybridge stop NAME`, or one that finished or failed, starts again. A script of the",
            "Scripts folder (beside AutoLaunch) or at PATH runs on demand, as from iTerm2's Scripts menu: a simple script",
            "to its end, a daemon until stopped; it is not started again when it ends, crashes (FAILED) or changes."),
        NAME_OR_PATH);
  }

  static ScriptCommand restart() {
    return new ScriptCommand("restart", "Stops one AutoLaunch script and starts it again.",
        List.of("Its registrations go and come back; the other scripts are not touched."), NAME);
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    String name = arguments.parameter(0);
    if (action.equals("start") && name.contains("/")) {
      String path = Path.of(name).toAbsolutePath().normalize().toString();
      String invocation = "iterm2.run_script(path: " + Json.write(path) + ")";
      printJson(main, ask(arguments, main, api -> api.invoke(invocation, InvocationContext.app(), null)));
      return 0;
    }
    try {
      return act(action, name, arguments, main);
    } catch (org.polybridge.InvocationException e) {
      if (action.equals("start") && Files.exists(Path.of(name))) {
        throw new IllegalStateException(Main.describe(e) + " (to run the file here: polybridge start ./" + name + ")", e);
      }
      throw e;
    }
  }

  /** Invokes {@code iterm2.<action>_script(name: NAME)} and prints the status it answers. */
  int act(String action, String name, Arguments arguments, Main main) throws Exception {
    String invocation = "iterm2." + action.toLowerCase(Locale.ROOT) + "_script(name: " + Json.write(name) + ")";
    printJson(main, ask(arguments, main, api -> api.invoke(invocation, InvocationContext.app(), null)));
    return 0;
  }

  /** {@code stop NAME}: {@link StopCommand} hands a named stop here. */
  static int stop(String name, Arguments arguments, Main main) throws Exception {
    return new ScriptCommand("stop", null, List.of(""), NAME).act("stop", name, arguments, main);
  }
}
