package org.polybridge.host;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.polybridge.internal.tmux.TmuxCommandException;
import org.polybridge.internal.tmux.TmuxGateway;
import org.polybridge.internal.tmux.TmuxPane;

/**
 * A tmux client in control mode ({@code tmux -CC}) running in one of the app's sessions, its
 * <em>owning session</em>, as iTerm2's tmux integration has it: each tmux window is a tab (in a
 * window of its own unless asked otherwise), each of its panes a session of that tab whose output
 * is the pane's and whose typed text goes to the pane ({@code send-keys -H}). The session's output
 * is the connection's until tmux exits; then the session is plain again and the tabs go.
 *
 * <pre>{@code
 * TmuxConnection tmux = app.tmuxConnections().get(0);
 * String name = tmux.sendCommand("display-message -p '#{session_name}'").join();
 * Tab tab = tmux.createWindow(null).join();   // new-window, once tmux reported its panes
 * }</pre>
 *
 * Variables it sets, as iTerm2: the owning session's {@code tmuxRole} ({@code gateway}) and {@code
 * tmuxClientName}; each pane session's {@code tmuxRole} ({@code pane}), {@code tmuxWindowPane} (the
 * pane's number) and {@code tmuxClientName}; each tab's {@code tmuxWindow} (the window's number)
 * and {@code tmuxWindowName}.
 */
public final class TmuxConnection {
  private static final System.Logger LOG = System.getLogger(TmuxConnection.class.getName());
  /** What {@code list-panes} says of each pane: the window's name last, since it may hold spaces. */
  private static final String PANE_FORMAT = "'#{window_id} #{pane_id} #{pane_width} #{pane_height} #{window_name}'";

  private final App app;
  private final Session owner;
  private final String id;
  private final TmuxGateway gateway;
  /** Per tmux window ({@code @3}), its tab. */
  private final Map<String, Tab> tabs = new ConcurrentHashMap<>();
  /** Per pane ({@code %3}), its session and window. */
  private final Map<String, Pane> panes = new ConcurrentHashMap<>();
  private final Set<String> hidden = ConcurrentHashMap.newKeySet();
  /** Windows a script created, per tmux window, waiting for their tab; and where to put it. */
  private final Map<String, CompletableFuture<Tab>> awaited = new ConcurrentHashMap<>();
  private final Map<String, Window> placement = new ConcurrentHashMap<>();
  private volatile boolean live = true;

  private record Pane(String window, Session session) {}

  TmuxConnection(App app, Session owner, String id) {
    this.app = app;
    this.owner = owner;
    this.id = id;
    this.gateway = new TmuxGateway(line -> owner.io().type(line), new Events());
  }

  /** The connection's id: a readable name, unique in the app (iTerm2's {@code connection_id}). */
  public String id() {
    return id;
  }

  /** The session where {@code tmux -CC} runs. */
  public Session owningSession() {
    return owner;
  }

  /** Whether tmux still speaks control mode here. */
  public boolean isLive() {
    return live;
  }

  /** The tabs of tmux's windows now shown, in no particular order. */
  public List<Tab> tabs() {
    return tabs.values().stream().filter(t -> !t.sessions().isEmpty()).toList();
  }

  /** The number of the tmux window {@code tab} shows ({@code "3"} for {@code @3}), if it shows one of this connection's. */
  public Optional<String> windowNumber(Tab tab) {
    for (Map.Entry<String, Tab> e : tabs.entrySet()) {
      if (e.getValue() == tab) {
        return Optional.of(e.getKey().substring(1));
      }
    }
    return Optional.empty();
  }

  /**
   * Sends one tmux command (such as {@code list-sessions}); completes with its output, lines joined
   * by {@code \n}, or fails when tmux reports an error or the connection ends first. Commands are
   * answered in the order sent.
   *
   * @throws IllegalArgumentException when {@code command} is blank or holds a line break
   */
  public CompletableFuture<String> sendCommand(String command) {
    return gateway.send(command);
  }

