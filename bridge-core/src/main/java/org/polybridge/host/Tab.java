package org.polybridge.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tab of a {@link Window}: its sessions (split panes). Its variables: {@code id}, {@code title}.
 *
 * <pre>{@code
 * Tab tab = bridge.app().newWindow().newTab();
 * Session left = tab.newSession(io);
 * Session right = tab.splitSession(left, false, otherIo, Map.of());   // beside it, after it
 * }</pre>
 */
public final class Tab {
  private volatile Window window;
  private final String id;
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final Variables variables = new Variables();
  private volatile Session currentSession;

  Tab(Window window, String id) {
    this.window = window;
    this.id = id;
    variables.set("id", id);
    variables.reference("iterm2", () -> this.window.app().variables());
    variables.reference("window", () -> this.window.variables());
    variables.reference("currentSession", () -> currentSession == null ? null : currentSession.variables());
  }

  /** The tab's id: a decimal number, as in iTerm2's protocol. */
  public String id() {
    return id;
  }

  public Window window() {
    return window;
  }

  public List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /**
   * Adds a session whose terminal the host drives through {@code io}. The session becomes the
   * active one, and subscribers hear of it.
   */
  public Session newSession(SessionIo io) {
    return newSession(io, Map.of());
  }

  /**
   * Adds a session that has {@code variables} ({@code name}, {@code path}, …) from the start: a
   * script that hears of the new session already reads them.
   */
  public Session newSession(SessionIo io, Map<String, ?> variables) {
    Session session = new Session(this, io);
    variables.forEach(session.variables()::set);
    sessions.add(session);
    currentSession = session;
    window.addTab(this);
    window.app().sessionCreated(session);
    return session;
  }

  public Variables variables() {
    return variables;
  }

  /** Ends every session of this tab; the tab goes away with its last session. */
  public void close() {
    sessions().forEach(Session::terminate);
  }

  /**
   * Adds a session beside {@code neighbour} (a split pane): before it or after it in the tab's
   * order. The session becomes the active one, and subscribers hear of it.
   */
  public Session splitSession(Session neighbour, boolean before, SessionIo io, Map<String, ?> variables) {
    int at = sessions.indexOf(neighbour);
    if (at < 0) {
      throw new IllegalArgumentException("session " + neighbour.id() + " : not in tab " + id);
    }
    Session session = new Session(this, io);
    variables.forEach(session.variables()::set);
    sessions.add(before ? at : at + 1, session);
    currentSession = session;
    window.app().sessionCreated(session);
    return session;
  }

  /** The session last made current in this tab. */
  public Session currentSession() {
    return currentSession;
  }

  /** The tab's title: what a script set ({@code titleOverride}), else its current session's name. */
  public String title() {
    Object override = variables.get("titleOverride").orElse(null);
    if (override != null && !override.toString().isEmpty()) {
      return override.toString();
    }
    Session s = currentSession;
    return s == null ? "" : String.valueOf(s.variables().get("name").orElse(""));
  }

  void moveTo(Window target) {
    window = target;
  }

  void makeCurrent(Session session) {
    currentSession = session;
  }

  void removeSession(Session session) {
    sessions.remove(session);
    if (currentSession == session) {
      currentSession = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
    }
    if (sessions.isEmpty()) {
      window.removeTab(this);
    }
  }
}
