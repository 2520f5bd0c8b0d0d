package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.json.Json;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge start PATH|NAME} for scripts outside AutoLaunch (iTerm2's Scripts menu), and
 * {@code scripts --all}, against a daemon whose AutoLaunch folder sits in a Scripts folder.
 */
class OnDemandScriptsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path folder;
  private Daemon daemon;
  private Path socket;
  private Path menu;
  private Path logs;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startDaemon() throws Exception {
    socket = folder.resolve("private").resolve("socket");
    menu = Files.createDirectories(folder.resolve("Scripts"));
    Path autoLaunch = Files.createDirectories(menu.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("auto.js"), daemonScript("auto"));
    Files.writeString(menu.resolve("menu.js"), daemonScript("menu"));
    logs = folder.resolve("logs");
    daemon = Daemon.start(socket, null, autoLaunch, logs);
    Eventually.until(PATIENCE, "auto registered", () -> !ApiServer.of(daemon.bridge()).registry().named("auto").isEmpty());
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private static String daemonScript(String function) {
    return "iterm2.runForever(async connection => {\n"
        + "  await iterm2.rpc(async function " + function + "() { return '" + function + "'; }).register(connection);\n});\n";
  }

  /** Runs a command against the daemon; {@code logs}, which reads the files alone, as it is. */
  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (!args[0].equals("logs")) {
      all.addAll(List.of("--socket", socket.toString()));
    }
    return new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
  }

  private Map<Object, Object> listed(String name, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "scripts";
    System.arraycopy(options, 0, args, 1, options.length);
    assertThat(run(args)).as(err.toString()).isZero();
    Map<Object, Object> found = new java.util.HashMap<>();
    ((List<?>) Json.parse(out.toString())).stream().map(s -> (Map<?, ?>) s).filter(s -> s.get("name").equals(name))
        .findFirst().ifPresent(found::putAll);
    return found;
  }

  @Test
  void aSimpleScriptStartedByItsPathRunsToItsEndWithItsLogAndIsNotStartedAgain() throws Exception {
    Path hello = Files.createDirectories(folder.resolve("elsewhere")).resolve("hello.js");
    Files.writeString(hello, "iterm2.runUntilComplete(async () => { console.log('hello, é'); });\n");

    assertThat(run("start", hello.toString())).as(err.toString()).isZero();
    assertThat(((Map<?, ?>) Json.parse(out.toString())).get("path")).isEqualTo(hello.toString());

    Eventually.until(PATIENCE, "hello.js finished", () -> "FINISHED".equals(listed("hello.js").get("state")));
    assertThat(listed("hello.js")).containsEntry("on_demand", true).containsEntry("path", hello.toString());
    assertThat(run("logs", "--logs", logs.toString(), "hello.js")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("hello, é").contains("finished; it runs again with polybridge start hello.js");
  }

  @Test
  void theScriptsFolderIsListedWithAllAndItsScriptsStartAndStopByName() throws Exception {
    assertThat(listed("menu.js")).isEmpty();
    assertThat(listed("menu.js", "--all")).containsEntry("state", "NOT_RUNNING").containsEntry("language", "JavaScript");
    assertThat(listed("auto.js", "--all")).containsEntry("state", "RUNNING");

    assertThat(run("start", "menu.js")).as(err.toString()).isZero();
    Eventually.until(PATIENCE, "menu registered", () -> !ApiServer.of(daemon.bridge()).registry().named("menu").isEmpty());
    assertThat(listed("menu.js")).containsEntry("state", "RUNNING").containsEntry("path", menu.resolve("menu.js").toString());
    assertThat(run("start", "menu.js")).isEqualTo(1);
    assertThat(err.toString()).contains("menu.js is RUNNING already");

    assertThat(run("stop", "menu.js")).as(err.toString()).isZero();
    Eventually.until(PATIENCE, "menu gone", () -> ApiServer.of(daemon.bridge()).registry().named("menu").isEmpty());
    assertThat(listed("menu.js", "--all")).containsEntry("state", "STOPPED");
    assertThat(run("scripts", "--all", "--table")).isZero();
    assertThat(out.toString()).containsPattern("menu\\.js +JavaScript +STOPPED");
  }

  @Test
  void aScriptStartedOnDemandThatFailsIsFailedAndStaysSo() throws Exception {
    Path broken = folder.resolve("broken.js");
    Files.writeString(broken, "iterm2.runUntilComplete(async () => { throw new Error('out of luck'); });\n");

    assertThat(run("start", broken.toString())).as(err.toString()).isZero();

    Eventually.until(PATIENCE, "broken.js failed", () -> "FAILED".equals(listed("broken.js").get("state")));
    assertThat(String.valueOf(listed("broken.js").get("last_error"))).contains("out of luck");
    assertThat(listed("broken.js").get("restarts")).isNull();
  }

  @Test
  void whatIsNoScriptOrRunsAlreadyIsExitStatusOneWithTheReason() throws Exception {
    Path notes = Files.writeString(folder.resolve("notes.txt"), "hello");

    assertThat(run("start", folder.resolve("missing.js").toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("polybridge: ").contains("no such file or folder: " + folder.resolve("missing.js"));

    assertThat(run("start", notes.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(notes + " is not a script file (expected a name ending in ");

    assertThat(run("start", folder.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(folder + " is a folder without a main file");

    assertThat(run("start", "auto.js")).isEqualTo(1);
    assertThat(err.toString()).contains("auto.js is RUNNING already");

    assertThat(run("start", "nothing.js")).isEqualTo(1);
    assertThat(err.toString()).contains("no script named nothing.js").contains("(expected one of: auto.js, menu.js)");
  }
}
