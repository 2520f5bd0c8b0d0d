package org.polybridge.internal.host;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.polybridge.host.Variables;

/** A function the host itself provides under the reserved {@code iterm2.} namespace. */
interface Builtin {
  /** The argument names it takes; all are required. */
  Set<String> arguments();

  CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope);
}
