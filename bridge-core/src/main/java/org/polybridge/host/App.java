package org.polybridge.host;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application model a bridge serves: windows of tabs of sessions, each with its variables.
 * The host builds it (a terminal emulator mirrors its own windows here; the default host makes one
 * per pseudo-terminal), scripts read it with {@code ListSessions} and act on it through the {@link
 * Host}.
 *
 * <pre>{@code
 * App app = bridge.app();
 * Session session = app.newWindow().newTab().newSession(io);
 * session.variables().set("name", "build");
 * }</pre>
 *
 * <p>Thread-safe: hosts and scripts may call it from any thread.
 */
public final class App {
  /** Hears structural changes of the model. Listeners run on the thread that made the change. */
  public interface Listener {
    default void sessionCreated(Session session) {}

    default void sessionTerminated(Session session) {}

    default void layoutChanged() {}

    /**
     * Keyboard focus moved: {@code window} became the key window, {@code tab} became its selected
     * tab, {@code session} the active session; each {@code null} when it did not change.
     */
    default void focusChanged(Window window, Tab tab, Session session) {}

    /** The broadcast domains changed ({@link App#setBroadcastDomains}). */
    default void broadcastDomainsChanged() {}

    /** A custom control sequence seen in a session's output. */
    default void customControlSequence(Session session, String identity, String payload) {}

    /** A session's shell showed a prompt, started a command or finished one ({@link Prompts}). */
    default void prompt(Session session, Prompts.Change change) {}
  }

  private final CopyOnWriteArrayList<Window> windows = new CopyOnWriteArrayList<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Variables variables = new Variables();
  private final Profiles profiles = new Profiles();
  private final Alerts alerts = new Alerts();
  private final AtomicInteger windowNumbers = new AtomicInteger();
  private final AtomicInteger tabNumbers = new AtomicInteger();
  private volatile Session activeSession;
  private volatile List<List<Session>> broadcastDomains = List.of();
  private final CopyOnWriteArrayList<TmuxConnection> tmuxConnections = new CopyOnWriteArrayList<>();

  public App() {
    variables.set("pid", ProcessHandle.current().pid());
    // No desktop tells a headless host its theme: iTerm2's default look, which hosts may overwrite.
    variables.set("effectiveTheme", "dark");
    variables.reference("iterm2", () -> variables);
    variables.reference("currentWindow", () -> activeSession().map(s -> s.tab().window().variables()).orElse(null));
  }

  /**
   * Makes a new window. It joins the app together with its first session ({@code
   * newWindow().newTab().newSession(io)}), so nobody listing the app ever sees an empty window.
   */
  public Window newWindow() {
    int number = windowNumbers.incrementAndGet();
    return new Window(this, "window-" + number, number);
  }

  public List<Window> windows() {
    return List.copyOf(windows);
  }

  /** Every session of every tab of every window, in order. */
  public List<Session> sessions() {
    List<Session> all = new ArrayList<>();
    for (Window w : windows) {
      for (Tab t : w.tabs()) {
        all.addAll(t.sessions());
      }
    }
    return all;
  }

