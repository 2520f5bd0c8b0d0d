package org.polybridge.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tab of a {@link Window}: its sessions (split panes). Its variables: {@code id}, {@code title}. */
public final class Tab {
  private final Window window;
  private final String id;
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final Variables variables = new Variables();
  private volatile Session currentSession;

  Tab(Window window, String id) {
    this.window = window;
    this.id = id;
    variables.set("id", id);
    variables.reference("iterm2", () -> window.app().variables());
    variables.reference("window", window::variables);
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
