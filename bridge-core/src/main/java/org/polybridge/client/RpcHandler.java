package org.polybridge.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a registered function: gets its arguments by name (JSON values; any may be {@code null}) and
 * completes with a JSON value. A failure travels back to the caller as the function's error, with
 * the traceback of a {@link org.polybridge.ScriptException}.
 *
 * <pre>{@code
 * RpcHandler add = arguments -> CompletableFuture.completedFuture((Long) arguments.get("a") + (Long) arguments.get("b"));
 * api.register(RpcDefinition.of("add", "a", "b"), add).join();
 * }</pre>
 */
@FunctionalInterface
public interface RpcHandler {
  CompletableFuture<Object> call(Map<String, Object> arguments);
}
