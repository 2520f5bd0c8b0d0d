package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.rpc.RpcRegistration;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;

/**
 * Runs the example scripts of iTerm2's Python documentation, as published, on the default host,
 * and says which ones run. Not part of the suite: it needs iTerm2's documentation, which the
 * project does not hold. Point it at the folder {@code api/library/python/iterm2/docs/examples}
 * of a checkout of gnachman/iTerm2:
 *
 * <pre>
 * POLYBRIDGE_ITERM2_EXAMPLES=/path/to/iTerm2/api/library/python/iterm2/docs/examples \
 *   mvn -B -ntp -q -pl bridge-cli -am verify -Dtest=Iterm2ExamplesHarness -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Each {@code .rst} page gives one script: its first Python block that runs a main function.
 * The scripts run one at a time, as AutoLaunch scripts of one bridge whose default host runs
 * {@code /bin/sh} in real pseudo-terminals, with one session open. A script that has loaded gets
 * a new tab opened and closed beside it (what monitors of new sessions, terminations and layout
 * wait for), then each function it registered is called once (see {@link #callFunctions}); it
 * counts as running when every call answered, it still runs (or finished) and its log holds no
 * error. The table goes to {@code target/iterm2-examples.md}; docs/ITERM2-EXAMPLES.md is written
 * from it.
 */
@Tag("iterm2-examples")
class Iterm2ExamplesHarness {
  private static final Pattern PYTHON_BLOCK = Pattern.compile("^\\s*\\.\\. code-block:: python\\s*$");

  @TempDir Path temp;

