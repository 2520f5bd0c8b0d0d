package org.polybridge.internal.rpc;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.polybridge.client.RpcDefinition;

/**
 * What identifies a registered function, as the registry keeps it: its name and the set of its
 * argument names, printed by the rule of {@link RpcDefinition#signature(String, Collection)}.
 */
public record Signature(String name, SortedSet<String> arguments) {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

  public Signature {
    arguments = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(arguments));
  }

  /**
   * A signature from a registration; refuses names outside {@code [A-Za-z0-9_]} and duplicate
   * argument names with {@link IllegalArgumentException} naming the culprit.
   */
  public static Signature of(String name, Collection<String> arguments) {
    requireIdentifier("function name", name);
    TreeSet<String> set = new TreeSet<>();
    for (String argument : arguments) {
      requireIdentifier("argument name", argument);
      if (!set.add(argument)) {
        throw new IllegalArgumentException("duplicate argument name '" + argument + "' in function " + name);
      }
    }
    return new Signature(name, set);
  }

  /** The same signature under a role's namespace, e.g. {@code statusbar.<uid>.name}. */
  public Signature inNamespace(String namespace) {
    return new Signature(namespace + name, arguments);
  }

  static void requireIdentifier(String what, String value) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " : '" + value + "' (expected: letters, digits and '_' only, at least one)");
    }
  }

  @Override
  public String toString() {
    return RpcDefinition.signature(name, arguments);
  }
}
