package org.polybridge;

import java.util.Optional;

/**
 * An invocation that did not produce a value: a function failed or timed out, no function matched,
 * a variable was unset, or the whole invocation ran out of time. The {@link #reason()} reads as a
 * chain from the outermost call inwards ({@code In call to show: In call to add: …}); the guest's
 * traceback, when a guest function failed, is kept in {@link #traceback()}.
 *
 * <pre>{@code
 * bridge.invoke("missing()").whenComplete((value, failure) -> {
 *   if (failure != null && failure.getCause() instanceof InvocationException e) {
 *     System.err.println(e.status() + ": " + e.reason());   // FAILED: No function registered for invocation missing(): …
 *     e.traceback().ifPresent(System.err::println);
 *   }
 * });
 * }</pre>
 */
public final class InvocationException extends BridgeException {
  private static final long serialVersionUID = 1L;

  /** Why an invocation failed, with the values of iTerm2's {@code InvokeFunctionResponse.Status}. */
  public enum Status {
    /** The whole invocation ran out of time. */
    TIMEOUT,
    /** A function failed, timed out, or matched nothing; a value had the wrong type. */
    FAILED,
    /** The expression did not parse or the request was incomplete. */
    REQUEST_MALFORMED,
    /** The session, tab or window named as the invocation's context does not exist. */
    INVALID_ID
  }

  private final Status status;
  private final String reason;
  private final String traceback;

  public InvocationException(Status status, String reason, String traceback) {
    super(traceback == null || traceback.isEmpty() ? reason : reason + "\n" + traceback);
    this.status = status;
    this.reason = reason;
    this.traceback = traceback == null || traceback.isEmpty() ? null : traceback;
  }

  public InvocationException(Status status, String reason) {
    this(status, reason, null);
  }

  public Status status() {
    return status;
  }

  /** The human reason, without the traceback. */
  public String reason() {
    return reason;
  }

  /** The guest traceback of the innermost failing function, when it had one. */
  public Optional<String> traceback() {
    return Optional.ofNullable(traceback);
  }

  /** The same failure seen from an enclosing call: {@code In call to f: <reason>}. */
  public InvocationException within(String functionName) {
    return new InvocationException(status, "In call to " + functionName + ": " + reason, traceback);
  }
}
