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
        w.addTabs(ListSessionsResponse.Tab.newBuilder().setTabId(tab.id()).setRoot(root));
      }
      response.addWindows(w);
    }
    return response.build();
  }

  static FocusResponse focus(App app) {
    FocusResponse.Builder response = FocusResponse.newBuilder()
        .addNotifications(FocusChangedNotification.newBuilder().setApplicationActive(true));
    Optional<Session> active = app.activeSession();
    for (Window window : app.windows()) {
      boolean key = active.isPresent() && active.get().tab().window() == window;
      response.addNotifications(FocusChangedNotification.newBuilder().setWindow(
          FocusChangedNotification.Window.newBuilder()
              .setWindowId(window.id())
              .setWindowStatus(key
                  ? FocusChangedNotification.Window.WindowStatus.TERMINAL_WINDOW_BECAME_KEY
                  : FocusChangedNotification.Window.WindowStatus.TERMINAL_WINDOW_RESIGNED_KEY)));
      window.variables().get("currentTab.id").ifPresent(tabId ->
          response.addNotifications(FocusChangedNotification.newBuilder().setSelectedTab(tabId.toString())));
    }
    active.ifPresent(s -> response.addNotifications(FocusChangedNotification.newBuilder().setSession(s.id())));
    return response.build();
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
