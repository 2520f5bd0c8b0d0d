package org.polybridge.host;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.polybridge.internal.terminal.ControlSequenceScanner;
import org.polybridge.internal.terminal.MouseReportingMode;

/**
 * A terminal session: a program's output, shown in a tab. Its variables include {@code id}, {@code
 * name}, {@code columns}, {@code rows}, {@code mouseReportingMode} (iTerm2's values: -1 none, 0
 * clicks, 2 drags, 3 all motion, as the program's output asked) and whatever the host or scripts
 * set ({@code user.*}).
 *
 * <pre>{@code
 * Session session = bridge.app().newWindow().newTab().newSession(io);
 * session.output(bytes, 0, bytes.length);          // what its program wrote: scanned for sequences, triggers, scrollback
 * session.variables().set("user.project", "web");  // what invocations in its context see
 * session.terminate();                             // its program ended
 * }</pre>
 */
public final class Session implements Pane {
  /**
   * Hears the text a session's program prints, as the host shows it: every byte of its output
   * except polybridge's own sequences (and iTerm2's that the session consumes), in order.
   */
  @FunctionalInterface
  public interface OutputListener {
    /** Called on the thread that feeds the output: copy what you keep and return quickly. */
    void printed(byte[] bytes, int offset, int length);
  }

  private volatile Tab tab;
  private final SessionIo io;
  private final String id;
  private final Variables variables = new Variables();
  private final ControlSequenceScanner scanner;
  /** The tmux connection this session's output belongs to while tmux speaks control mode in it. */
  private volatile TmuxConnection tmux;
  /** The scanner read {@code ESC P 1000 p} in the chunk it was given; guarded by {@code scanner}. */
  private boolean controlModeStarted;
  private final List<OutputListener> outputListeners = new CopyOnWriteArrayList<>();
  private final Prompts prompts = new Prompts();
  private final MouseReportingMode mouseReporting = new MouseReportingMode(mode -> variables().set("mouseReportingMode", mode));
  private volatile boolean live = true;
  private volatile Selection selection = Selection.NONE;
  private Profile profile;

