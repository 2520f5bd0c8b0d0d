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

  /** A tab: its id and its sessions (split panes), in order. */
  public record Tab(String id, List<Session> sessions) {}

  /** A session: its id, its title, and its terminal's size in cells. */
  public record Session(String id, String title, int columns, int rows) {}

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
   * [{"id", "number", "tabs": [{"id", "sessions": [{"id", "title", "columns", "rows"}]}]}],
   * "active_session": id or null}}.
   */
  public Map<String, Object> toJsonValue() {
    List<Object> windowValues = windows.stream().map(w -> (Object) Map.of(
        "id", w.id(), "number", (long) w.number(), "tabs", w.tabs().stream().map(t -> (Object) Map.of(
            "id", t.id(), "sessions", t.sessions().stream().map(s -> (Object) Map.of(
                "id", s.id(), "title", s.title(), "columns", (long) s.columns(), "rows", (long) s.rows())).toList())).toList()))
        .toList();
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("windows", windowValues);
    value.put("active_session", activeSessionId);
    return value;
  }
}
