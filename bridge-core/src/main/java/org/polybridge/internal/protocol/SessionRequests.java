package org.polybridge.internal.protocol;

import java.util.List;
import java.util.Map;
import org.polybridge.json.Json;
import org.polybridge.proto.ActivateRequest;
import org.polybridge.proto.BroadcastDomain;
import org.polybridge.proto.GetBroadcastDomainsResponse;
import org.polybridge.proto.SetBroadcastDomainsRequest;
import org.polybridge.proto.SetBroadcastDomainsResponse;
import org.polybridge.proto.ActivateResponse;
import org.polybridge.proto.ProfileProperty;
import org.polybridge.proto.ReorderTabsRequest;
import org.polybridge.proto.ReorderTabsResponse;
import org.polybridge.proto.SplitPaneRequest;
import org.polybridge.proto.SplitPaneResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.polybridge.host.App;
import org.polybridge.host.Host;
import org.polybridge.host.Selection;
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
import org.polybridge.proto.SelectionMode;
import org.polybridge.proto.WindowedCoordRange;
import org.polybridge.proto.CloseResponse;
import org.polybridge.proto.CreateTabRequest;
import org.polybridge.proto.CreateTabResponse;
import org.polybridge.proto.InjectRequest;
import org.polybridge.proto.InjectResponse;
import org.polybridge.proto.SendTextRequest;
import org.polybridge.proto.SendTextResponse;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.internal.invocation.Futures;

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
    // as typing does in iTerm2, text goes to the session's whole broadcast domain unless suppressed
    List<Session> reached = request.getSuppressBroadcast() || targets.size() != 1 ? targets : app.broadcastTargets(targets.get(0));
    reached.forEach(s -> s.io().type(request.getText()));
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
        return done(ServerOriginatedMessage.newBuilder().setCreateTabResponse(
            CreateTabResponse.newBuilder().setStatus(CreateTabResponse.Status.INVALID_WINDOW_ID)));
      }
      window = found.get();
    }
    String profile = request.hasProfileName() ? request.getProfileName() : app.profiles().defaultProfile().name();
    if (app.profiles().named(profile).isEmpty()) {
      return done(ServerOriginatedMessage.newBuilder().setCreateTabResponse(
          CreateTabResponse.newBuilder().setStatus(CreateTabResponse.Status.INVALID_PROFILE_NAME)));
    }
    Map<String, Object> custom;
    try {
      custom = customProperties(request.getCustomProfilePropertiesList());
    } catch (IllegalArgumentException e) {
      return done(ServerOriginatedMessage.newBuilder().setError(e.getMessage()));
    }
    String command = request.hasCommand() ? request.getCommand()
        : "Yes".equals(custom.get("Custom Command")) && custom.get("Command") instanceof String c && !c.isBlank() ? c : null;
    return host.createTab(app, window, profile, command).handle((session, failure) -> {
      if (failure != null) {
        return ServerOriginatedMessage.newBuilder().setError("could not create a tab: " + Futures.unwrap(failure).getMessage());
      }
      ProfileRequests.apply(session, custom);
      Tab tab = session.tab();
      return ServerOriginatedMessage.newBuilder().setCreateTabResponse(CreateTabResponse.newBuilder()
          .setStatus(CreateTabResponse.Status.OK)
          .setWindowId(tab.window().id())
          .setTabId(Integer.parseInt(tab.id()))
          .setSessionId(session.id()));
    });
  }

  CompletableFuture<ServerOriginatedMessage.Builder> splitPane(SplitPaneRequest request) {
    SplitPaneResponse.Builder response = SplitPaneResponse.newBuilder();
    Optional<Session> session = app.session(request.getSession());
    if (session.isEmpty()) {
      return done(ServerOriginatedMessage.newBuilder().setSplitPaneResponse(response.setStatus(SplitPaneResponse.Status.SESSION_NOT_FOUND)));
    }
    String profile = request.hasProfileName() ? request.getProfileName() : app.profiles().defaultProfile().name();
    if (app.profiles().named(profile).isEmpty()) {
      return done(ServerOriginatedMessage.newBuilder().setSplitPaneResponse(response.setStatus(SplitPaneResponse.Status.INVALID_PROFILE_NAME)));
    }
    Map<String, Object> custom;
    try {
      custom = customProperties(request.getCustomProfilePropertiesList());
    } catch (IllegalArgumentException e) {
      return done(ServerOriginatedMessage.newBuilder().setSplitPaneResponse(
          response.setStatus(SplitPaneResponse.Status.MALFORMED_CUSTOM_PROFILE_PROPERTY)));
    }
    boolean vertical = request.getSplitDirection() == SplitPaneRequest.SplitDirection.VERTICAL;
    return host.splitPane(app, session.get(), vertical, request.getBefore(), profile).handle((created, failure) -> {
      if (failure != null) {
        return ServerOriginatedMessage.newBuilder().setError("could not split the pane: " + Futures.unwrap(failure).getMessage());
      }
      ProfileRequests.apply(created, custom);
      return ServerOriginatedMessage.newBuilder().setSplitPaneResponse(
          response.setStatus(SplitPaneResponse.Status.OK).addSessionId(created.id()));
    });
  }

  ServerOriginatedMessage.Builder setBroadcastDomains(SetBroadcastDomainsRequest request) {
    SetBroadcastDomainsResponse.Builder response = SetBroadcastDomainsResponse.newBuilder();
    List<List<Session>> domains = new java.util.ArrayList<>();
    for (var domain : request.getBroadcastDomainsList()) {
      List<Session> sessions = new java.util.ArrayList<>();
      for (String id : domain.getSessionIdsList()) {
        Optional<Session> s = app.session(id);
        if (s.isEmpty()) {
          return ServerOriginatedMessage.newBuilder().setSetBroadcastDomainsResponse(
              response.setStatus(SetBroadcastDomainsResponse.Status.SESSION_NOT_FOUND));
        }
        sessions.add(s.get());
      }
      domains.add(sessions);
    }
    try {
      app.setBroadcastDomains(domains);
    } catch (IllegalArgumentException e) {
      return ServerOriginatedMessage.newBuilder().setSetBroadcastDomainsResponse(response.setStatus(
          e.getMessage().contains("two broadcast domains")
              ? SetBroadcastDomainsResponse.Status.BROADCAST_DOMAINS_NOT_DISJOINT
              : SetBroadcastDomainsResponse.Status.SESSIONS_NOT_IN_SAME_WINDOW));
    }
    return ServerOriginatedMessage.newBuilder().setSetBroadcastDomainsResponse(response.setStatus(SetBroadcastDomainsResponse.Status.OK));
  }

  ServerOriginatedMessage.Builder broadcastDomains() {
    GetBroadcastDomainsResponse.Builder response = GetBroadcastDomainsResponse.newBuilder();
    for (List<Session> domain : app.broadcastDomains()) {
      response.addBroadcastDomains(BroadcastDomain.newBuilder().addAllSessionIds(domain.stream().map(Session::id).toList()));
    }
    return ServerOriginatedMessage.newBuilder().setGetBroadcastDomainsResponse(response);
  }

  ServerOriginatedMessage.Builder activate(ActivateRequest request) {
    Optional<Session> target = switch (request.getIdentifierCase()) {
      case SESSION_ID -> app.session(request.getSessionId());
      case TAB_ID -> app.tab(request.getTabId()).map(t -> t.currentSession());
      case WINDOW_ID -> app.window(request.getWindowId()).map(w -> w.currentTab()).map(t -> t.currentSession());
      case IDENTIFIER_NOT_SET -> Optional.empty();
    };
    if (request.getIdentifierCase() != ActivateRequest.IdentifierCase.IDENTIFIER_NOT_SET && target.isEmpty()) {
      return ServerOriginatedMessage.newBuilder().setActivateResponse(ActivateResponse.newBuilder().setStatus(ActivateResponse.Status.BAD_IDENTIFIER));
    }
    target.ifPresent(app::activate);
    return ServerOriginatedMessage.newBuilder().setActivateResponse(ActivateResponse.newBuilder().setStatus(ActivateResponse.Status.OK));
  }

  ServerOriginatedMessage.Builder reorderTabs(ReorderTabsRequest request) {
    ReorderTabsResponse.Builder response = ReorderTabsResponse.newBuilder();
    List<Map.Entry<Window, List<Tab>>> plan = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ReorderTabsRequest.Assignment a : request.getAssignmentsList()) {
      Optional<Window> window = app.window(a.getWindowId());
      if (window.isEmpty()) {
        return wrap(response.setStatus(ReorderTabsResponse.Status.INVALID_WINDOW_ID));
      }
      List<Tab> tabs = new java.util.ArrayList<>();
      for (String id : a.getTabIdsList()) {
        Optional<Tab> tab = app.tab(id);
        if (tab.isEmpty()) {
          return wrap(response.setStatus(ReorderTabsResponse.Status.INVALID_TAB_ID));
        }
        if (!seen.add(id)) {
          return wrap(response.setStatus(ReorderTabsResponse.Status.INVALID_ASSIGNMENT));
        }
        tabs.add(tab.get());
      }
      plan.add(Map.entry(window.get(), tabs));
    }
    plan.forEach(e -> e.getKey().setTabs(e.getValue()));
    return wrap(response.setStatus(ReorderTabsResponse.Status.OK));
  }

  private static ServerOriginatedMessage.Builder wrap(ReorderTabsResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setReorderTabsResponse(response);
  }

  private static Map<String, Object> customProperties(List<ProfileProperty> properties) {
    Map<String, Object> custom = new java.util.LinkedHashMap<>();
    for (ProfileProperty p : properties) {
      Object value;
      try {
        value = Json.parse(p.getJsonValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("profile property " + p.getKey() + " : " + p.getJsonValue() + " (expected: JSON text)");
      }
      custom.put(p.getKey(), ProfileKeys.checked(p.getKey(), value));
    }
    return custom;
  }

  private static CompletableFuture<ServerOriginatedMessage.Builder> done(ServerOriginatedMessage.Builder answer) {
    return CompletableFuture.completedFuture(answer);
  }

  /**
   * The last lines of a session's text: {@code trailing_lines} of them, or a screenful ({@code
   * rows}) for {@code screen_contents_only}, or the cells of a {@code windowed_coord_range}.
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
    } else if (range.hasWindowedCoordRange()) {
      return rangeOfLines(session.get(), range.getWindowedCoordRange(), response);
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

  /**
   * The cells of a coordinate range (what iTerm2's library reads a selection's text with): a line
   * that the range leaves before its end is continued ({@code SOFT_EOL}), so that the library adds
   * no newline after it.
   */
  private static ServerOriginatedMessage.Builder rangeOfLines(Session session, WindowedCoordRange range,
      GetBufferResponse.Builder response) {
    List<String> lines = session.io().lines();
    Optional<Selection.Part> part = SelectionRequests.part(range, SelectionMode.CHARACTER, false, SelectionRequests.gridLines(session));
    if (part.isEmpty()) {
      return ServerOriginatedMessage.newBuilder().setGetBufferResponse(response.setStatus(GetBufferResponse.Status.INVALID_LINE_RANGE));
    }
    for (Selection.Line line : part.get().lines(lines)) {
      response.addContents(LineContents.newBuilder().setText(line.text())
          .addCodePointsPerCell(CodePointsPerCell.newBuilder().setNumCodePoints(1).setRepeats(line.text().codePointCount(0, line.text().length())))
          .setContinuation(line.newline() ? LineContents.Continuation.CONTINUATION_HARD_EOL : LineContents.Continuation.CONTINUATION_SOFT_EOL));
    }
    String lastLine = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
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
