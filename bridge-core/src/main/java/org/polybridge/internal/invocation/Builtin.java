package org.polybridge.internal.invocation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.polybridge.host.Variables;

/** A function the host itself provides under the reserved {@code iterm2.} namespace. */
interface Builtin {
  /** The argument names it takes; all are required. */
  Set<String> arguments();

  CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope);

  /**
   * As {@link #call(Map, Variables)}, for {@code caller} (a connection, or the bridge itself) in an
   * invocation whose outcome is {@code outcome} (null: none), for built-ins that wait on a person.
   */
  default CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope, Object caller,
      CompletableFuture<?> outcome) {
    return call(arguments, scope);
  }
}
