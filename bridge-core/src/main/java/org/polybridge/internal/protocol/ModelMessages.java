package org.polybridge.internal.protocol;

import java.util.Optional;
import org.polybridge.host.App;
import org.polybridge.host.GridSize;
import org.polybridge.host.Pane;
import org.polybridge.host.Splitter;
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
      Tab shown = window.currentTab();
      GridSize size = shown != null ? shown.size() : new GridSize(80, 24);
      ListSessionsResponse.Window.Builder w = ListSessionsResponse.Window.newBuilder()
          .setWindowId(window.id())
          .setNumber(((Number) window.variables().get("number").orElse(0L)).intValue())
          .setFrame(frame(0, 0, size));
      for (Tab tab : window.tabs()) {
        ListSessionsResponse.Tab.Builder t = ListSessionsResponse.Tab.newBuilder().setTabId(tab.id()).setRoot(node(tab.root(), 0, 0));
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
   * A tab's split tree as iTerm2 sends it: each session's frame placed where its pane is (cells of
   * {@value #CELL_WIDTH}×{@value #CELL_HEIGHT} points, no dividers), from the tab's top left.
   */
  private static SplitTreeNode node(Splitter splitter, int column, int row) {
    SplitTreeNode.Builder node = SplitTreeNode.newBuilder().setVertical(splitter.vertical());
    for (Pane child : splitter.children()) {
      GridSize size;
      switch (child) {
        case Session session -> {
          size = session.gridSize();
          node.addLinks(SplitTreeNode.SplitTreeLink.newBuilder().setSession(summary(session, column, row)));
        }
        case Splitter sub -> {
          size = sub.size();
          node.addLinks(SplitTreeNode.SplitTreeLink.newBuilder().setNode(node(sub, column, row)));
        }
      }
      if (splitter.vertical()) {
        column += size.columns();
      } else {
        row += size.rows();
      }
    }
    return node.build();
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

  private static SessionSummary summary(Session session, int column, int row) {
    GridSize size = session.gridSize();
    return SessionSummary.newBuilder()
        .setUniqueIdentifier(session.id())
        .setTitle(String.valueOf(session.variables().get("name").orElse("")))
        .setGridSize(Size.newBuilder().setWidth(size.columns()).setHeight(size.rows()))
        .setFrame(frame(column, row, size))
        .build();
  }

  private static Frame frame(int column, int row, GridSize size) {
    return Frame.newBuilder()
        .setOrigin(Point.newBuilder().setX(column * CELL_WIDTH).setY(row * CELL_HEIGHT))
        .setSize(Size.newBuilder().setWidth(size.columns() * CELL_WIDTH).setHeight(size.rows() * CELL_HEIGHT))
        .build();
  }
}
