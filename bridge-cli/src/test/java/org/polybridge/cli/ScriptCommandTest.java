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
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;

/** {@code polybridge stop|start|restart NAME} and {@code scripts --table} against a daemon with two JavaScript scripts. */
class ScriptCommandTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path folder;
  private Daemon daemon;
  private Path socket;
  private Path scripts;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startDaemon() throws Exception {
    socket = folder.resolve("private").resolve("socket");
    scripts = Files.createDirectories(folder.resolve("scripts"));
    write("alpha.js", "alpha");
    write("beta.js", "beta");
    daemon = Daemon.start(socket, null, scripts, folder.resolve("logs"));
    awaitFunction("alpha", true);
    awaitFunction("beta", true);
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private void write(String file, String function) throws Exception {
    Files.writeString(scripts.resolve(file), "iterm2.runForever(async connection => {\n"
        + "  await iterm2.rpc(async function " + function + "() { return '" + function + "'; }).register(connection);\n});\n");
  }

  private void awaitFunction(String name, boolean present) throws InterruptedException {
    Eventually.until(PATIENCE, name + (present ? " registered" : " gone"),
        () -> ApiServer.of(daemon.bridge()).registry().named(name).isEmpty() != present);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--socket";
    all[args.length + 1] = socket.toString();
    return new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
  }

  private Map<?, ?> printedStatus() {
    return (Map<?, ?>) Json.parse(out.toString());
  }

  /** The script as {@code polybridge scripts} lists it. */
  private Map<?, ?> listed(String name) {
    assertThat(run("scripts")).isZero();
    return (Map<?, ?>) ((List<?>) Json.parse(out.toString())).stream()
        .filter(s -> ((Map<?, ?>) s).get("name").equals(name)).findFirst().orElseThrow();
  }

  private long restarts(String name) {
    return listed(name).get("restarts") instanceof Number n ? n.longValue() : -1;
  }

  private ScriptStatus.State state(String name) {
    return daemon.bridge().scripts().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().state();
  }

  @Test
  void stopStartAndRestartActOnOneScriptAndLeaveTheOtherAlone() throws Exception {
    assertThat(run("stop", "alpha.js")).as(err.toString()).isZero();
    assertThat(printedStatus().get("state")).isEqualTo("STOPPED");
    awaitFunction("alpha", false);
    assertThat(ApiServer.of(daemon.bridge()).registry().named("beta")).isNotEmpty();

    // Both scripts' files change: the running one starts again, the stopped one stays stopped.
    Files.writeString(scripts.resolve("alpha.js"), "\n", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(scripts.resolve("beta.js"), "\n", java.nio.file.StandardOpenOption.APPEND);
    Eventually.until(PATIENCE, "beta started again for its change", () -> restarts("beta.js") == 1L);
    assertThat(state("alpha.js")).isEqualTo(ScriptStatus.State.STOPPED);

    assertThat(run("start", "alpha.js")).as(err.toString()).isZero();
    awaitFunction("alpha", true);
    assertThat(run("start", "alpha.js")).isEqualTo(1);
    assertThat(err.toString()).startsWith("polybridge: ").contains("alpha.js is ").contains("already (to start it again: restart)");

    assertThat(run("restart", "beta.js")).as(err.toString()).isZero();
    awaitFunction("beta", true);
    Eventually.until(PATIENCE, "beta runs again", () -> state("beta.js") == ScriptStatus.State.RUNNING);
    assertThat(restarts("beta.js")).isEqualTo(2L);
    assertThat(listed("beta.js").get("started_at")).isInstanceOf(String.class);

    assertThat(run("scripts", "--table")).isZero();
    assertThat(out.toString().lines().toList().getFirst()).matches("NAME +LANGUAGE +STATE +UPTIME +RESTARTS +LAST ERROR");
    assertThat(out.toString()).containsPattern("beta\\.js +JavaScript +RUNNING +\\d+s +2 ");
  }

  @Test
  void anUnknownNameIsAClearErrorNamingTheScriptsThereAre() {
    assertThat(run("restart", "gamma.js")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: In call to iterm2.restart_script: no script named gamma.js in " + scripts
        + " (expected one of: alpha.js, beta.js)\n");
  }

  @Test
  void uptimeIsShortAndReadable() {
    assertThat(ScriptsCommand.uptime(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(ScriptsCommand.uptime(Duration.ofSeconds(307))).isEqualTo("5m07s");
    assertThat(ScriptsCommand.uptime(Duration.ofMinutes(185))).isEqualTo("3h05m");
    assertThat(ScriptsCommand.uptime(Duration.ofHours(52))).isEqualTo("2d04h");
  }
}
