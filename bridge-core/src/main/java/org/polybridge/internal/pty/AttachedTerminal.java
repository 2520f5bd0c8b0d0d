package org.polybridge.internal.pty;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.InvocationContext;
import org.polybridge.ProtocolException;
import org.polybridge.host.App;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;
import org.polybridge.internal.config.KeyBinding;
import org.polybridge.json.Json;
import org.polybridge.internal.invocation.Futures;
import org.polybridge.internal.protocol.ApiServer;

/**
 * A terminal in another process attached as a session (polybridge's {@code pty.polybridge.org}
 * extension, docs/PROTOCOL.md): what its client says becomes model changes, what scripts do to the
 * session goes back to it through its {@link Link}. The transport only hands frames over.
 *
 * <ul>
 *   <li>{@code {"hello": {"command", "columns", "rows", "cwd", "session"}}} opens the session in a
 *       new window and answers {@code {"session": "<id>"}}; it must come first, and once. With
 *       {@code "session"} (a new upper-case UUID) the session has that id, which the client could
 *       give its program before the answer;
 *   <li>output bytes go through the session's control-sequence scanner;
 *   <li>{@code {"resize": {"columns", "rows"}}} updates {@code columns} and {@code rows};
 *   <li>{@code {"job": {"name"}}} updates {@code jobName} (the job in the terminal's foreground);
 *   <li>{@code {"exit": {"status"}}}, or the link going away, terminates the session;
 *   <li>{@code {"key": {"name"}}}: a bound key was pressed; its invocation is evaluated in the
 *       session's context, and a failure answers {@code {"status": {"text"}}}.
 * </ul>
 *
 * The keys bound in the session (by the user's configuration, for the session's {@code
 * profileName}, which hello's {@code "profile"} sets) go to the client as {@code {"keys": [names]}}
 * after hello and whenever they change.
 *
 * The last megabyte of output (and of injected bytes) is kept, so that {@code GetBuffer} reads the
 * session's last lines as plain text. Scripts' {@code Inject} reaches the client as bytes to show,
 * {@code SendText} as {@code {"type": text}}, {@code Close} (and the session ending any other way) as {@code {"close": {}}}.
 * Messages with other names are ignored, so that clients may say more than this server knows.
 */
public final class AttachedTerminal implements SessionIo {
  private static final System.Logger LOG = System.getLogger(AttachedTerminal.class.getName());

  /** The client's end, as the terminal sees it. Calls must not block (a transport queues them). */
  public interface Link {
    /** Bytes for the client to show in its terminal. */
    void display(byte[] bytes);

    /** A JSON control message for the client. */
    void control(String json);

    /** The client's name, for logs. */
    String name();
  }

  private final ApiServer server;
  private final App app;
  private final Link link;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Scrollback scrollback = new Scrollback(Scrollback.DEFAULT_CAPACITY);
  private volatile Session session;
  private volatile int columns = 80;
  private volatile int rows = 24;
  /** The key names last sent to the client (null: none yet; the first list goes even when empty); guarded by {@code this}. */
  private List<String> sentKeys;
  private AutoCloseable configListener;
  private AutoCloseable profileMonitor;
  private AutoCloseable statusBarListener;
  private AutoCloseable popoverListener;
  private AutoCloseable alertListener;
  private AutoCloseable keystrokeListener;
  /** The keystroke interest last sent (null: none yet); guarded by {@code this}. */
  private ApiServer.KeystrokeInterest sentKeystrokes;
  /** The alerts already told of; guarded by {@code this}. */
  private final java.util.Set<String> toldAlerts = new java.util.HashSet<>();
  /** The status-bar line last sent (null: none yet); guarded by {@code this}. */
  private String sentStatusBar;

  public AttachedTerminal(ApiServer server, Link link) {
    this.server = server;
    this.app = server.app();
    this.link = link;
  }

  /** The session, once the client said hello; {@code null} before. */
  public Session session() {
    return session;
  }

  /**
   * A JSON control message from the client.
   *
   * @throws ProtocolException when it is not a JSON object, comes out of order or has bad values
   */
  public void control(String text) {
    Map<String, Object> message = object(parse(text), "message");
    for (Map.Entry<String, Object> e : message.entrySet()) {
      switch (e.getKey()) {
        case "hello" -> hello(object(e.getValue(), "hello"));
        case "resize" -> resize(object(e.getValue(), "resize"));
        case "job" -> job(object(e.getValue(), "job"));
        case "exit" -> exit(object(e.getValue(), "exit"));
        case "key" -> key(object(e.getValue(), "key"));
        case "keystroke" -> server.keystroke(requireSession("keystroke"), object(e.getValue(), "keystroke"));
        default -> LOG.log(Level.DEBUG, link.name() + ": ignored the control message " + e.getKey());
      }
    }
  }

