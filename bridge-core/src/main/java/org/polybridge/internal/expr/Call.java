package org.polybridge.internal.expr;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A call of a registered function with named arguments; the name may be dotted. */
public record Call(String name, List<Argument> arguments, int column) implements Expression {
  public Call {
    Nodes.requireDottedName(name);
    arguments = List.copyOf(arguments);
    Set<String> seen = new HashSet<>();
    for (Argument argument : arguments) {
      if (!seen.add(argument.name())) {
        throw new IllegalArgumentException("argument '" + argument.name() + "' appears twice");
      }
    }
    Nodes.requireColumn(column);
  }

  @Override
  public String source() {
    return arguments.stream()
        .map(Argument::source)
        .collect(Collectors.joining(", ", name + "(", ")"));
  }
}
