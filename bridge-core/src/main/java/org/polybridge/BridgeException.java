package org.polybridge;

/**
 * The root of the bridge's own failures. Subclasses say which part failed: {@link
 * ExpressionSyntaxException} (an invocation that does not parse), {@link InvocationException} (a
 * call that failed, timed out or matched no function), {@link ProtocolException} (a peer that broke
 * the protocol) and {@link ScriptException} (a guest script that failed). Misuse of the Java API
 * throws the JDK's own types ({@link IllegalArgumentException}, {@link IllegalStateException}).
 *
 * <pre>{@code
 * bridge.invoke("show(s: add(a: 1, b: 2))").exceptionally(failure -> {
 *   if (failure.getCause() instanceof InvocationException e) {
 *     log.warn(e.reason() + e.traceback().map(t -> "\n" + t).orElse(""));   // "In call to show: …", then the guest's traceback
 *   }
 *   return null;
 * });
 * }</pre>
 */
public class BridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BridgeException(String message) {
    super(message);
  }

  public BridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
