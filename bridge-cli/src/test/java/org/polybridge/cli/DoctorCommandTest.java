package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

class DoctorCommandTest {
  @TempDir Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    Map<String, String> environment = Map.of("XDG_CACHE_HOME", folder.resolve("cache").toString());
    return new Main(environment, null, new PrintWriter(out), new PrintWriter(err)).execute(args);
  }

  /** Each check's status and detail, by name, from the JSON printed. */
  private Map<String, List<String>> checks() {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (Object o : (List<?>) Json.parse(out.toString())) {
      Map<?, ?> check = (Map<?, ?>) o;
      byName.put((String) check.get("check"), List.of((String) check.get("status"), (String) check.get("detail"),
          String.valueOf(check.get("fix"))));
    }
    return byName;
  }

  @Test
  void failedScriptsAndNoSessionAreNamedWithTheirFixAndOnlyAllWellExitsWithZero() throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.writeString(scripts.resolve("broken.js"), "this is not JavaScript\n");
    Path socket = folder.resolve("private").resolve("socket");
    try (Daemon daemon = Daemon.start(socket, null, scripts, folder.resolve("logs"))) {
      Eventually.until(Duration.ofSeconds(60), "broken.js failed",
          () -> daemon.bridge().scripts().stream().anyMatch(s -> s.state() == ScriptStatus.State.FAILED));

      assertThat(run("doctor", "--socket", socket.toString())).as(err.toString()).isEqualTo(1);

      Map<String, List<String>> checks = checks();
      assertThat(checks.keySet()).containsExactly("java", "compiler", "files", "daemon", "scripts", "session", "cache");
      assertThat(checks.get("java").getFirst()).isEqualTo("ok");
      assertThat(checks.get("compiler")).startsWith("ok", "guests interpreted, the JVM on C1 (the default: faster start, less memory;"
          + " POLYBRIDGE_JIT=1 for scripts that compute for long)");
      assertThat(checks.get("files")).startsWith("ok", socket.getParent() + " is yours alone, auth 0600");
      assertThat(checks.get("daemon")).startsWith("ok", "answering at " + socket + " (process " + ProcessHandle.current().pid() + ")");
      assertThat(checks.get("scripts").get(0)).isEqualTo("failed");
      assertThat(checks.get("scripts").get(1)).startsWith("1 FAILED: broken.js (");
      assertThat(checks.get("scripts").get(2)).startsWith("`polybridge logs NAME` shows the traceback");
      assertThat(checks.get("session")).containsExactly("warning", "no session is attached: functions that act on the current session"
          + " fail ('NoneType' object has no attribute 'current_tab')", "attach one: `polybridge pty` in a terminal");
      assertThat(checks.get("cache")).startsWith("ok");
      assertThat(checks.get("cache").get(1)).startsWith(folder.resolve("cache").resolve("polybridge") + ": ");

      RecordingSessionIo.openIn(daemon.bridge().app().newWindow().newTab());
      Files.delete(scripts.resolve("broken.js"));
      Eventually.until(Duration.ofSeconds(30), "broken.js is gone", () -> daemon.bridge().scripts().isEmpty());

      assertThat(run("doctor", "--table", "--socket", socket.toString())).as(out.toString()).isZero();
      assertThat(out.toString().lines().toList()).hasSize(7).allSatisfy(line -> assertThat(line).startsWith("ok "));
      assertThat(out.toString()).contains("\nok       scripts   0 script(s), none FAILED\n");
    }
  }

  @Test
  void withoutADaemonItSaysHowToStartOne() {
    Path socket = folder.resolve("none").resolve("socket");

    assertThat(run("doctor", "--socket", socket.toString())).isEqualTo(1);

    Map<String, List<String>> checks = checks();
    assertThat(checks.keySet()).containsExactly("java", "compiler", "daemon", "cache");
    assertThat(checks.get("daemon")).containsExactly("failed", "no daemon at " + socket,
        "start one: `polybridge run`, or `polybridge service install` to have systemd run it");
  }

  @Test
  void aSocketNothingListensOnIsCalledStaleWithWhatToRemove() throws Exception {
    Path socket = Files.createDirectories(folder.resolve("private")).resolve("socket");
    try (ServerSocketChannel left = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      left.bind(UnixDomainSocketAddress.of(socket));
    }
    Files.writeString(socket.resolveSibling("auth"), "cookie\nkey\n");
    Files.setPosixFilePermissions(socket.resolveSibling("auth"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    assertThat(run("doctor", "--socket", socket.toString())).isEqualTo(1);

    List<String> daemon = checks().get("daemon");
    assertThat(daemon.get(0)).isEqualTo("failed");
    assertThat(daemon.get(1)).startsWith("stale socket " + socket + ": no daemon process behind it");
    assertThat(daemon.get(2)).isEqualTo("remove " + socket + " and the auth and pid files beside it, then `polybridge run`");
  }
}
