package org.polybridge.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tab of a {@link Window}: a tree of splitters whose leaves are its sessions (split panes), as
 * in iTerm2 ({@link #root()}). Its variables: {@code id}, {@code title}.
 *
 * <p>Structural changes (a split, a pane closing, sessions moving between tabs) happen under the
 * app's lock; the tree a reader gets ({@link #root()}) is immutable.
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
  private volatile Splitter root = new Splitter(true, List.of());
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

  /**
   * The tab's split tree: a splitter whose children are sessions and splitters. A tab of one
   * session has a root of that one child.
   */
  public Splitter root() {
    return root;
  }

  /** The tab's sessions in the order of its tree (left to right, top to bottom). */
  public List<Session> sessions() {
    return root.sessions();
  }

  /** The cells the tab's panes take together, as their sizes say. */
  public GridSize size() {
    return root.size();
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
   * script that hears of the new session already reads them. In a tab that has sessions it goes
   * last in the root splitter; {@link #splitSession} places it beside one.
   */
  public Session newSession(SessionIo io, Map<String, ?> variables) {
    return add(new Session(this, io), variables);
  }

  /**
   * As {@link #newSession(SessionIo, Map)}, with the id {@code id}, which its creator chose: a
   * program can then be told its session's id before the session exists (a terminal attached to
   * the daemon starts its program while the daemon opens the session).
   *
   * <pre>{@code
   * String id = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
   * Session session = app.newWindow().newTab().newSession(io, Map.of(), id);
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code id} is not an upper-case UUID, as the ids this
   *     model makes are, or is the id of a live session
   */
  public Session newSession(SessionIo io, Map<String, ?> variables, String id) {
    if (!isSessionId(id)) {
      throw new IllegalArgumentException("id : " + id + " (expected: an upper-case UUID)");
    }
    return add(new Session(this, io, id), variables);
  }

  /** Whether {@code id} is an upper-case UUID, as the sessions' ids are. */
  public static boolean isSessionId(String id) {
    if (id == null || id.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  private Session add(Session session, Map<String, ?> variables) {
    variables.forEach(session.variables()::set);
    synchronized (window.app()) {
      if (window.app().session(session.id()).isPresent()) {
        throw new IllegalArgumentException("id : " + session.id() + " (expected: no live session's id)");
      }
      List<Pane> children = new ArrayList<>(root.children());
      children.add(session);
      root = new Splitter(root.vertical(), children);
      currentSession = session;
      window.addTab(this);
    }
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
   * Adds a session beside {@code neighbour} in a horizontal split (one above the other), before it
   * or after it; see {@link #splitSession(Session, boolean, boolean, SessionIo, Map)}.
   */
  public Session splitSession(Session neighbour, boolean before, SessionIo io, Map<String, ?> variables) {
    return splitSession(neighbour, false, before, io, variables);
  }

  /**
   * Adds a session beside {@code neighbour} (a split pane), as iTerm2 splits one: side by side when
   * {@code vertical}, else one above the other, before it (left or above) or after it. It goes in
   * the neighbour's splitter when that has the orientation asked for, else in a new splitter that
   * takes the neighbour's place. The two share the neighbour's cells (where the host resizes its
   * terminals, {@link SessionIo#resize}). The session becomes the active one, and subscribers hear
   * of it.
   *
   * @throws IllegalArgumentException when {@code neighbour} is not a live session of this tab
   */
  public Session splitSession(Session neighbour, boolean vertical, boolean before, SessionIo io, Map<String, ?> variables) {
    Session session;
    Map<Session, GridSize> sizes;
    synchronized (window.app()) {
      if (neighbour.tab() != this || !neighbour.isLive()) {
        throw new IllegalArgumentException("session " + neighbour.id() + " : not in tab " + id);
      }
      session = new Session(this, io);
      variables.forEach(session.variables()::set);
      GridSize total = size();
      GridSize n = neighbour.gridSize();
      GridSize kept = vertical ? new GridSize(Math.max(1, n.columns() - n.columns() / 2), n.rows())
          : new GridSize(n.columns(), Math.max(1, n.rows() - n.rows() / 2));
      GridSize given = vertical ? new GridSize(Math.max(1, n.columns() / 2), n.rows())
          : new GridSize(n.columns(), Math.max(1, n.rows() / 2));
      Splitter next = SplitTree.insert(root, neighbour, session, vertical, before);
      sizes = SplitTree.fit(next, total, s -> s == neighbour ? kept : s == session ? given : s.gridSize());
      root = next;
      currentSession = session;
    }
    sizes.forEach(Session::resize);
    window.app().sessionCreated(session);
    return session;
  }

  /**
   * Sets the sizes of the tab's panes (iTerm2's {@code SetTabLayout}): every session of the tab
   * gets one, and together they fill the tab as its tree says (side by side the widths add up to
   * the splitter's and the heights are the splitter's, one above the other the reverse; the root
   * keeps the tab's size). A host that does not resize its terminals keeps their sizes.
   *
   * @throws IllegalArgumentException when a session is missing or not the tab's, or the sizes do
   *     not add up, naming the pane
   */
  public void resizePanes(Map<Session, GridSize> sizes) {
    synchronized (window.app()) {
      for (Session s : sizes.keySet()) {
        if (s.tab() != this) {
          throw new IllegalArgumentException("session " + s.id() + " : not in tab " + id);
        }
      }
      for (Session s : sessions()) {
        if (!sizes.containsKey(s)) {
          throw new IllegalArgumentException("session " + s.id() + " : no size given (expected: one for every pane of tab " + id + ")");
        }
      }
      checkSizes(root, "root", size(), sizes);
    }
    sizes.forEach(Session::resize);
    window.app().layoutChangedFromModel();
  }

  private static void checkSizes(Pane pane, String path, GridSize expected, Map<Session, GridSize> sizes) {
    GridSize actual = SplitTree.extent(pane, sizes::get);
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(path + " : " + actual + " (expected: " + expected + ", what "
          + (path.equals("root") ? "the tab takes" : "its splitter gives it") + ")");
    }
    if (pane instanceof Splitter splitter) {
      for (int i = 0; i < splitter.children().size(); i++) {
        Pane child = splitter.children().get(i);
        GridSize e = SplitTree.extent(child, sizes::get);
        GridSize wanted = splitter.vertical() ? new GridSize(e.columns(), expected.rows()) : new GridSize(expected.columns(), e.rows());
        checkSizes(child, path + ".children[" + i + "]", wanted, sizes);
      }
    }
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

  /**
   * Moves this tab to a new window of its own (iTerm2's {@code move_tab_to_window}) and returns
   * that window.
   *
   * @throws IllegalStateException when the tab is its window's only one
   */
  public Window moveToNewWindow() {
    synchronized (window.app()) {
      Window from = window;
      if (from.tabs().size() < 2) {
        throw new IllegalStateException("tab " + id + " : the only tab of window " + from.id() + " (expected: a window of two tabs or more)");
      }
      from.setTabs(from.tabs().stream().filter(t -> t != this).toList());
      return window;
    }
  }

  void moveTo(Window target) {
    window = target;
  }

  void makeCurrent(Session session) {
    currentSession = session;
  }

  /** Puts {@code next} in place (under the app's lock); its sessions now belong here. */
  void install(Splitter next) {
    root = next;
    for (Session s : next.sessions()) {
      s.moveTo(this);
    }
    if (currentSession == null || !next.sessions().contains(currentSession)) {
      List<Session> all = next.sessions();
      currentSession = all.isEmpty() ? null : all.getLast();
    }
  }

  /**
   * Takes {@code gone} out of the tree (under the app's lock) and returns the sizes the rest take
   * in the same cells; an empty map when nothing is left.
   */
  Map<Session, GridSize> without(Set<Session> gone) {
    GridSize total = size();
    Splitter next = SplitTree.remove(root, gone);
    root = next;
    if (currentSession != null && gone.contains(currentSession)) {
      List<Session> all = next.sessions();
      currentSession = all.isEmpty() ? null : all.getLast();
    }
    return next.children().isEmpty() ? new HashMap<>() : SplitTree.fit(next, total, Session::gridSize);
  }
}
