package org.polybridge.internal.host;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.polybridge.host.App;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Window;
import org.polybridge.proto.CloseRequest;
import org.polybridge.proto.CodePointsPerCell;
import org.polybridge.proto.Coord;
import org.polybridge.proto.GetBufferRequest;
import org.polybridge.proto.GetBufferResponse;
import org.polybridge.proto.LineContents;
import org.polybridge.proto.LineRange;
import org.polybridge.proto.CloseResponse;
import org.polybridge.proto.CreateTabRequest;
import org.polybridge.proto.CreateTabResponse;
import org.polybridge.proto.InjectRequest;
import org.polybridge.proto.InjectResponse;
import org.polybridge.proto.SendTextRequest;
import org.polybridge.proto.SendTextResponse;
import org.polybridge.proto.ServerOriginatedMessage;

/** Requests that act on sessions: inject, send text, close, create a tab. */
final class SessionRequests {
  private final App app;
  private final Host host;

  SessionRequests(App app, Host host) {
    this.app = app;
    this.host = host;
  }

  ServerOriginatedMessage.Builder inject(InjectRequest request) {
    InjectResponse.Builder response = InjectResponse.newBuilder();
    byte[] data = request.getData().toByteArray();
    for (String id : request.getSessionIdList()) {
      List<Session> targets = "all".equals(id) ? app.sessions() : app.session(id).stream().toList();
      targets.forEach(s -> s.inject(data));
      response.addStatus(targets.isEmpty() && !"all".equals(id)
          ? InjectResponse.Status.SESSION_NOT_FOUND : InjectResponse.Status.OK);
    }
    return ServerOriginatedMessage.newBuilder().setInjectResponse(response);
  }

  ServerOriginatedMessage.Builder sendText(SendTextRequest request) {
    List<Session> targets = "all".equals(request.getSession())
        ? app.sessions()
        : app.session(request.getSession()).stream().toList();
    targets.forEach(s -> s.io().type(request.getText()));
    return ServerOriginatedMessage.newBuilder().setSendTextResponse(SendTextResponse.newBuilder().setStatus(
        targets.isEmpty() ? SendTextResponse.Status.SESSION_NOT_FOUND : SendTextResponse.Status.OK));
  }

  ServerOriginatedMessage.Builder close(CloseRequest request) {
    CloseResponse.Builder response = CloseResponse.newBuilder();
    switch (request.getTargetCase()) {
      case SESSIONS -> request.getSessions().getSessionIdsList().forEach(id ->
          response.addStatuses(close(app.session(id).map(s -> () -> s.io().close()))));
      case TABS -> request.getTabs().getTabIdsList().forEach(id ->
          response.addStatuses(close(app.tab(id).map(t -> () -> closeSessions(t.sessions())))));
      case WINDOWS -> request.getWindows().getWindowIdsList().forEach(id ->
          response.addStatuses(close(app.window(id).map(w -> () -> w.tabs().forEach(t -> closeSessions(t.sessions()))))));
      case TARGET_NOT_SET -> {
        return ServerOriginatedMessage.newBuilder().setError("CloseRequest names no sessions, tabs or windows");
      }
    }
    return ServerOriginatedMessage.newBuilder().setCloseResponse(response);
  }

  CompletableFuture<ServerOriginatedMessage.Builder> createTab(CreateTabRequest request) {
    Window window = null;
    if (request.hasWindowId()) {
      Optional<Window> found = app.window(request.getWindowId());
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(ServerOriginatedMessage.newBuilder().setCreateTabResponse(
            CreateTabResponse.newBuilder().setStatus(CreateTabResponse.Status.INVALID_WINDOW_ID)));
      }
      window = found.get();
    }
    return host.createTab(app, window, request.hasProfileName() ? request.getProfileName() : "Default")
        .handle((session, failure) -> {
          if (failure != null) {
            return ServerOriginatedMessage.newBuilder().setError(
                "could not create a tab: " + Futures.unwrap(failure).getMessage());
          }
          Tab tab = session.tab();
          return ServerOriginatedMessage.newBuilder().setCreateTabResponse(CreateTabResponse.newBuilder()
              .setStatus(CreateTabResponse.Status.OK)
              .setWindowId(tab.window().id())
              .setTabId(Integer.parseInt(tab.id()))
              .setSessionId(session.id()));
        });
  }

  /**
   * The last lines of a session's text: {@code trailing_lines} of them, or a screenful ({@code
   * rows}) for {@code screen_contents_only}. Coordinate ranges are not supported.
   */
  ServerOriginatedMessage.Builder buffer(GetBufferRequest request) {
    GetBufferResponse.Builder response = GetBufferResponse.newBuilder();
    Optional<Session> session = "all".equals(request.getSession()) ? Optional.empty() : app.session(request.getSession());
    if (session.isEmpty()) {
      return ServerOriginatedMessage.newBuilder().setGetBufferResponse(response.setStatus(
          "all".equals(request.getSession()) ? GetBufferResponse.Status.REQUEST_MALFORMED : GetBufferResponse.Status.SESSION_NOT_FOUND));
    }
    LineRange range = request.getLineRange();
    int wanted;
    if (range.hasTrailingLines() && range.getTrailingLines() >= 0) {
      wanted = range.getTrailingLines();
    } else if (range.getScreenContentsOnly()) {
      wanted = session.get().io().rows();
    } else {
      return ServerOriginatedMessage.newBuilder().setGetBufferResponse(response.setStatus(GetBufferResponse.Status.INVALID_LINE_RANGE));
    }
    List<String> lines = session.get().io().lines();
    List<String> last = lines.subList(Math.max(0, lines.size() - wanted), lines.size());
    for (String line : last) {
      response.addContents(LineContents.newBuilder().setText(line)
          .addCodePointsPerCell(CodePointsPerCell.newBuilder().setNumCodePoints(1).setRepeats(line.codePointCount(0, line.length()))));
    }
    String lastLine = last.isEmpty() ? "" : last.get(last.size() - 1);
    response.setCursor(Coord.newBuilder().setX(lastLine.codePointCount(0, lastLine.length())).setY(Math.max(0, lines.size() - 1)));
    return ServerOriginatedMessage.newBuilder().setGetBufferResponse(response.setStatus(GetBufferResponse.Status.OK));
  }

  private static void closeSessions(List<Session> sessions) {
    sessions.forEach(s -> s.io().close());
  }

  private static CloseResponse.Status close(Optional<Runnable> target) {
    target.ifPresent(Runnable::run);
    return target.isPresent() ? CloseResponse.Status.OK : CloseResponse.Status.NOT_FOUND;
  }
}