  @Test
  void runsEachDocumentedExampleAsAnAutoLaunchScript() throws Exception {
    String folder = Optional.ofNullable(System.getenv("POLYBRIDGE_ITERM2_EXAMPLES"))
        .orElse(System.getProperty("polybridge.iterm2.examples"));
    Assumptions.assumeTrue(folder != null, "POLYBRIDGE_ITERM2_EXAMPLES names no folder of iTerm2's examples");
    Map<String, String> scripts = new TreeMap<>();
    try (Stream<Path> pages = Files.list(Path.of(folder))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".rst")).toList()) {
        String name = page.getFileName().toString().replace(".rst", "");
        if (!name.equals("index")) {
          scripts.put(name, mainBlock(Files.readString(page)).orElse(null));
        }
      }
    }
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Path logs = temp.resolve("logs");
    List<String> rows = new ArrayList<>();
    int running = 0;
    int unchanged = 0;
    try (PtyHost host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
        Bridge bridge = Bridge.newBuilder().host(host).scriptsFolder(autoLaunch).logFolder(logs).build()) {
      Set<String> offered = probe(autoLaunch, logs);
      // the harness is the person at the terminal: each alert a script asks is answered (its first
      // button, or "answer" typed), as `polybridge alerts answer` would
      bridge.app().alerts().addListener(pending -> pending.forEach(a -> Thread.ofVirtual().start(() -> {
        try {
          bridge.app().alerts().answer(a.id(), a.kind() == org.polybridge.host.Alerts.Kind.TEXT_INPUT ? "answer" : "1");
        } catch (IllegalArgumentException e) {
          // answered already
        }
      })));
      for (Map.Entry<String, String> example : scripts.entrySet()) {
        if (bridge.app().sessions().isEmpty()) {
          host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
        }
        String outcome;
        if (example.getValue() == null) {
          outcome = "no Python block with a main function";
        } else if (example.getValue().contains("async_get_tmux_connections")) {
          outcome = withTmux(bridge, host, () -> run(bridge, host, autoLaunch, logs, example.getKey(), example.getValue()));
        } else {
          outcome = run(bridge, host, autoLaunch, logs, example.getKey(), example.getValue());
        }
        if (outcome.isEmpty() && example.getValue() != null) {
          outcome = missing(example.getValue(), offered);
        }
        String note = NOTES.get(example.getKey());
        if (outcome.isEmpty()) {
          running++;
          if (note == null) {
            unchanged++;
          }
        }
        String setup = SETUP.containsKey(example.getKey()) ? " (" + SETUP.get(example.getKey()) + ")" : "";
        rows.add("| " + example.getKey() + " | " + (outcome.isEmpty() ? (note == null ? "runs unchanged" + setup : "runs with a difference: " + note)
            : "fails: " + outcome.replace("|", "\\|")) + " |");
      }
    }
    String table = "runs: " + running + " of " + scripts.size() + " (unchanged: " + unchanged + ")\n\n| example | outcome |\n| --- | --- |\n"
        + String.join("\n", rows) + "\n";
    Files.writeString(Path.of("target/iterm2-examples.md"), table);
    System.out.println(table);
    assertThat(scripts).isNotEmpty();
  }

  /**
   * Examples that run but whose feature polybridge cannot carry out in full, and why: kept by hand
   * from what each example does (the harness sees only that it runs).
   */
  private static final Map<String, String> NOTES = Map.ofEntries(
      Map.entry("blending", "Blend is kept in the profile and reported back; no terminal shows it"),
      Map.entry("increase_font_size", "the font is kept in the profile and reported back; no terminal shows it"),
      Map.entry("resizeall", "the font is kept in the profile and reported back; no terminal shows it"),
      Map.entry("fs-only-status-bar", "no window is ever full screen (a headless host sets no style), and the status bar setting is only kept"),
      Map.entry("theme", "effectiveTheme is \"dark\" unless the host sets it: no desktop tells a headless daemon its theme"),
      Map.entry("jsonpretty", "a selection is what a script set (no terminal attached to polybridge reports one a person made): none here, so the click shows \"Invalid JSON\" on the status line (the popover's text)"),
      Map.entry("unread", "icons are kept, not shown; the unread count follows the text on the status line"),
      Map.entry("mrutabs", "tabs are reordered in the model; a headless host shows no tab bar"),
      Map.entry("movetab", "tabs move between windows in the model; a headless host shows no windows"),
      Map.entry("apply_layout", "panes move between tabs and windows in the model, and the default host's ptys take their pane's share of the tab; a headless host shows no panes"),
      Map.entry("sorttabs", "tabs are reordered in the model; a headless host shows no tab bar"),
      Map.entry("sumselection", "`selection` holds what a script selected (no terminal attached to polybridge reports a selection a person made): empty here, so the sum is 0"));

  /**
   * What the harness does first for an example, as the example's page asks the reader to: it then
   * runs unchanged. The examples that call {@code async_get_tmux_connections} need a tmux client in
   * control mode; the harness runs {@code tmux -CC} (a server of its own) in a new session of the
   * host before them and kills that server after them ({@link #withTmux}).
   */
  private static final Map<String, String> SETUP = Map.ofEntries(
      Map.entry("tmux", "the harness ran `tmux -CC` in a session first, as the page asks"),
      Map.entry("tile", "the harness ran `tmux -CC` in a session first, as the page asks"));

  /** Hands back what {@code example} returns, run while a tmux client in control mode runs in a session of the host. */
  private static String withTmux(Bridge bridge, PtyHost host, java.util.concurrent.Callable<String> example) throws Exception {
    Optional<TmuxServer> found = TmuxServer.find();
    if (found.isEmpty()) {
      return "needs a tmux client in control mode (`tmux -CC`), and tmux is not installed";
    }
    try (TmuxServer tmux = found.get()) {
      Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
      shell.io().type(tmux.controlModeCommand("examples") + "\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (bridge.app().tmuxConnections().stream().allMatch(c -> c.tabs().isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (bridge.app().tmuxConnections().isEmpty()) {
        return "tmux -CC started no tmux connection within 30 s";
      }
      try {
        return example.call();
      } finally {
        shell.io().close(); // the server goes as the try ends
      }
    }
  }

  /**
   * The names the library offers: the module's and every class's attributes, printed by a probe
   * script (the first one, so it also waits for Python to start).
   */
  private static Set<String> probe(Path autoLaunch, Path logs) throws Exception {
    Path file = autoLaunch.resolve("probe.py");
    Files.writeString(file, """
        import iterm2, json
        from iterm2 import _profile_keys
        names = set(dir(iterm2))
        for value in list(vars(iterm2).values()):
            if isinstance(value, type):
                names.update(dir(value))
        for name in _profile_keys.PROPERTIES:  # served by __getattr__
            names.update([name, "set_" + name, "async_set_" + name])
        print("PROBE:" + json.dumps(sorted(names)))
        """);
    Path log = logs.resolve("probe.py.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          int at = line.indexOf("PROBE:");
          if (at >= 0) {
            Files.delete(file);
            Set<String> names = new HashSet<>();
            ((List<?>) Json.parse(line.substring(at + 6))).forEach(n -> names.add((String) n));
            return names;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the probe script printed nothing in 300 s");
  }

  /**
   * What the example uses that the library does not offer: {@code iterm2.X} names, and {@code
   * .async_x(} methods no class of the library has. "" when nothing is missing. Catches what runs
   * only later (in a task, or on an event the harness does not make).
   */
  static String missing(String code, Set<String> offered) {
    Set<String> absent = new TreeSet<>();
    Matcher names = Pattern.compile("(?<![\\w.\"'])iterm2\\.([A-Za-z_]\\w*)").matcher(code);
    while (names.find()) {
      if (!offered.contains(names.group(1))) {
        absent.add("iterm2." + names.group(1));
      }
    }
    Matcher methods = Pattern.compile("\\.(async_\\w+)\\(").matcher(code);
    while (methods.find()) {
      if (!offered.contains(methods.group(1))) {
        absent.add(methods.group(1));
      }
    }
    return absent.isEmpty() ? "" : "uses " + String.join(", ", absent) + ", which polybridge's library lacks";
  }

  /** "" when the script runs; else why not: the first error of its log, or its state. */
  private static String run(Bridge bridge, PtyHost host, Path autoLaunch, Path logs, String name, String code)
      throws Exception {
    Path file = autoLaunch.resolve(name.replace('-', '_') + ".py");
    Files.writeString(file, code);
    String scriptName = file.getFileName().toString();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (state(bridge, scriptName).map(s -> s == State.LOADING).orElse(true) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1000);
      var window = bridge.app().windows().isEmpty() ? null : bridge.app().windows().get(0);
      Session extra = host.createTab(bridge.app(), window, "Default").get(10, TimeUnit.SECONDS);
      Thread.sleep(3000);
      extra.io().close();
      Thread.sleep(1000);
      String called = callFunctions(bridge, scriptName);
      if (!called.isEmpty()) {
        return called;
      }
      State state = state(bridge, scriptName).orElse(State.STOPPED);
      Optional<String> error = firstError(logs.resolve(scriptName + ".log"));
      if ((state == State.RUNNING || state == State.FINISHED) && error.isEmpty()) {
        return "";
      }
      String lastError = bridge.scripts().stream().filter(s -> s.name().equals(scriptName))
          .map(ScriptStatus::lastError).filter(e -> e != null).findFirst().orElse(null);
      return error.or(() -> Optional.ofNullable(lastError)).orElse(state.toString());
    } finally {
      Files.delete(file);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (state(bridge, scriptName).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
  }

  /**
   * Calls each function the script registered, in the context of the first session: an argument
   * named like a session id gets the session's {@code id}, any other one {@code 1}. "" when every
   * call answered, else the first failure.
   */
  private static String callFunctions(Bridge bridge, String scriptName) {
    List<Session> sessions = bridge.app().sessions();
    if (sessions.isEmpty()) {
      return "";
    }
    for (RpcRegistration f : ApiServer.of(bridge).registry().all()) {
      if (!f.owner().name().equals(scriptName) || !f.role().equals("GENERIC")) {
        continue;
      }
      List<String> arguments = new ArrayList<>();
      for (String argument : f.signature().arguments()) {
        if (!f.defaults().containsKey(argument)) {
          arguments.add(argument + ": " + (argument.contains("session") ? "id" : "1"));
        }
      }
      String invocation = f.localName() + "(" + String.join(", ", arguments) + ")";
      try {
        bridge.invoke(invocation, InvocationContext.session(sessions.get(0).id()), Duration.ofSeconds(10))
            .get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return "calling " + invocation + ": " + cause.getMessage().lines().findFirst().orElse("");
      }
    }
    return "";
  }

  private static Optional<State> state(Bridge bridge, String scriptName) {
    return bridge.scripts().stream().filter(s -> s.name().equals(scriptName)).map(ScriptStatus::state).findFirst();
  }

  /** The first error its log reports: the exception's one-line summary. */
  private static Optional<String> firstError(Path log) throws IOException {
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(" ERROR "))
        .map(l -> l.substring(l.indexOf(" ERROR ") + 7).strip()).findFirst();
  }

  /** The page's first Python block that runs a main function, dedented, tabs expanded to 8. */
  static Optional<String> mainBlock(String page) {
    String[] lines = page.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (!PYTHON_BLOCK.matcher(lines[i]).matches()) {
        continue;
      }
      List<String> body = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.length && (lines[j].isBlank() || lines[j].startsWith(" ") || lines[j].startsWith("\t")); j++) {
        body.add(expandTabs(lines[j]));
      }
      i = j - 1;
      int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(Iterm2ExamplesHarness::indentOf).min().orElse(0);
      String code = String.join("\n", body.stream().map(l -> l.length() >= indent ? l.substring(indent) : "").toList()).strip() + "\n";
      if (code.contains("iterm2.run_forever") || code.contains("iterm2.run_until_complete")) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
  }

  private static int indentOf(String line) {
    Matcher m = Pattern.compile("^ *").matcher(line);
    return m.find() ? m.end() : 0;
  }

  private static String expandTabs(String line) {
    StringBuilder out = new StringBuilder();
    for (char c : line.toCharArray()) {
      if (c == '\t') {
        do {
          out.append(' ');
        } while (out.length() % 8 != 0);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
