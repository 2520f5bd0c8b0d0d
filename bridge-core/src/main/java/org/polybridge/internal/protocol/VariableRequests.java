package org.polybridge.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Variables;
import org.polybridge.host.Window;
import org.polybridge.json.Json;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.VariableRequest;
import org.polybridge.proto.VariableResponse;
import org.polybridge.proto.VariableResponse.Status;

/** Get and set variables over the protocol. Clients may set only {@code user.} names. */
final class VariableRequests {
  private VariableRequests() {}

  static ServerOriginatedMessage.Builder handle(App app, VariableRequest request) {
    List<Variables> scopes = new ArrayList<>();
    Status found = scopes(app, request, scopes);
    if (found != Status.OK) {
      return response(VariableResponse.newBuilder().setStatus(found));
    }
    boolean many = request.getScopeCase() == VariableRequest.ScopeCase.SESSION_ID && "all".equals(request.getSessionId());
    if ((many || scopes.size() != 1) && request.getGetCount() > 0) {
      return response(VariableResponse.newBuilder().setStatus(Status.MULTI_GET_DISALLOWED));
    }
    List<Map.Entry<String, Object>> sets = new ArrayList<>();
    for (VariableRequest.Set set : request.getSetList()) {
      // as iTerm2: only the prefix is checked, so user.a.b is a name of its own
      if (!set.getName().startsWith("user.") || set.getName().length() == "user.".length()) {
        return response(VariableResponse.newBuilder().setStatus(Status.INVALID_NAME));
      }
      try {
        sets.add(new java.util.AbstractMap.SimpleEntry<>(set.getName(), Json.parse(set.getValue())));
      } catch (IllegalArgumentException e) {
        return ServerOriginatedMessage.newBuilder().setError("value of " + set.getName() + " is " + e.getMessage());
      }
    }
    try {
      for (Variables scope : scopes) {
        sets.forEach(e -> scope.set(e.getKey(), e.getValue()));
      }
    } catch (IllegalArgumentException e) { // too large
      return ServerOriginatedMessage.newBuilder().setError(e.getMessage());
    }
    VariableResponse.Builder response = VariableResponse.newBuilder().setStatus(Status.OK);
    for (String name : request.getGetList()) {
      Variables scope = scopes.get(0);
      response.addValues(Json.write("*".equals(name) ? scope.all() : scope.get(name).orElse(null)));
    }
    return response(response);
  }

  private static Status scopes(App app, VariableRequest request, List<Variables> out) {
    switch (request.getScopeCase()) {
      case SESSION_ID -> {
        if ("all".equals(request.getSessionId())) {
          app.sessions().forEach(s -> out.add(s.variables()));
          return Status.OK;
        }
        return app.session(request.getSessionId()).map(Session::variables).map(v -> add(out, v))
            .orElse(Status.SESSION_NOT_FOUND);
      }
      case TAB_ID -> {
        return app.tab(request.getTabId()).map(Tab::variables).map(v -> add(out, v)).orElse(Status.TAB_NOT_FOUND);
      }
      case WINDOW_ID -> {
        return app.window(request.getWindowId()).map(Window::variables).map(v -> add(out, v))
            .orElse(Status.WINDOW_NOT_FOUND);
      }
      case APP -> {
        return add(out, app.variables());
      }
      default -> {
        return Status.MISSING_SCOPE;
      }
    }
  }

  private static Status add(List<Variables> out, Variables v) {
    out.add(v);
    return Status.OK;
  }

  private static ServerOriginatedMessage.Builder response(VariableResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setVariableResponse(response);
  }
}
