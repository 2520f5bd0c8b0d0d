package org.polybridge.internal.protocol;

import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Variables;
import org.polybridge.host.Window;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.proto.InvokeFunctionResponse;

/** The context an invocation runs in: whose variables its paths and references see. */
final class InvocationScopes {
  private InvocationScopes() {}

  /** The scope named by the request, or null when it names nothing that exists. */
  static Variables resolve(App app, InvokeFunctionRequest request) {
    return switch (request.getContextCase()) {
      case SESSION -> app.session(request.getSession().getSessionId()).map(Session::variables).orElse(null);
      case TAB -> app.tab(request.getTab().getTabId()).map(Tab::variables).orElse(null);
      case WINDOW -> app.window(request.getWindow().getWindowId()).map(Window::variables).orElse(null);
      case APP, CONTEXT_NOT_SET -> app.variables();
      case METHOD -> method(app, request.getMethod().getReceiver());
    };
  }

  /** A method's receiver: the session, tab or window with that id. */
  private static Variables method(App app, String receiver) {
    return app.session(receiver).map(Session::variables)
        .or(() -> app.tab(receiver).map(Tab::variables))
        .or(() -> app.window(receiver).map(Window::variables))
        .orElse(null);
  }

  /** The scope of an in-JVM caller's context, or null when it names nothing that exists. */
  static Variables resolve(App app, InvocationContext context) {
    return switch (context.kind()) {
      case SESSION -> app.session(context.id()).map(Session::variables).orElse(null);
      case TAB -> app.tab(context.id()).map(Tab::variables).orElse(null);
      case WINDOW -> app.window(context.id()).map(Window::variables).orElse(null);
      case APP -> app.variables();
    };
  }

  /** Why an in-JVM caller's context has no scope, as {@link #invalidContext(InvokeFunctionRequest)} says it. */
  static InvocationException invalidContext(InvocationContext context) {
    String kind = context.kind().name().toLowerCase(java.util.Locale.ROOT);
    return new InvocationException(InvocationException.Status.INVALID_ID, "no " + kind + " with id '" + context.id() + "'");
  }

  static InvokeFunctionResponse invalidContext(InvokeFunctionRequest request) {
    String what = switch (request.getContextCase()) {
      case SESSION -> "no session with id '" + request.getSession().getSessionId() + "'";
      case TAB -> "no tab with id '" + request.getTab().getTabId() + "'";
      case WINDOW -> "no window with id '" + request.getWindow().getWindowId() + "'";
      default -> "no session, tab or window with id '" + request.getMethod().getReceiver() + "' (the method's receiver)";
    };
    InvocationException.Status status = InvocationException.Status.INVALID_ID;
    return InvocationRequests.failure(new InvocationException(status, what));
  }
}
