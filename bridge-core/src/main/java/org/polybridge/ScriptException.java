package org.polybridge;

import java.util.Optional;

/**
 * A guest script failed: while loading, in a callback, or in a function it serves. Keeps the
 * guest's own traceback, which travels with the error to whoever called the function. A Java
 * function may throw one to answer like a guest:
 *
 * <pre>{@code
 * bridge.register(RpcDefinition.of("parse", "text"), a -> {
 *   throw new ScriptException("not a number: " + a.get("text"), "at parse (Parser.java:12)");
 * });
 * }</pre>
 */
public final class ScriptException extends BridgeException {
  private static final long serialVersionUID = 1L;

  private final String traceback;

  public ScriptException(String message, String traceback) {
    super(message);
    this.traceback = traceback == null || traceback.isEmpty() ? null : traceback;
  }

  public ScriptException(String message, String traceback, Throwable cause) {
    super(message, cause);
    this.traceback = traceback == null || traceback.isEmpty() ? null : traceback;
  }

  /** The guest's traceback, in the guest language's own format. */
  public Optional<String> traceback() {
    return Optional.ofNullable(traceback);
  }
}
