package org.polybridge.cli.console;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Alerts;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Window;
import org.polybridge.json.Json;

/**
 * What the console shows and does, by the paths the command line takes: scripts, functions and
 * script control through the built-in functions ({@code iterm2.scripts()}, {@code
 * iterm2.functions()}, {@code iterm2.restart_script(name:)} …), invocations as {@code polybridge
 * invoke} makes them, screens and typing through an API client of the bridge (as {@code polybridge
 * buffer} and {@code send-text}), logs as {@code polybridge logs} reads them, alerts from the
 * app's {@link Alerts}, as {@code polybridge alerts} sees them.
 */
final class ConsoleData implements AutoCloseable {
  /** The script actions the console offers, as {@code iterm2.<action>_script} names them. */
  static final List<String> ACTIONS = List.of("start", "stop", "restart");

  private final Bridge bridge;
  private final Path logs;
  private final ApiClient client;

  ConsoleData(Bridge bridge, Path logs) {
    this.bridge = bridge;
    this.logs = logs;
    this.client = new ApiClient(bridge.connect("polybridge console"), Runnable::run);
  }

  /** {@code iterm2.scripts()}. */
  CompletableFuture<Object> scripts() {
    return bridge.invoke("iterm2.scripts()");
  }

  /** {@code iterm2.functions()}. */
  CompletableFuture<Object> functions() {
    return bridge.invoke("iterm2.functions()");
  }

  /** Evaluates {@code invocation} in the session {@code sessionId}'s context ({@code null}: the app's). */
  CompletableFuture<Object> invoke(String invocation, String sessionId, Duration timeout) {
    InvocationContext context = sessionId == null ? InvocationContext.app() : InvocationContext.session(sessionId);
    return bridge.invoke(invocation, context, timeout);
  }

  /**
   * {@code iterm2.<action>_script(name: NAME)}: the script's status after.
   *
   * @throws IllegalArgumentException when {@code action} is not one of {@link #ACTIONS}
   */
  CompletableFuture<Object> act(String action, String name) {
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("action : " + action + " (expected: one of " + String.join(", ", ACTIONS) + ")");
    }
    return bridge.invoke("iterm2." + action.toLowerCase(Locale.ROOT) + "_script(name: " + Json.write(name) + ")");
  }

  /** Windows, tabs and sessions with their variables (names sorted), and the active session's id. */
  Map<String, Object> sessions() {
    List<Object> windows = new ArrayList<>();
    for (Window w : bridge.app().windows()) {
      List<Object> tabs = new ArrayList<>();
      for (Tab t : w.tabs()) {
        List<Object> sessions = new ArrayList<>();
        for (Session s : t.sessions()) {
          sessions.add(Map.of("id", s.id(), "variables", variables(s.variables().all())));
        }
        tabs.add(Map.of("id", t.id(), "variables", variables(t.variables().all()), "sessions", sessions));
      }
      windows.add(Map.of("id", w.id(), "variables", variables(w.variables().all()), "tabs", tabs));
    }
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("windows", windows);
    app.put("active_session", bridge.app().activeSession().map(Session::id).orElse(null));
    return app;
  }

  private static Map<String, Object> variables(Map<String, Object> all) {
    return new TreeMap<>(all);
  }

  /** The session's last {@code lines} lines, screen and scrollback, oldest first. */
  CompletableFuture<List<String>> screen(String sessionId, int lines) {
    return client.buffer(sessionId, lines);
  }

  /** Types {@code text} into the session, as {@code polybridge send-text} does. */
  CompletableFuture<Void> sendText(String sessionId, String text) {
    return client.sendText(sessionId, text);
  }

  /** The alerts waiting for a person, oldest first, as {@code polybridge alerts} lists them. */
  List<Object> alerts() {
    List<Object> alerts = new ArrayList<>();
    bridge.app().alerts().pending().forEach(a -> alerts.add(a.describe()));
    return alerts;
  }

  /**
   * Answers alert {@code id} as a person did in the page's dialog.
   *
   * @throws IllegalArgumentException when it no longer waits (answered elsewhere, withdrawn) or the
   *     answer does not fit it ({@link Alerts#answer(String, Alerts.Answer)})
   */
  void answerAlert(String id, Alerts.Answer answer) {
    bridge.app().alerts().answer(id, answer);
  }

  /**
   * The log of script {@code name}.
   *
   * @throws IllegalArgumentException when the script has no log
   */
  ScriptLogFile log(String name) {
    return ScriptLogFile.of(logs, name);
  }

  /** The last {@code lines} lines of script {@code name}'s log. */
  ScriptLogFile.Chunk lastLines(String name, int lines) throws IOException {
    return log(name).last(lines);
  }

  @Override
  public void close() {
    client.close();
  }
}
