package org.polybridge.internal.protocol;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.polybridge.host.App;
import org.polybridge.host.TmuxConnection;
import org.polybridge.host.Window;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.TmuxRequest;
import org.polybridge.proto.TmuxResponse;

/**
 * iTerm2's {@code TmuxRequest}: list the tmux connections, send one a command, open a tmux window,
 * hide or show one. Answers as iTerm2 does: a command tmux failed is {@code OK} without output.
 */
final class TmuxRequests {
  private TmuxRequests() {}

  static CompletableFuture<ServerOriginatedMessage.Builder> handle(App app, TmuxRequest request) {
    return switch (request.getPayloadCase()) {
      case LIST_CONNECTIONS -> done(list(app));
      case SEND_COMMAND -> send(app, request.getSendCommand());
      case CREATE_WINDOW -> create(app, request.getCreateWindow());
      case SET_WINDOW_VISIBLE -> visible(app, request.getSetWindowVisible());
      case PAYLOAD_NOT_SET -> done(status(TmuxResponse.Status.INVALID_REQUEST));
    };
  }

  private static TmuxResponse.Builder list(App app) {
    TmuxResponse.ListConnections.Builder list = TmuxResponse.ListConnections.newBuilder();
    for (TmuxConnection c : app.tmuxConnections()) {
      list.addConnections(TmuxResponse.ListConnections.Connection.newBuilder()
          .setConnectionId(c.id()).setOwningSessionId(c.owningSession().id()));
    }
    return TmuxResponse.newBuilder().setStatus(TmuxResponse.Status.OK).setListConnections(list);
  }

  private static CompletableFuture<ServerOriginatedMessage.Builder> send(App app, TmuxRequest.SendCommand request) {
    Optional<TmuxConnection> connection = app.tmuxConnection(request.getConnectionId());
    if (connection.isEmpty()) {
      return done(status(TmuxResponse.Status.INVALID_CONNECTION_ID));
    }
    CompletableFuture<String> output;
    try {
      output = connection.get().sendCommand(request.getCommand());
    } catch (IllegalArgumentException e) {
      return done(status(TmuxResponse.Status.INVALID_REQUEST));
    }
    return output.handle((text, failure) -> {
      TmuxResponse.SendCommand.Builder answer = TmuxResponse.SendCommand.newBuilder();
      if (failure == null) {
        answer.setOutput(text);
      }
      return wrap(TmuxResponse.newBuilder().setStatus(TmuxResponse.Status.OK).setSendCommand(answer));
    });
  }

  private static CompletableFuture<ServerOriginatedMessage.Builder> create(App app, TmuxRequest.CreateWindow request) {
    Optional<TmuxConnection> connection = app.tmuxConnection(request.getConnectionId());
    if (connection.isEmpty()) {
      return done(status(TmuxResponse.Status.INVALID_CONNECTION_ID));
    }
    Window target = null;
    if (request.hasAffinity() && !request.getAffinity().isEmpty()) {
      Optional<Window> found = affinity(app, connection.get(), request.getAffinity());
      if (found.isEmpty()) {
        return done(status(TmuxResponse.Status.INVALID_WINDOW_ID));
      }
      target = found.get();
    }
    return connection.get().createWindow(target).handle((tab, failure) -> failure != null
        ? wrap(status(TmuxResponse.Status.INVALID_REQUEST))
        : wrap(TmuxResponse.newBuilder().setStatus(TmuxResponse.Status.OK)
            .setCreateWindow(TmuxResponse.CreateWindow.newBuilder().setTabId(tab.id()))));
  }

  /** iTerm2's affinity: {@code -<n>} the window numbered {@code n - 1}; else a tmux window's number, whose window it is. */
  private static Optional<Window> affinity(App app, TmuxConnection connection, String affinity) {
    try {
      int n = Integer.parseInt(affinity.startsWith("@") ? affinity.substring(1) : affinity);
      if (n < 0) {
        long number = -n - 1L;
        return app.windows().stream()
            .filter(w -> w.variables().get("number").map(v -> ((Number) v).longValue() == number).orElse(false)).findFirst();
      }
      String tmuxWindow = Integer.toString(n);
      return connection.tabs().stream().filter(t -> connection.windowNumber(t).orElse("").equals(tmuxWindow))
          .map(t -> t.window()).findFirst();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static CompletableFuture<ServerOriginatedMessage.Builder> visible(App app, TmuxRequest.SetWindowVisible request) {
    Optional<TmuxConnection> connection = app.tmuxConnection(request.getConnectionId());
    if (connection.isEmpty()) {
      return done(status(TmuxResponse.Status.INVALID_CONNECTION_ID));
    }
    try {
      return connection.get().setWindowVisible(request.getWindowId(), request.getVisible())
          .handle((ok, failure) -> wrap(status(TmuxResponse.Status.OK)
              .setSetWindowVisible(TmuxResponse.SetWindowVisible.getDefaultInstance())));
    } catch (IllegalArgumentException e) {
      return done(status(TmuxResponse.Status.INVALID_WINDOW_ID));
    }
  }

  private static TmuxResponse.Builder status(TmuxResponse.Status status) {
    return TmuxResponse.newBuilder().setStatus(status);
  }

  private static CompletableFuture<ServerOriginatedMessage.Builder> done(TmuxResponse.Builder response) {
    return CompletableFuture.completedFuture(wrap(response));
  }

  private static ServerOriginatedMessage.Builder wrap(TmuxResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setTmuxResponse(response);
  }
}
