package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge run} with no folder options puts its files where the XDG variables say, and
 * an earlier version's layout under {@code ~/.config/polybridge} keeps working; client commands
 * find the daemon the same way. A daemon of its own, in a JVM of its own.
 */
class UserFoldersDaemonTest {
  @TempDir Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Process daemon;

  @AfterEach
  void stopDaemon() {
    if (daemon != null) {
      daemon.destroyForcibly();
    }
  }

  private Process startDaemon(Path home, Map<String, String> xdg) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "org.polybridge.cli.Main", "run")
        .redirectErrorStream(true).redirectOutput(folder.resolve("daemon.out").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("POLYBRIDGE_"));
    builder.environment().putAll(xdg);
    return builder.start();
  }

  private int run(Map<String, String> environment, String... args) {
    return new Main(environment, null, new PrintWriter(out), new PrintWriter(err)).execute(args);
  }

  @Test
  void theDaemonsFilesGoWhereTheXdgVariablesSayAndClientsFindItThere() throws Exception {
    Path home = Files.createDirectories(folder.resolve("home"));
    Path xdg = folder.resolve("xdg");
    Map<String, String> environment = Map.of("XDG_CONFIG_HOME", xdg.resolve("config").toString(),
        "XDG_RUNTIME_DIR", Files.createDirectories(xdg.resolve("run")).toString(),
        "XDG_STATE_HOME", xdg.resolve("state").toString(), "XDG_CACHE_HOME", xdg.resolve("cache").toString());
    daemon = startDaemon(home, environment);
    Path runtime = xdg.resolve("run/polybridge");
    Eventually.until(Duration.ofSeconds(60), "the daemon is ready", () -> Files.exists(runtime.resolve("pid")));

    assertThat(Files.getPosixFilePermissions(runtime)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(runtime.resolve("socket")).exists();
    assertThat(runtime.resolve("auth")).exists();
    assertThat(xdg.resolve("config/polybridge/Scripts/AutoLaunch")).isDirectory();
    assertThat(Files.getPosixFilePermissions(xdg.resolve("state/polybridge/logs/polybridge0.log")))
        .as("the daemon's log is its user's alone").isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(xdg.resolve("state/polybridge/logs"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(home.resolve(".config")).doesNotExist();
    String log = Files.readString(xdg.resolve("state/polybridge/logs/polybridge0.log"));
    assertThat(log).doesNotContain("old place");

    Map<String, String> client = new HashMap<>(environment);
    assertThat(run(client, "scripts")).as("scripts: %s", err).isZero();
    assertThat(out.toString()).isEqualTo("[]\n");
    assertThat(run(client, "stop")).as("stop: %s", err).isZero();
    assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runtime.resolve("socket")).doesNotExist();
  }

  @Test
  void anEarlierVersionsLayoutKeepsWorkingAndTheDaemonSaysOnceWhereItMoved() throws Exception {
    Path home = Files.createDirectories(folder.resolve("home"));
    Path old = home.resolve(".config/polybridge");
    Files.createDirectories(old.resolve("Scripts/AutoLaunch"));
    Files.createDirectories(old.resolve("logs"));
    Path xdg = folder.resolve("xdg");
    Map<String, String> environment = Map.of("XDG_CONFIG_HOME", xdg.resolve("config").toString(),
        "XDG_STATE_HOME", xdg.resolve("state").toString());
    daemon = startDaemon(home, environment);
    Eventually.until(Duration.ofSeconds(60), "the daemon is ready", () -> Files.exists(old.resolve("private/pid")));

    assertThat(xdg).doesNotExist();
    String log = Files.readString(old.resolve("logs/polybridge0.log"));
    assertThat(log).containsOnlyOnce("scripts and configuration are read from " + old + ", their old place: move them to "
        + xdg.resolve("config/polybridge"));
    assertThat(log).containsOnlyOnce("logs are written to " + old.resolve("logs") + ", their old place: move them to "
        + xdg.resolve("state/polybridge/logs"));
    assertThat(log).contains("scripts: " + old.resolve("Scripts/AutoLaunch"));

    // This JVM's user.home is not the daemon's: the socket is named.
    assertThat(run(new HashMap<>(environment), "stop", "--socket", old.resolve("private/socket").toString())).as("stop: %s", err).isZero();
    assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
