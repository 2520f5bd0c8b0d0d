package org.polybridge.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's windows, tabs and sessions at one moment, as {@code ListSessions} and {@code Focus}
 * report them.
 *
 * <pre>{@code
 * AppSnapshot app = api.app().join();
 * for (AppSnapshot.Session s : app.sessions()) {
 *   System.out.println(s.id() + " " + s.title() + " " + s.columns() + "x" + s.rows());
 * }
 * String json = Json.write(app.toJsonValue());   // what scripts see
 * }</pre>
 */
public record AppSnapshot(List<Window> windows, String activeSessionId) {
  /** A window: its id, its number in the app (as iTerm2 counts windows) and its tabs, in order. */
  public record Window(String id, int number, List<Tab> tabs) {}

  /**
   * A tab: its sessions in order, and its split tree ({@code root}), whose leaves are those
   * sessions.
   */
  public record Tab(String id, List<Session> sessions, Splitter root) {
    /** A tab whose sessions are side by side in its root. */
    public Tab(String id, List<Session> sessions) {
      this(id, sessions, new Splitter(true, List.copyOf(sessions)));
    }
  }

  /** A place in a tab's split tree: a session or a splitter. */
  public sealed interface Pane permits Session, Splitter {}

  /** A session: its id, its title, and its terminal's size in cells. */
  public record Session(String id, String title, int columns, int rows) implements Pane {}

  /** Panes side by side when {@code vertical}, else one above the other. */
  public record Splitter(boolean vertical, List<Pane> children) implements Pane {
    public Splitter {
      children = List.copyOf(children);
    }
  }

  public AppSnapshot {
    windows = List.copyOf(windows);
  }

  /** Every session, window by window, tab by tab. */
  public List<Session> sessions() {
    return windows.stream().flatMap(w -> w.tabs().stream()).flatMap(t -> t.sessions().stream()).toList();
  }

  public Optional<Session> session(String id) {
    return sessions().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /**
   * The snapshot as a JSON value, the form scripts and the command line see: {@code {"windows":
   * [{"id", "number", "tabs": [{"id", "sessions": [{"id", "title", "columns", "rows"}], "root":
   * {"vertical", "children": [session id or splitter, …]}}]}], "active_session": id or null}}.
   */
  public Map<String, Object> toJsonValue() {
    List<Object> windowValues = windows.stream().map(w -> (Object) Map.of(
        "id", w.id(), "number", (long) w.number(), "tabs", w.tabs().stream().map(t -> (Object) Map.of(
            "id", t.id(), "sessions", t.sessions().stream().map(s -> (Object) Map.of(
                "id", s.id(), "title", s.title(), "columns", (long) s.columns(), "rows", (long) s.rows())).toList(),
            "root", treeValue(t.root()))).toList()))
        .toList();
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("windows", windowValues);
    value.put("active_session", activeSessionId);
    return value;
  }

  private static Object treeValue(Pane pane) {
    return switch (pane) {
      case Session s -> s.id();
      case Splitter sp -> Map.of("vertical", sp.vertical(), "children", sp.children().stream().map(AppSnapshot::treeValue).toList());
    };
  }
}
