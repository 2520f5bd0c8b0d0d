package org.polybridge.internal.host;

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
      case METHOD -> null;
    };
  }

  static InvokeFunctionResponse invalidContext(InvokeFunctionRequest request) {
    String what = switch (request.getContextCase()) {
      case SESSION -> "no session with id '" + request.getSession().getSessionId() + "'";
      case TAB -> "no tab with id '" + request.getTab().getTabId() + "'";
      case WINDOW -> "no window with id '" + request.getWindow().getWindowId() + "'";
      default -> "method invocations are not supported by polybridge";
    };
    InvocationException.Status status = request.getContextCase() == InvokeFunctionRequest.ContextCase.METHOD
        ? InvocationException.Status.REQUEST_MALFORMED
        : InvocationException.Status.INVALID_ID;
    return ServerConnection.failure(new InvocationException(status, what));
  }
}
