package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.testkit.Eventually;

/**
 * Key bindings and triggers of the user's configuration file, end to end: a daemon in this JVM
 * with the seed's {@code clear_all_sessions.py}, and {@code polybridge pty} in a new JVM inside a
 * real pseudo-terminal that this test types into as a user would.
 */
class KeyBindingsPtyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path folder;
  private Daemon daemon;
  private PtyProcess terminal;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    if (terminal != null) {
      terminal.destroyForcibly();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void boundKeysRunTheirInvocationsInTheSessionAndNeverReachTheProgram() throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.copy(Path.of("../examples/Scripts/AutoLaunch/clear_all_sessions.py"), scripts.resolve("clear_all_sessions.py"));
    Path config = Files.writeString(folder.resolve("config.toml"), """
        [keys]
        "ctrl+alt+c" = "clear_all_sessions()"
        "f5" = "whoami()"
        "ctrl+alt+x" = "no_such_function()"
        "ctrl+hyper+z" = "left_out()"

        [[triggers]]
        regex = 'ERROR (\\w+)'
        invoke = 'on_error(text: matches[1])'
        """);
    daemon = Daemon.start(folder.resolve("private").resolve("socket"), null, scripts, folder.resolve("logs"), config);
    CompletableFuture<Object> whoami = new CompletableFuture<>();
    daemon.bridge().register(new RpcDefinition("whoami", List.of("session_id"), Map.of("session_id", "id"), null),
        args -> whoami.complete(args.get("session_id")));
    CompletableFuture<Object> onError = new CompletableFuture<>();
    daemon.bridge().register(RpcDefinition.of("on_error", "text"), args -> onError.complete(args.get("text")));
    Eventually.until(PATIENCE, "the seed's script registered clear_all_sessions",
        () -> !ApiServer.of(daemon.bridge()).registry().named("clear_all_sessions").isEmpty());

    // a shell prints 40 lines and an error, then cat -v shows every byte that reaches the program
    Path program = Files.writeString(folder.resolve("program.sh"), """
        i=1; while [ $i -le 40 ]; do echo "line $i"; i=$((i+1)); done
        echo "ERROR disk full"
        stty raw -echo
        echo ready
        exec cat -v
        """);
    start(program);
    awaitScreen("ready");
    Session session = daemon.bridge().app().sessions().getFirst();

    assertThat(onError.get(30, TimeUnit.SECONDS)).isEqualTo("disk");

    type("\u001b[15~"); // f5
    assertThat(whoami.get(30, TimeUnit.SECONDS)).isEqualTo(session.id());

    assertThat(session.io().lines()).contains("line 1", "line 40");
    type("\u001b\u0003"); // ctrl+alt+c
    awaitScreen("\u001b[3J");
    Eventually.until("the session's scrollback is empty", () -> session.io().lines().stream().noneMatch(l -> l.startsWith("line")));

    type("\u001bx"); // ctrl+alt+x is not bound (alt+x is its own key): it reaches the program
    type("\u001b\u0018"); // ctrl+alt+x
    awaitScreen("polybridge: ctrl+alt+x: ");
    assertThat(screen().substring(screen().indexOf("polybridge: ctrl+alt+x: "))).contains("no_such_function");

    type("abc");
    awaitScreen("abc");
    String shown = screen().substring(screen().indexOf("ready"));
    assertThat(shown).as("what cat -v showed").contains("^[x").doesNotContain("^[[15~", "^[^C", "^[^X");
  }

  private void start(Path program) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TERM", "xterm-256color");
    String[] command = {Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "-Duser.home=" + System.getProperty("user.home"), "-cp", System.getProperty("java.class.path"),
        "org.polybridge.cli.Main", "pty", "--socket", folder.resolve("private").resolve("socket").toString(), "--", "sh",
        program.toString()};
    terminal = new PtyProcessBuilder(command).setEnvironment(env).setInitialColumns(100).setInitialRows(30).start();
    Thread.ofPlatform().daemon().start(() -> copy(terminal.getInputStream()));
  }

  private void type(String keys) throws IOException {
    terminal.getOutputStream().write(keys.getBytes(StandardCharsets.ISO_8859_1));
    terminal.getOutputStream().flush();
  }

  private void copy(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (screen) {
          screen.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the terminal closed
    }
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private void awaitScreen(String text) throws InterruptedException {
    Eventually.eventually(PATIENCE, () -> assertThat(screen()).contains(text));
  }
}
