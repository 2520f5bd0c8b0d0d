package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.host.Session;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge pty} in a real terminal: a new JVM runs the command inside a pseudo-terminal
 * that this test drives as a user's terminal would be driven (resized, Ctrl-C typed), against a
 * daemon in this JVM.
 */
class InteractivePtyTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path folder;
  private Daemon daemon;
  private PtyProcess terminal;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @BeforeEach
  void startDaemon() {
    daemon = Daemon.start(folder.resolve("private").resolve("socket"), null, folder.resolve("scripts"), folder.resolve("logs"));
  }

  @AfterEach
  void stop() {
    if (terminal != null) {
      terminal.destroyForcibly();
    }
    daemon.close();
  }

  @Test
  void theTerminalIsRawWhileTheProgramRunsFollowsResizesAndIsRestoredAfter() throws Exception {
    Path program = script("program.sh", """
        trap 'echo "resized to $(stty size)"' WINCH
        trap 'echo interrupted; exit 3' INT
        echo "started at $(stty size)"
        while :; do sleep 0.05; done
        """);
    Path user = script("user.sh", """
        "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CLASSPATH" org.polybridge.cli.Main \\
            pty --socket "$SOCKET" -- sh "$PROGRAM"
        echo "status $?"
        echo "after: $(stty -a | tr '\\n' ' ')"
        """);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("CLASSPATH", System.getProperty("java.class.path"));
    env.put("SOCKET", folder.resolve("private").resolve("socket").toString());
    env.put("PROGRAM", program.toString());
    env.put("TERM", "xterm-256color");
    terminal = new PtyProcessBuilder(new String[] {"sh", user.toString()})
        .setEnvironment(env).setInitialColumns(100).setInitialRows(30).start();
    Thread.ofPlatform().daemon().start(() -> copy(terminal.getInputStream()));

    awaitScreen("started at 30 100");
    Session session = daemon.bridge().app().sessions().getFirst();
    terminal.setWinSize(new WinSize(120, 40));
    awaitScreen("resized to 40 120");
    Eventually.until("the session's size follows", () ->
        session.variables().get("columns").equals(java.util.Optional.of(120L))
            && session.variables().get("rows").equals(java.util.Optional.of(40L)));

    terminal.getOutputStream().write(3); // Ctrl-C: in raw mode a byte for the program, not a signal for the JVM
    terminal.getOutputStream().flush();

    awaitScreen("interrupted");
    awaitScreen("status 3");
    awaitScreen("after:");
    List<String> modes = List.of(screen().substring(screen().indexOf("after:")).split("\\s+"));
    assertThat(modes).as("the terminal's modes after").contains("icanon", "echo", "isig").doesNotContain("-icanon", "-echo");
    assertThat(terminal.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private Path script(String name, String text) throws IOException {
    return Files.writeString(folder.resolve(name), text);
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