  /**
   * Opens a new tmux window ({@code new-window}); completes with its tab once tmux has reported the
   * window and its pane: a tab of {@code window}, or of a window of its own when that is {@code null}.
   */
  public CompletableFuture<Tab> createWindow(Window window) {
    return gateway.send("new-window -P -F '#{window_id}'").thenCompose(out -> {
      String tmuxWindow = out.strip();
      CompletableFuture<Tab> tab = awaited.computeIfAbsent(tmuxWindow, w -> new CompletableFuture<>());
      synchronized (this) {
        Tab shown = liveTab(tmuxWindow);
        if (shown == null) {
          if (window != null) {
            placement.put(tmuxWindow, window);
          }
        } else {
          // tmux reported the window before answering: it is shown already, perhaps elsewhere
          awaited.remove(tmuxWindow);
          moveTo(shown, window);
          tab.complete(shown);
        }
      }
      if (!live) {
        tab.completeExceptionally(new TmuxCommandException("new-window", "the tmux connection ended"));
      }
      return tab;
    });
  }

  /**
   * Shows or hides tmux window {@code number} ({@code "3"} for {@code @3}): hidden, its tab goes
   * (the window and its programs stay in tmux); shown again, it comes back as a new tab.
   *
   * @throws IllegalArgumentException when no window of this connection has that number, or it is
   *     already shown (or hidden)
   */
  public CompletableFuture<Void> setWindowVisible(String number, boolean visible) {
    if (number == null || !number.matches("[0-9]+")) {
      throw new IllegalArgumentException("tmux window \"" + number + "\" : not a window number (expected: digits, as a tab's tmux_window_id)");
    }
    String tmuxWindow = "@" + number;
    synchronized (this) {
      if (visible) {
        if (!hidden.remove(tmuxWindow)) {
          throw new IllegalArgumentException("tmux window " + number + " : not hidden (expected: a window hidden before)");
        }
      } else {
        Tab tab = liveTab(tmuxWindow);
        if (tab == null) {
          throw new IllegalArgumentException("tmux window " + number + " : not shown by connection " + id + " (expected: a window shown)");
        }
        hidden.add(tmuxWindow);
        closeTab(tmuxWindow);
        return CompletableFuture.completedFuture(null);
      }
    }
    return refresh(tmuxWindow).thenApply(ok -> null);
  }

  /** Control mode's output, from the owning session: how many bytes were control mode. */
  int feed(byte[] bytes, int offset, int length) {
    return gateway.feed(bytes, offset, length);
  }

  boolean readingControlMode() {
    return gateway.readingControlMode();
  }

  /** Asks tmux for the session's panes, after the {@code ^C} that iTerm2 also sends first. */
  void start() {
    owner.variables().set("tmuxRole", "gateway");
    owner.variables().set("tmuxClientName", id);
    gateway.sendRaw("\u0003\n"); // answered by an error from tmux: "unknown command"
    refreshAll();
  }

  /** The connection is over: its tabs go, waiting commands fail. */
  void end(String reason) {
    gateway.end(reason);
  }

  private CompletableFuture<Void> refresh(String tmuxWindow) {
    return gateway.send("list-panes -t " + tmuxWindow + " -F " + PANE_FORMAT)
        .thenAccept(out -> reconcile(tmuxWindow, rows(out).getOrDefault(tmuxWindow, List.of())))
        .exceptionally(failure -> {
          LOG.log(Level.DEBUG, "tmux " + id + ": window " + tmuxWindow + " not listed: " + failure.getMessage());
          return null;
        });
  }

  private void refreshAll() {
    gateway.send("list-panes -s -F " + PANE_FORMAT).thenAccept(out -> {
      Map<String, List<String[]>> windows = rows(out);
      windows.forEach(this::reconcile);
      for (String gone : List.copyOf(tabs.keySet())) {
        if (!windows.containsKey(gone)) {
          closeTab(gone);
        }
      }
    }).exceptionally(failure -> {
      LOG.log(Level.DEBUG, "tmux " + id + ": panes not listed: " + failure.getMessage());
      return null;
    });
  }