  Session(Tab tab, SessionIo io) {
    this(tab, io, UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT));
  }

  /** A session whose id its creator chose ({@link Tab#newSession(SessionIo, Map, String)}). */
  Session(Tab tab, SessionIo io, String id) {
    this.tab = tab;
    this.io = io;
    this.id = id;
    variables.set("id", id);
    variables.set("name", "Session");
    variables.set("columns", io.columns());
    variables.set("rows", io.rows());
    variables.set("mouseReportingMode", MouseReportingMode.NONE); // as iTerm2 sets these when the session starts
    variables.set("selection", "");
    variables.set("selectionLength", 0L);
    // through the field: a session moves between tabs (App#applyLayout)
    variables.reference("iterm2", () -> this.tab.window().app().variables());
    variables.reference("tab", () -> this.tab.variables());
    scanner = ControlSequenceScanner.forSession(ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, new Sequences());
  }

  /** A unique, stable id (a UUID), as iTerm2's {@code unique_identifier}. */
  public String id() {
    return id;
  }

  /** The tab the session is in now: a session moves between tabs and windows ({@link App#applyLayout}). */
  public Tab tab() {
    return tab;
  }

  /**
   * The session's size in cells: its {@code columns} and {@code rows} variables, which the host
   * sets (its terminal's size) and the model changes when it shares a tab among panes and the
   * host's terminal took the size ({@link SessionIo#resize}).
   */
  public GridSize gridSize() {
    return new GridSize(intVariable("columns", io.columns()), intVariable("rows", io.rows()));
  }

  private int intVariable(String name, int fallback) {
    return variables.get(name).filter(Number.class::isInstance).map(n -> Math.max(1, ((Number) n).intValue())).orElse(Math.max(1, fallback));
  }

  /** Asks the host to give the session's program {@code size}; the variables follow when it did. */
  void resize(GridSize size) {
    if (!size.equals(gridSize()) && io.resize(size.columns(), size.rows())) {
      variables.set("columns", size.columns());
      variables.set("rows", size.rows());
    }
  }

  void moveTo(Tab target) {
    tab = target;
  }

  public SessionIo io() {
    return io;
  }

  public Variables variables() {
    return variables;
  }

  /**
   * The session's own profile: a copy of the app's profile named by its {@code profileName}
   * variable (the default profile when there is none of that name), made when first asked for.
   */
  public synchronized Profile profile() {
    if (profile == null) {
      Profiles profiles = tab.window().app().profiles();
      Object name = variables.get("profileName").orElse(null);
      profile = (name == null ? Optional.<Profile>empty() : profiles.named(name.toString()))
          .orElse(profiles.defaultProfile()).copy();
    }
    return profile;
  }

  /** Gives the session a copy of {@code named} as its profile (a script's {@code async_set_profile}). */
  public synchronized void useProfile(Profile named) {
    profile = named.copy();
    variables.set("profileName", named.name());
  }

  /** The shell prompts its shell-integration marks showed ({@code OSC 133}). */
  public Prompts prompts() {
    return prompts;
  }

  /** What a script selected ({@link Selection#NONE} until one does). */
  public Selection selection() {
    return selection;
  }

  /**
   * Selects {@code selected} (a script's {@code async_set_selection}); the {@code selection}
   * variable then holds its text, cut to {@value #MAX_SELECTION_VARIABLE} characters, and {@code
   * selectionLength} the whole text's length, as iTerm2 sets them.
   */
  public void select(Selection selected) {
    selection = java.util.Objects.requireNonNull(selected, "selected == null");
    String text = selected.text(io.lines());
    // an eighth of a variable's limit: escaped as JSON (at most six characters for one) it still fits
    variables.set("selection", text.length() > MAX_SELECTION_VARIABLE ? text.substring(0, MAX_SELECTION_VARIABLE) : text);
    variables.set("selectionLength", (long) text.length());
  }

  /** The longest text the {@code selection} variable holds (iTerm2 cuts it too, to a setting's length). */
  public static final int MAX_SELECTION_VARIABLE = Variables.MAX_VALUE_LENGTH / 8;

  public boolean isLive() {
    return live;
  }

  /**
   * Shows bytes as though the session's program had written them: the host displays them and the
   * bridge reads the control sequences in them.
   */
  public void inject(byte[] bytes) {
    io.display(bytes);
    output(bytes, 0, bytes.length);
  }

  /**
   * Reads the session program's output, as the host shows it: custom control sequences in it reach
   * their subscribers, {@code SetUserVar} sets {@code user.} variables. The host keeps showing the
   * bytes itself. Chunks may split a sequence anywhere; call from one thread at a time per session.
   *
   * <p>From {@code ESC P 1000 p} ({@code tmux -CC}) to tmux's {@code %exit}, the output is tmux's
   * control mode: it goes to the session's {@link TmuxConnection}, not to the scanner.
   */
  public void output(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    synchronized (scanner) {
      int end = offset + length;
      for (int i = offset; i < end; ) {
        TmuxConnection connection = tmux;
        if (connection != null) {
          i += connection.feed(bytes, i, end - i);
          if (!connection.readingControlMode()) {
            tmux = null;
          }
        } else {
          i += scanner.feed(bytes, i, end - i);
          if (controlModeStarted) {
            controlModeStarted = false;
            tmux = tab.window().app().startTmux(this);
          }
        }
      }
    }
  }

  /** The tmux connection in control mode in this session, if tmux speaks it here now. */
  public java.util.Optional<TmuxConnection> tmuxConnection() {
    return java.util.Optional.ofNullable(tmux);
  }

  /** Adds a listener of what the program prints; closing the handle removes it. */
  public AutoCloseable addOutputListener(OutputListener listener) {
    outputListeners.add(listener);
    return () -> outputListeners.remove(listener);
  }

  /** The session's program has ended: the session leaves its tab and subscribers hear of it. */
  public void terminate() {
    if (!live) {
      return;
    }
    live = false;
    TmuxConnection connection = tmux;
    if (connection != null) {
      connection.end("the session ended");
    }
    App app = tab.window().app();
    app.leaveTab(this);
    app.sessionTerminated(this);
  }

  /** What the scanner finds, turned into model events. */
  private final class Sequences implements ControlSequenceScanner.Listener {
    @Override
    public void text(byte[] bytes, int offset, int length) {
      // the host shows the program's output itself
      for (OutputListener l : outputListeners) {
        l.printed(bytes, offset, length);
      }
      prompts.printed(bytes, offset, length);
      mouseReporting.printed(bytes, offset, length);
    }

    /** As iTerm2's variables: the icon name, the window title, and the name the terminal gave the session. */
    @Override
    public void title(boolean icon, boolean window, String text) {
      String value = text.isEmpty() ? null : text;
      if (icon) {
        variables.set("terminalIconName", value);
      }
      if (window) {
        variables.set("terminalWindowName", value);
        variables.set("autoName", value);
      }
    }

    @Override
    public void shellMark(char mark, String arguments) {
      int line = Math.max(0, io.lines().size() - 1);
      String path = variables.get("path").map(String::valueOf).orElse(null);
      prompts.mark(mark, arguments, line, path).ifPresent(change -> tab.window().app().prompt(Session.this, change));
    }

    @Override
    public void clearScrollback() {
      io.clearScrollback();
    }

    @Override
    public void profile(String name) {
      variables.set("profileName", name);
    }

    @Override
    public void custom(String identity, String payload) {
      tab.window().app().customControlSequence(Session.this, identity, payload);
    }

    @Override
    public void setUserVar(String name, String base64Value) {
      String value;
      try {
        value = base64Value.isEmpty() ? null : new String(Base64.getDecoder().decode(base64Value.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        malformed("SetUserVar=" + name + ": value is not base64");
        return;
      }
      try {
        variables.set("user." + name, value);
      } catch (IllegalArgumentException e) { // too large: the program's output goes on
        malformed("SetUserVar=" + name + ": " + e.getMessage());
      }
    }

    @Override
    public void workingDirectory(String path) {
      variables.set("path", path);
    }

    @Override
    public void remoteHost(String user, String host) {
      variables.set("username", user);
      variables.set("hostname", host);
    }

    /** The scanner stops right after it; {@link #output} then hands the rest to a new tmux connection. */
    @Override
    public void controlModeStarted() {
      controlModeStarted = true;
    }

    @Override
    public void malformed(String reason) {
      System.getLogger(Session.class.getName()).log(System.Logger.Level.INFO, "session " + id + ": " + reason);
    }
  }
}
