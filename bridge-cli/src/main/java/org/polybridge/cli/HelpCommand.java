package org.polybridge.cli;

import java.util.List;

/** {@code polybridge help [COMMAND]}: a command's help, or polybridge's. */
final class HelpCommand implements Command {
  private static final CommandSpec SPEC = new CommandSpec("help", "Describes a command, or lists them all.", List.of(), List.of(),
      List.of(new CommandSpec.Parameter("COMMAND", "The command to describe.", CommandSpec.Parameter.Arity.OPTIONAL)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) {
    String name = arguments.parameter(0);
    if (name == null) {
      Main.printHelp(main.out());
    } else {
      Main.command(name).spec().printHelp(main.out());
    }
    return 0;
  }
}