  /** {@code list-panes} output, per window in order: {@code [window, pane, columns, rows, name]}. */
  private static Map<String, List<String[]>> rows(String out) {
    Map<String, List<String[]>> windows = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] row = line.split(" ", 5);
      if (row.length >= 4 && row[0].startsWith("@") && row[1].startsWith("%")) {
        windows.computeIfAbsent(row[0], w -> new ArrayList<>()).add(row);
      }
    }
    return windows;
  }

  /** Makes the tab of {@code tmuxWindow} show exactly {@code rows}' panes. */
  private synchronized void reconcile(String tmuxWindow, List<String[]> rows) {
    if (!live || hidden.contains(tmuxWindow) || rows.isEmpty()) {
      return;
    }
    Tab tab = liveTab(tmuxWindow);
    List<String> listed = new ArrayList<>();
    for (String[] row : rows) {
      String pane = row[1];
      listed.add(pane);
      int columns = number(row[2], 80);
      int lines = number(row[3], 24);
      String name = row.length > 4 ? row[4] : "tmux";
      Pane known = panes.get(pane);
      if (known != null && known.session().isLive()) {
        known.session().variables().set("columns", columns);
        known.session().variables().set("rows", lines);
        continue;
      }
      TmuxPane io = new TmuxPane(gateway, pane, columns, lines);
      Map<String, Object> variables = Map.of("name", name, "tmuxRole", "pane", "tmuxClientName", id,
          "tmuxWindowPane", (long) number(pane.substring(1), 0));
      Session session;
      if (tab == null) {
        Window window = placement.remove(tmuxWindow);
        Tab fresh = (window != null ? window : app.newWindow()).newTab();
        fresh.variables().set("tmuxWindow", (long) number(tmuxWindow.substring(1), -1));
        fresh.variables().set("tmuxWindowName", name);
        tabs.put(tmuxWindow, fresh);
        session = fresh.newSession(io, variables);
        tab = fresh;
      } else {
        List<Session> shown = tab.sessions();
        session = tab.splitSession(shown.get(shown.size() - 1), false, io, variables);
      }
      io.attach(session);
      panes.put(pane, new Pane(tmuxWindow, session));
    }
    for (Map.Entry<String, Pane> e : List.copyOf(panes.entrySet())) {
      if (e.getValue().window().equals(tmuxWindow) && !listed.contains(e.getKey())) {
        panes.remove(e.getKey());
        e.getValue().session().terminate();
      }
    }
    CompletableFuture<Tab> waiting = awaited.remove(tmuxWindow);
    if (waiting != null) {
      waiting.complete(tab);
    }
  }

  private static void moveTo(Tab tab, Window window) {
    if (window != null && tab.window() != window) {
      List<Tab> order = new ArrayList<>(window.tabs());
      order.add(tab);
      window.setTabs(order);
    }
  }

  private Tab liveTab(String tmuxWindow) {
    Tab tab = tabs.get(tmuxWindow);
    return tab == null || tab.sessions().isEmpty() ? null : tab;
  }

  private synchronized void closeTab(String tmuxWindow) {
    tabs.remove(tmuxWindow);
    for (Map.Entry<String, Pane> e : List.copyOf(panes.entrySet())) {
      if (e.getValue().window().equals(tmuxWindow)) {
        panes.remove(e.getKey());
        e.getValue().session().terminate();
      }
    }
  }

  private static int number(String text, int otherwise) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private final class Events implements TmuxGateway.Events {
    @Override
    public void output(String pane, byte[] data) {
      Pane known = panes.get(pane);
      if (known != null && known.session().isLive()) {
        known.session().output(data, 0, data.length);
      }
    }

    @Override
    public void notification(String name, String arguments) {
      String window = arguments.split(" ", 2)[0];
      switch (name) {
        case "window-add", "layout-change" -> refresh(window);
        case "window-close", "unlinked-window-close" -> {
          hidden.remove(window);
          closeTab(window);
        }
        case "window-renamed" -> {
          Tab tab = tabs.get(window);
          String[] parts = arguments.split(" ", 2);
          if (tab != null && parts.length == 2) {
            tab.variables().set("tmuxWindowName", parts[1]);
          }
        }
        case "session-changed" -> refreshAll();
        default -> {} // the others change nothing the model shows
      }
    }

    @Override
    public void ended(String reason) {
      live = false;
      for (String window : List.copyOf(tabs.keySet())) {
        closeTab(window);
      }
      for (CompletableFuture<Tab> waiting : awaited.values()) {
        waiting.completeExceptionally(new TmuxCommandException("new-window", "the tmux connection ended (" + reason + ")"));
      }
      awaited.clear();
      if (owner.isLive()) {
        owner.variables().set("tmuxRole", null);
      }
      app.tmuxEnded(TmuxConnection.this);
    }
  }
}