  /**
   * Output of the client's program: custom control sequences in it reach their subscribers.
   *
   * @throws ProtocolException before hello
   */
  public void output(byte[] bytes, int offset, int length) {
    Session s = requireSession("output");
    try {
      s.output(bytes, offset, length);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "session " + s.id() + ": a listener failed on its output", e);
    }
  }

  /** The client went away: its session terminates. Idempotent. */
  public void closed() {
    end();
  }

  /** To the client; the scrollback gets the bytes from the session's output, which they join next. */
  @Override
  public void display(byte[] bytes) {
    link.display(bytes);
  }

  /** The scrollback here; the client's terminal gets {@code CSI 3 J} from the client's own translation. */
  @Override
  public void clearScrollback() {
    scrollback.clear();
  }

  @Override
  public List<String> lines() {
    return scrollback.lines();
  }

  @Override
  public void type(String text) {
    link.control(Json.write(Map.of("type", text)));
  }

  /** Asks the client to end its program; the client then says {@code exit}. */
  @Override
  public void close() {
    link.control(Json.write(Map.of("close", Map.of())));
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public int rows() {
    return rows;
  }

  private void hello(Map<String, Object> hello) {
    if (session != null) {
      throw new ProtocolException("hello : a second hello (expected: once, first)");
    }
    columns = size(hello, "columns", 80);
    rows = size(hello, "rows", 24);
    String command = text(hello, "command", "");
    String cwd = text(hello, "cwd", null);
    String profile = text(hello, "profile", null);
    String id = text(hello, "session", null);
    if (id != null && (!org.polybridge.host.Tab.isSessionId(id) || app.session(id).isPresent())) {
      throw new ProtocolException("session : " + Json.write(id) + " (expected: a new upper-case UUID)");
    }
    String program = programName(command);
    Map<String, Object> variables = new HashMap<>();
    variables.put("name", program.isEmpty() ? "Session" : program);
    variables.put("jobName", program);
    variables.put("commandLine", command);
    variables.put("path", cwd);
    variables.put("profileName", profile);
    Session s;
    try {
      s = id == null ? app.newWindow().newTab().newSession(this, variables) : app.newWindow().newTab().newSession(this, variables, id);
    } catch (IllegalArgumentException e) { // another client took the id meanwhile
      throw new ProtocolException("session : " + e.getMessage(), e);
    }
    // what the session shows, in order with what forgets it (ClearScrollback)
    s.addOutputListener(scrollback::append);
    app.addListener(new EndedElsewhere(s));
    session = s;
    link.control(Json.write(Map.of("session", s.id())));
    configListener = server.configuration().addListener(config -> sendKeys());
    profileMonitor = s.variables().monitor((name, value) -> {
      if (name.equals("profileName")) {
        sendKeys();
      } else if (name.equals("name") && value != null) {
        showTitle(value);
      }
    });
    if (!server.titles().providers().isEmpty()) {
      s.variables().get("name").ifPresent(this::showTitle); // a provider may have answered before the monitor was there
    }
    statusBarListener = server.statusBar().addListener(changed -> {
      if (changed == s) {
        sendStatusBar();
      }
    });
    popoverListener = server.statusBar().addPopoverListener((where, text) -> {
      if (where == s) {
        link.control(Json.write(Map.of("status", Map.of("text", text))));
      }
    });
    alertListener = app.alerts().addListener(this::tellAlerts);
    keystrokeListener = server.addKeystrokeListener(this::sendKeystrokes);
    sendKeystrokes();
    tellAlerts(app.alerts().pending());
    sendKeys();
    sendStatusBar();
    LOG.log(Level.DEBUG, link.name() + " attached as session " + s.id());
  }

  /** Tells the client which keys are bound in the session now, when that changed. */
  private synchronized void sendKeys() {
    Session s = session;
    if (s == null || ended.get()) {
      return;
    }
    List<String> names = server.configuration().current().keysFor(profile(s)).stream().map(k -> k.key().name()).toList();
    if (!names.equals(sentKeys)) {
      sentKeys = names;
      link.control(Json.write(Map.of("keys", names)));
    }
  }

  /** Tells the client the session's status-bar line (the components' texts), when it changed. */
  private synchronized void sendStatusBar() {
    Session s = session;
    if (s == null || ended.get()) {
      return;
    }
    String line = server.statusBar().line(s);
    if (!line.equals(sentStatusBar) && !(sentStatusBar == null && line.isEmpty())) {
      sentStatusBar = line;
      link.control(Json.write(Map.of("statusbar", Map.of("text", line))));
    }
  }

  /** The session's title (a title provider's, a script's set_name) is the terminal's window title. */
  private void showTitle(Object name) {
    link.display(("\033]2;" + sanitized(String.valueOf(name)) + "\007").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Tells the client which typed keys to report and which to withhold, when that changed. */
  private synchronized void sendKeystrokes() {
    Session s = session;
    if (s == null || ended.get()) {
      return;
    }
    ApiServer.KeystrokeInterest now = server.keystrokeInterest(s);
    if (!now.equals(sentKeystrokes) && !(sentKeystrokes == null && !now.monitored() && now.filters().isEmpty())) {
      sentKeystrokes = now;
      link.control(Json.write(Map.of("keystrokes", Map.of("monitor", now.monitored(), "filters", now.filters()))));
    }
  }

  /** Shows each new alert on the terminal's status line: what it asks and how to answer it. */
  private synchronized void tellAlerts(List<org.polybridge.host.Alerts.Alert> pending) {
    if (session == null || ended.get()) {
      return;
    }
    toldAlerts.retainAll(pending.stream().map(org.polybridge.host.Alerts.Alert::id).toList());
    for (var a : pending) {
      if (toldAlerts.add(a.id())) {
        String how = a.kind() == org.polybridge.host.Alerts.Kind.TEXT_INPUT ? "TEXT" : String.join("|", a.buttons());
        link.control(Json.write(Map.of("status", Map.of("text", "alert " + a.id() + ": " + a.title()
            + (a.subtitle().isEmpty() ? "" : " — " + a.subtitle()) + " (polybridge alerts answer " + a.id() + " " + how + ")"))));
      }
    }
  }

  /** Text fit for a title: no control characters (they would end the sequence or start another). */
  private static String sanitized(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().filter(c -> c >= ' ' && c != 0x7f && !(c >= 0x80 && c < 0xa0)).forEach(out::appendCodePoint);
    return out.toString();
  }

  /**
   * A bound key was pressed: its invocation is evaluated in the session's context. A failure goes
   * to the log and, as a status line, to the client.
   */
  private void key(Map<String, Object> key) {
    Session s = requireSession("key");
    String name = text(key, "name", "");
    Optional<KeyBinding> binding = server.configuration().current().keysFor(profile(s)).stream()
        .filter(k -> k.key().name().equals(name)).findFirst();
    if (binding.isEmpty()) {
      LOG.log(Level.INFO, "session " + s.id() + ": the key " + name + " is not bound (any more)");
      return;
    }
    KeyBinding b = binding.get();
    server.invoke(b.invocation(), InvocationContext.session(s.id()), null).whenComplete((value, failure) -> {
      if (failure != null) {
        Throwable cause = Futures.unwrap(failure);
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        LOG.log(Level.WARNING, "session " + s.id() + ": the key " + name + " (" + b.origin() + ") ran " + b.invocation()
            + ", which failed: " + why);
        link.control(Json.write(Map.of("status", Map.of("text", name + ": " + why))));
      }
    });
  }

  private static String profile(Session s) {
    return s.variables().get("profileName").map(String::valueOf).orElse(null);
  }

  private void job(Map<String, Object> job) {
    Session s = requireSession("job");
    String name = text(job, "name", null);
    if (name == null || name.isEmpty()) {
      throw new ProtocolException("job : " + job + " (expected: {\"name\": \"<program>\"})");
    }
    s.variables().set("jobName", name);
  }

  private void resize(Map<String, Object> resize) {
    Session s = requireSession("resize");
    columns = size(resize, "columns", columns);
    rows = size(resize, "rows", rows);
    s.variables().set("columns", columns);
    s.variables().set("rows", rows);
  }

  private void exit(Map<String, Object> exit) {
    Session s = requireSession("exit");
    LOG.log(Level.DEBUG, "session " + s.id() + ": the program exited with " + exit.get("status"));
    end();
  }

  private void end() {
    Session s = session;
    if (s != null && ended.compareAndSet(false, true)) {
      stopFollowing();
      s.terminate();
    }
  }

  private void stopFollowing() {
    for (AutoCloseable c : new AutoCloseable[] {configListener, profileMonitor, statusBarListener, popoverListener, alertListener, keystrokeListener}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "stop following: " + e);
      }
    }
  }

  private Session requireSession(String what) {
    Session s = session;
    if (s == null) {
      throw new ProtocolException(what + " before hello (expected: {\"hello\": {…}} first)");
    }
    return s;
  }

  /** The program's file name: the first word of the command line. */
  static String programName(String command) {
    List<String> words = List.of(command.strip().split("\\s+"));
    String first = words.get(0);
    return first.isEmpty() ? "" : Path.of(first).getFileName().toString();
  }

  private static Object parse(String text) {
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("a text frame is " + e.getMessage(), e); // "a text frame is not valid JSON: … (where)"
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new ProtocolException(what + " : " + Json.write(value) + " (expected: a JSON object)");
  }

  private static int size(Map<String, Object> message, String name, int fallback) {
    Object v = message.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Long n && n > 0 && n <= 10_000) {
      return n.intValue();
    }
    throw new ProtocolException(name + " : " + Json.write(v) + " (expected: an integer from 1 to 10000)");
  }

  private static String text(Map<String, Object> message, String name, String fallback) {
    Object v = message.get(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s) {
      return s;
    }
    throw new ProtocolException(name + " : " + Json.write(v) + " (expected: a string)");
  }

  /** Tells the client to end its program when its session is terminated by others (a window closed). */
  private final class EndedElsewhere implements App.Listener {
    private final Session mine;

    EndedElsewhere(Session mine) {
      this.mine = mine;
    }

    @Override
    public void sessionTerminated(Session terminated) {
      if (terminated != mine) {
        return;
      }
      app.removeListener(this);
      if (ended.compareAndSet(false, true)) {
        stopFollowing();
        close();
      }
    }
  }
}
