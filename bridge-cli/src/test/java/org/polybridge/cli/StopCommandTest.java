package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/** {@code polybridge stop} against a daemon in a process of its own, and {@code POLYBRIDGE_SOCKET}. */
class StopCommandTest {
  @TempDir Path folder;
  private Process daemon;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void kill() {
    if (daemon != null) {
      daemon.destroyForcibly();
    }
  }

  private int run(Map<String, String> environment, String... args) {
    return new Main(environment, null, new PrintWriter(out), new PrintWriter(err)).execute(args);
  }

  @Test
  void stopsTheDaemonOfTheExportedSocketAndItsSocketCredentialsAndPidGo() throws Exception {
    Path socket = folder.resolve("private").resolve("socket");
    daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + folder, "-cp", System.getProperty("java.class.path"), "org.polybridge.cli.Main",
        "run", "--socket", socket.toString(), "--scripts", folder.resolve("scripts").toString(), "--logs", folder.resolve("logs").toString())
        .redirectErrorStream(true).redirectOutput(folder.resolve("daemon.log").toFile()).start();
    Path auth = socket.resolveSibling("auth");
    Path pid = socket.resolveSibling("pid");
    Eventually.until(java.time.Duration.ofSeconds(60), "the daemon is ready", () -> Files.exists(pid) && Files.exists(auth));
    assertThat(Files.readString(pid).strip()).isEqualTo(Long.toString(daemon.pid()));

    Map<String, String> exported = Map.of(DaemonAddress.SOCKET_VARIABLE, socket.toString());
    assertThat(run(exported, "sessions")).as("sessions: %s", err).isZero(); // no --socket: the exported one
    assertThat(run(exported, "stop")).as("stop: %s", err).isZero();

    assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(err.toString()).contains("polybridge: daemon stopped (process " + daemon.pid() + "), " + socket + " removed");
    assertThat(socket).doesNotExist();
    assertThat(auth).doesNotExist();
    assertThat(pid).doesNotExist();
    assertThat(Files.readString(folder.resolve("daemon.log"))).contains("daemon stopped");
  }

  @Test
  void withoutADaemonItSaysSoAndExitsWithOne() {
    Path socket = folder.resolve("none").resolve("socket");
    assertThat(run(Map.of(), "stop", "--socket", socket.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: no polybridge daemon at " + socket + ": nothing to stop\n");
  }
}
