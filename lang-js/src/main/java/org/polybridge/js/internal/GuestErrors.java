package org.polybridge.js.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.polybridge.BridgeException;
import org.polybridge.ScriptException;
import org.polybridge.script.RuntimeFault;

/** JavaScript failures as the bridge reports them: a reason, and the JS stack as the traceback. */
final class GuestErrors {
  private GuestErrors() {}

  /** A failure that came out of a call into the context. */
  static ScriptException of(PolyglotException e) {
    if (e.isSyntaxError()) {
      return new ScriptException(e.getMessage(), location(e), e);
    }
    if (e.isHostException()) {
      Throwable host = e.asHostException();
      return new ScriptException(host instanceof BridgeException ? host.getMessage() : host.toString(), guestStack(e), e);
    }
    // An engine's internal error (seen: a regular expression's state raced between two scripts
    // loading at once) is not the script's: the loader gives such a load a second chance.
    return new ScriptException(e.getMessage() != null ? e.getMessage() : "unknown JavaScript error", traceback(e),
        e.isInternalError() ? new RuntimeFault(e) : e);
  }

  /** A failure the guest passed to the host as a value (a promise's rejection). */
  static String stackOf(Value error) {
    if (error != null && error.hasMembers()) {
      Value stack = error.getMember("stack");
      if (stack != null && stack.isString()) {
        return stack.asString();
      }
    }
    return null;
  }

  /** The reason of a host-side failure, for a JS {@code Error}'s message. */
  static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof BridgeException || cause.getMessage() != null && cause instanceof IllegalArgumentException
        ? cause.getMessage() : cause.toString();
  }

  private static String traceback(PolyglotException e) {
    if (e.isGuestException() && !e.isInterrupted() && !e.isCancelled()) {
      String stack = stackOf(e.getGuestObject());
      if (stack != null) {
        String header = e.getMessage();
        return header != null && stack.startsWith(header + "\n") ? stack.substring(header.length() + 1) : stack;
      }
    }
    return guestStack(e);
  }

  /** The guest frames of the polyglot stack, in the JS stack's own format. */
  static String guestStack(PolyglotException e) {
    List<String> lines = new ArrayList<>();
    for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
      if (frame.isGuestFrame()) {
        String where = frame.getSourceLocation() == null ? "<unknown>"
            : frame.getSourceLocation().getSource().getName() + ":" + frame.getSourceLocation().getStartLine()
                + ":" + frame.getSourceLocation().getStartColumn();
        String function = frame.getRootName();
        lines.add(function == null || function.isEmpty() || function.equals(":program")
            ? "    at " + where : "    at " + function + " (" + where + ")");
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static String location(PolyglotException e) {
    var at = e.getSourceLocation();
    return at == null ? null : "    at " + at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
  }
}
