package org.polybridge.internal.host;

import java.util.Optional;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Variables;
import org.polybridge.host.Window;
import org.polybridge.proto.FocusChangedNotification;
import org.polybridge.proto.FocusResponse;
import org.polybridge.proto.Frame;
import org.polybridge.proto.ListSessionsResponse;
import org.polybridge.proto.Point;
import org.polybridge.proto.SessionSummary;
import org.polybridge.proto.Size;
import org.polybridge.proto.SplitTreeNode;
import org.polybridge.proto.VariableScope;

/** The app model as protocol messages. */
final class ModelMessages {
  private static final int CELL_WIDTH = 7;
  private static final int CELL_HEIGHT = 14;

  private ModelMessages() {}

  static ListSessionsResponse listSessions(App app) {
    ListSessionsResponse.Builder response = ListSessionsResponse.newBuilder();
    for (Window window : app.windows()) {
      ListSessionsResponse.Window.Builder w = ListSessionsResponse.Window.newBuilder()
          .setWindowId(window.id())
          .setNumber(((Number) window.variables().get("number").orElse(0L)).intValue())
          .setFrame(frame(80, 24));
      for (Tab tab : window.tabs()) {
        SplitTreeNode.Builder root = SplitTreeNode.newBuilder().setVertical(true);
        for (Session session : tab.sessions()) {
          root.addLinks(SplitTreeNode.SplitTreeLink.newBuilder().setSession(summary(session)));
        }
        ListSessionsResponse.Tab.Builder t = ListSessionsResponse.Tab.newBuilder().setTabId(tab.id()).setRoot(root);
        for (org.polybridge.host.TmuxConnection tmux : app.tmuxConnections()) {
          tmux.windowNumber(tab).ifPresent(number -> t.setTmuxWindowId(number).setTmuxConnectionId(tmux.id()));
        }
        w.addTabs(t);
      }
      response.addWindows(w);
    }
    return response.build();
  }

  /**
   * Focus as iTerm2 reports it: the app is active, each window's status and selected tab, each
   * tab's active session; the key window's and the active session come last (clients take the
   * last one as the current one).
   */
  static FocusResponse focus(App app) {
    FocusResponse.Builder response = FocusResponse.newBuilder()
        .addNotifications(FocusChangedNotification.newBuilder().setApplicationActive(true));
    Optional<Session> active = app.activeSession();
    Window key = active.map(s -> s.tab().window()).orElse(null);
    for (Window window : app.windows()) {
      if (window != key) {
        addWindow(response, window, false);
      }
    }
    if (key != null) {
      addWindow(response, key, true);
    }
    for (Window window : app.windows()) {
      for (Tab tab : window.tabs()) {
        Session current = tab.currentSession();
        if (current != null && (active.isEmpty() || current != active.get())) {
          response.addNotifications(FocusChangedNotification.newBuilder().setSession(current.id()));
        }
      }
    }
    active.ifPresent(s -> response.addNotifications(FocusChangedNotification.newBuilder().setSession(s.id())));
    return response.build();
  }

  /** The notifications of one focus change ({@link App.Listener#focusChanged}). */
  static java.util.List<FocusChangedNotification> focusChanged(Window window, Tab tab, Session session) {
    java.util.List<FocusChangedNotification> out = new java.util.ArrayList<>();
    if (window != null) {
      out.add(FocusChangedNotification.newBuilder().setWindow(FocusChangedNotification.Window.newBuilder()
          .setWindowId(window.id()).setWindowStatus(FocusChangedNotification.Window.WindowStatus.TERMINAL_WINDOW_BECAME_KEY)).build());
    }
    if (tab != null) {
      out.add(FocusChangedNotification.newBuilder().setSelectedTab(tab.id()).build());
    }
    if (session != null) {
      out.add(FocusChangedNotification.newBuilder().setSession(session.id()).build());
    }
    return out;
  }

  private static void addWindow(FocusResponse.Builder response, Window window, boolean key) {
    response.addNotifications(FocusChangedNotification.newBuilder().setWindow(
        FocusChangedNotification.Window.newBuilder()
            .setWindowId(window.id())
            .setWindowStatus(key
                ? FocusChangedNotification.Window.WindowStatus.TERMINAL_WINDOW_BECAME_KEY
                : FocusChangedNotification.Window.WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY)));
    Tab selected = window.currentTab();
    if (selected != null) {
      response.addNotifications(FocusChangedNotification.newBuilder().setSelectedTab(selected.id()));
    }
  }

  /** The variables of a scope named as the protocol names it; empty when there is no such thing. */
  static Optional<Variables> scope(App app, VariableScope scope, String identifier) {
    return switch (scope) {
      case APP -> Optional.of(app.variables());
      case WINDOW -> app.window(identifier).map(Window::variables);
      case TAB -> app.tab(identifier).map(Tab::variables);
      case SESSION -> app.session(identifier).map(Session::variables);
    };
  }

  private static SessionSummary summary(Session session) {
    int columns = intVariable(session, "columns", 80);
    int rows = intVariable(session, "rows", 24);
    return SessionSummary.newBuilder()
        .setUniqueIdentifier(session.id())
        .setTitle(String.valueOf(session.variables().get("name").orElse("")))
        .setGridSize(Size.newBuilder().setWidth(columns).setHeight(rows))
        .setFrame(frame(columns, rows))
        .build();
  }

  private static int intVariable(Session session, String name, int fallback) {
    return session.variables().get(name).filter(Number.class::isInstance).map(n -> ((Number) n).intValue()).orElse(fallback);
  }

  private static Frame frame(int columns, int rows) {
    return Frame.newBuilder()
        .setOrigin(Point.newBuilder().setX(0).setY(0))
        .setSize(Size.newBuilder().setWidth(columns * CELL_WIDTH).setHeight(rows * CELL_HEIGHT))
        .build();
  }
}
