package org.polybridge.cli;

import java.util.List;
import java.util.Locale;
import org.polybridge.InvocationContext;
import org.polybridge.internal.json.Json;

/**
 * {@code polybridge start|restart NAME} (and {@code stop NAME}, through {@link StopCommand}): one
 * AutoLaunch script, the others untouched, through the built-in functions {@code
 * iterm2.start_script} and friends; prints the script's status after (JSON).
 */
final class ScriptCommand extends DaemonCommand {
  static final CommandSpec.Parameter NAME = new CommandSpec.Parameter("NAME",
      "The script's file or folder name in AutoLaunch, as `polybridge scripts` lists it.", CommandSpec.Parameter.Arity.ONE);

  private final String action;
  private final CommandSpec spec;

  private ScriptCommand(String action, String header, List<String> description) {
    this.action = action;
    this.spec = new CommandSpec(action, header, description, withAddress(), List.of(NAME));
  }

  static ScriptCommand start() {
    return new ScriptCommand("start", "Starts one AutoLaunch script that is not running.",
        List.of("A script stopped with `polybridge stop NAME`, or one that finished or failed, starts again."));
  }

  static ScriptCommand restart() {
    return new ScriptCommand("restart", "Stops one AutoLaunch script and starts it again.",
        List.of("Its registrations go and come back; the other scripts are not touched."));
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    return act(action, arguments.parameter(0), arguments, main);
  }

  /** Invokes {@code iterm2.<action>_script(name: NAME)} and prints the status it answers. */
  int act(String action, String name, Arguments arguments, Main main) throws Exception {
    String invocation = "iterm2." + action.toLowerCase(Locale.ROOT) + "_script(name: " + Json.write(name) + ")";
    printJson(main, ask(arguments, main, api -> api.invoke(invocation, InvocationContext.app(), null)));
    return 0;
  }

  /** {@code stop NAME}: {@link StopCommand} hands a named stop here. */
  static int stop(String name, Arguments arguments, Main main) throws Exception {
    return new ScriptCommand("stop", null, List.of("")).act("stop", name, arguments, main);
  }
}