  public Optional<Window> window(String id) {
    return windows.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  public Optional<Tab> tab(String id) {
    return windows.stream().flatMap(w -> w.tabs().stream()).filter(t -> t.id().equals(id)).findFirst();
  }

  /** A session by its id; {@code "active"} names the active session. */
  public Optional<Session> session(String id) {
    if ("active".equals(id)) {
      return activeSession();
    }
    return sessions().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The session with keyboard focus: the one last activated or, failing that, last created. */
  public Optional<Session> activeSession() {
    Session s = activeSession;
    return s != null && s.isLive() ? Optional.of(s) : sessions().stream().reduce((a, b) -> b);
  }

  /**
   * Gives a session keyboard focus, and makes its tab and window current; listeners hear what
   * changed ({@link Listener#focusChanged}).
   */
  public void activate(Session session) {
    Session before;
    Tab selectedBefore;
    synchronized (this) {
      before = activeSession().orElse(null);
      selectedBefore = session.tab().window().currentTab();
      session.tab().makeCurrent(session);
      session.tab().window().makeCurrent(session.tab());
      activeSession = session;
    }
    Window window = session.tab().window();
    boolean windowChanged = before == null || before.tab().window() != window;
    boolean tabChanged = selectedBefore != session.tab() || windowChanged && before != null && before.tab() != session.tab();
    if (windowChanged || tabChanged || before != session) {
      focusChanged(windowChanged ? window : null, tabChanged ? session.tab() : null, before != session ? session : null);
    }
  }

  /**
   * Replaces the broadcast domains: text typed into a session of a domain (a script's {@code
   * SendText}) goes to every session of it.
   *
   * @throws IllegalArgumentException when a session is in two domains, or a domain's sessions
   *     are not all in one window (as iTerm2 requires)
   */
  public void setBroadcastDomains(List<List<Session>> domains) {
    java.util.Set<Session> seen = new java.util.HashSet<>();
    for (List<Session> domain : domains) {
      for (Session s : domain) {
        if (!seen.add(s)) {
          throw new IllegalArgumentException("session " + s.id() + " : in two broadcast domains (expected: domains without common sessions)");
        }
        if (s.tab().window() != domain.get(0).tab().window()) {
          throw new IllegalArgumentException("broadcast domain " + domain.stream().map(Session::id).toList()
              + " : sessions of several windows (expected: one window's)");
        }
      }
    }
    broadcastDomains = domains.stream().filter(d -> !d.isEmpty()).map(List::copyOf).toList();
    listeners.forEach(Listener::broadcastDomainsChanged);
  }

  public List<List<Session>> broadcastDomains() {
    return broadcastDomains;
  }

  /** The sessions text typed into {@code session} goes to: its broadcast domain, or itself alone. */
  public List<Session> broadcastTargets(Session session) {
    return broadcastDomains.stream().filter(d -> d.contains(session)).findFirst().orElse(List.of(session));
  }

  /**
   * Gives tabs new split trees in one step, as iTerm2's {@code apply_layout}: a session in another
   * tab's (or window's) tree moves there, a tab left without sessions goes, then the sessions in
   * {@code closing} end. Every change is checked before any is made: each tree keeps iTerm2's rules
   * ({@link Splitter}), each leaf is a live session of this app and appears once, and every session
   * of a tab the change touches is in a new tree or in {@code closing}. Each tab keeps its size:
   * the panes of a new tree share each splitter evenly, a tab that only lost panes shares its cells
   * in proportion to the sizes of the rest (where the host resizes its terminals).
   *
   * <pre>{@code
   * // move `b` from its tab to the right of `a`
   * app.applyLayout(Map.of(a.tab(), new Splitter(true, List.of(a, b))), List.of());
   * }</pre>
   *
   * @throws IllegalArgumentException naming the tab, session or node that broke a rule; the model
   *     is then unchanged
   */
  public void applyLayout(Map<Tab, Splitter> roots, Collection<Session> closing) {
    Runnable after;
    synchronized (this) {
      Set<Session> placed = new HashSet<>();
      for (Map.Entry<Tab, Splitter> e : roots.entrySet()) {
        Tab tab = e.getKey();
        if (!holds(tab)) {
          throw new IllegalArgumentException("tab " + tab.id() + " : not an open tab of this app");
        }
        String problem = SplitTree.problem(e.getValue());
        if (problem != null) {
          throw new IllegalArgumentException("tab " + tab.id() + " " + problem);
        }
        for (Session s : e.getValue().sessions()) {
          if (!holds(s)) {
            throw new IllegalArgumentException("session " + s.id() + " in the tree of tab " + tab.id() + " : not a live session of this app");
          }
          if (!placed.add(s)) {
            throw new IllegalArgumentException("session " + s.id() + " : in the trees of two tabs (expected: each session in one place)");
          }
        }
      }
      Set<Session> accounted = new HashSet<>(placed);
      for (Session s : closing) {
        if (!holds(s)) {
          throw new IllegalArgumentException("session " + s.id() + " to close : not a live session of this app");
        }
        accounted.add(s);
      }
      Set<Tab> involved = new LinkedHashSet<>(roots.keySet());
      accounted.forEach(s -> involved.add(s.tab()));
      for (Tab tab : involved) {
        for (Session s : tab.sessions()) {
          if (!accounted.contains(s)) {
            throw new IllegalArgumentException("session " + s.id() + " of tab " + tab.id()
                + " : in neither a new tree nor the sessions to close (expected: every session of a tab the layout touches accounted for)");
          }
        }
      }
      Map<Tab, Splitter> next = new LinkedHashMap<>();
      for (Tab tab : involved) {
        next.put(tab, roots.containsKey(tab) ? roots.get(tab) : SplitTree.remove(tab.root(), placed));
      }
      // a new tree's panes share its splitters evenly (as iTerm2 sizes the panes of apply_layout),
      // a tab that only lost panes keeps the proportions of the rest
      GridSize even = new GridSize(1, 1);
      after = reshape(next, s -> placed.contains(s) ? even : s.gridSize());
    }
    after.run();
    List.copyOf(closing).forEach(Session::terminate);
  }

  /**
   * Moves {@code session} beside {@code destination}, as a split of it ({@link Tab#splitSession}):
   * iTerm2's {@code move_session}. Its tab goes if it was its last session.
   *
   * @throws IllegalArgumentException when either is not a live session of this app, or they are one
   */
  public void moveSession(Session session, Session destination, boolean vertical, boolean before) {
    Runnable after;
    synchronized (this) {
      for (Session s : List.of(session, destination)) {
        if (!holds(s)) {
          throw new IllegalArgumentException("session " + s.id() + " : not a live session of this app");
        }
      }
      if (session == destination) {
        throw new IllegalArgumentException("session " + session.id() + " : moved beside itself (expected: another session)");
      }
      Tab from = session.tab();
      Tab to = destination.tab();
      Splitter left = SplitTree.remove(from.root(), Set.of(session));
      Splitter into = SplitTree.insert(from == to ? left : to.root(), destination, session, vertical, before);
      GridSize d = destination.gridSize();
      GridSize kept = vertical ? new GridSize(Math.max(1, d.columns() - d.columns() / 2), d.rows())
          : new GridSize(d.columns(), Math.max(1, d.rows() - d.rows() / 2));
      GridSize given = vertical ? new GridSize(Math.max(1, d.columns() / 2), d.rows()) : new GridSize(d.columns(), Math.max(1, d.rows() / 2));
      Map<Tab, Splitter> next = new LinkedHashMap<>();
      next.put(from, left);
      next.put(to, into);
      after = reshape(next, s -> s == destination ? kept : s == session ? given : s.gridSize());
    }
    after.run();
  }

  /**
   * Installs new trees (under the lock); returns what follows outside it: the panes' new sizes,
   * empty tabs removed, one layout change heard.
   */
  private Runnable reshape(Map<Tab, Splitter> next, java.util.function.Function<Session, GridSize> weight) {
    Map<Tab, GridSize> totals = new HashMap<>();
    next.keySet().forEach(t -> totals.put(t, t.size()));
    Map<Session, GridSize> sizes = new LinkedHashMap<>();
    List<Tab> emptied = new ArrayList<>();
    next.forEach((tab, root) -> {
      if (root.children().isEmpty()) {
        emptied.add(tab);
      } else {
        sizes.putAll(SplitTree.fit(root, totals.get(tab), weight));
      }
    });
    next.forEach(Tab::install);
    return () -> {
      sizes.forEach(Session::resize);
      emptied.forEach(t -> t.window().removeTab(t));
      layoutChanged();
    };
  }

  /** Takes a session that ended out of its tab's tree; the tab goes with its last session. */
  void leaveTab(Session session) {
    Tab tab;
    Map<Session, GridSize> sizes;
    synchronized (this) {
      tab = session.tab();
      sizes = tab.without(Set.of(session));
    }
    if (tab.root().children().isEmpty()) {
      tab.window().removeTab(tab);
    } else {
      sizes.forEach(Session::resize);
    }
  }

  private boolean holds(Tab tab) {
    return windows.contains(tab.window()) && tab.window().tabs().contains(tab);
  }

  private boolean holds(Session session) {
    return session.isLive() && holds(session.tab()) && session.tab().root().sessions().contains(session);
  }

  /** The tmux clients in control mode ({@code tmux -CC}) running in the app's sessions, oldest first. */
  public List<TmuxConnection> tmuxConnections() {
    return List.copyOf(tmuxConnections);
  }

  /** The tmux connection with this id ({@link TmuxConnection#id()}). */
  public Optional<TmuxConnection> tmuxConnection(String id) {
    return tmuxConnections.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /**
   * {@code owner}'s program began speaking tmux's control mode: a new connection, named as iTerm2
   * names it (the session's {@code user@host} when known, else its name, else "tmux"), made unique.
   */
  synchronized TmuxConnection startTmux(Session owner) {
    Object user = owner.variables().get("username").orElse(null);
    Object host = owner.variables().get("hostname").orElse(null);
    String name = user != null && host != null ? user + "@" + host : owner.variables().get("name").map(String::valueOf).orElse("").strip();
    String preferred = name.isEmpty() ? "tmux" : name;
    String id = preferred;
    for (int i = 2; tmuxConnection(id).isPresent(); i++) {
      id = preferred + " (" + i + ")";
    }
    TmuxConnection connection = new TmuxConnection(this, owner, id);
    tmuxConnections.add(connection);
    connection.start();
    return connection;
  }

  void tmuxEnded(TmuxConnection connection) {
    tmuxConnections.remove(connection);
  }

  /** The app's named profiles. */
  public Profiles profiles() {
    return profiles;
  }

  /** The questions scripts ask a person, waiting for an answer. */
  public Alerts alerts() {
    return alerts;
  }

  /** The app's own variables ({@code pid}, and those set by scripts). */
  public Variables variables() {
    return variables;
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  int nextTabNumber() {
    return tabNumbers.incrementAndGet();
  }

  void addWindow(Window window) {
    windows.addIfAbsent(window);
  }

  void removeWindow(Window window) {
    if (windows.remove(window)) {
      layoutChanged();
    }
  }

  void sessionCreated(Session session) {
    Session before = activeSession().filter(s -> s != session).orElse(null);
    activeSession = session;
    listeners.forEach(l -> l.sessionCreated(session));
    layoutChanged();
    // the new session has keyboard focus, as a new tab or window does in iTerm2
    Window window = session.tab().window();
    focusChanged(before == null || before.tab().window() != window ? window : null,
        before == null || before.tab() != session.tab() ? session.tab() : null, session);
  }

  void focusChanged(Window window, Tab tab, Session session) {
    listeners.forEach(l -> l.focusChanged(window, tab, session));
  }

  void sessionTerminated(Session session) {
    if (broadcastDomains.stream().anyMatch(d -> d.contains(session))) {
      broadcastDomains = broadcastDomains.stream().map(d -> d.stream().filter(s -> s != session).toList())
          .filter(d -> !d.isEmpty()).toList();
      listeners.forEach(Listener::broadcastDomainsChanged);
    }
    listeners.forEach(l -> l.sessionTerminated(session));
    layoutChanged();
  }

  void customControlSequence(Session session, String identity, String payload) {
    listeners.forEach(l -> l.customControlSequence(session, identity, payload));
  }

  void prompt(Session session, Prompts.Change change) {
    listeners.forEach(l -> l.prompt(session, change));
  }

  void removeWindowQuietly(Window window) {
    windows.remove(window);
  }

  void layoutChangedFromModel() {
    layoutChanged();
  }

  private void layoutChanged() {
    listeners.forEach(Listener::layoutChanged);
  }
}
