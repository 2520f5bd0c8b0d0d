package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge repl} in a real terminal: a new JVM runs the command inside a pseudo-terminal
 * that this test types into, against a daemon in this JVM, while other clients invoke what the REPL
 * registered.
 */
class ReplCommandTest {
  /** The first REPL starts the daemon's shared Python context: seconds, many more on a loaded machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path folder;
  private Daemon daemon;
  private Path socket;
  private PtyProcess terminal;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @BeforeEach
  void startDaemon() {
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"));
  }

  @AfterEach
  void stop() {
    if (terminal != null) {
      terminal.destroyForcibly();
    }
    daemon.close();
  }

  @Test
  void aFunctionRegisteredInTheReplAnswersAnotherClientUntilTheReplEnds() throws Exception {
    start("--python");
    awaitScreen(">>> ");
    type("@iterm2.RPC\r");
    awaitScreen("... ");
    type("async def repl_add(a, b):\r    print('called with', a, b)\r    return a + b\r\r");
    type("await repl_add.async_register(connection)\r");
    type("print('registered', 6 * 7)\r");
    awaitScreen("registered 42");

    type("print('dispatch' + 'ing'); await connection.async_dispatch_for_duration(600)\r");
    awaitScreen("dispatching"); // the input runs: Ctrl-C will interrupt it
    assertThat(invoke("repl_add(a: 1, b: 2)")).isEqualTo("3");
    awaitScreen("called with 1 2");
    type("\u0003"); // Ctrl-C: cancels the dispatch, not the REPL
    awaitScreen("KeyboardInterrupt");

    type("def inverse(x):\r    return 1 / x\r\r");
    type("inverse(0)\r");
    awaitScreen("ZeroDivisionError: division by zero");
    assertThat(screen()).contains("Traceback (most recent call last):", "File \"<stdin>\", line 1, in <module>",
        "File \"<stdin>\", line 2, in inverse");
    type("inverse(4)\r");
    awaitScreen("0.25");
    assertThat(invoke("repl_add(a: 2, b: 3)")).isEqualTo("5");

    type("\u0004"); // Ctrl-D: the REPL ends, and its function with it
    assertThat(terminal.waitFor(30, TimeUnit.SECONDS)).as("the REPL ends; its terminal shows %s", screen()).isTrue();
    assertThat(terminal.exitValue()).isZero();
    Eventually.until("the REPL's function is gone", () -> ApiServer.of(daemon.bridge()).registry().named("repl_add").isEmpty());
    StringWriter err = new StringWriter();
    int status = new Main(Map.of(), null, new PrintWriter(new StringWriter()), new PrintWriter(err))
        .execute("invoke", "--socket", socket.toString(), "repl_add(a: 1, b: 2)");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("No function registered");
    assertThat(Files.readString(folder.resolve(".cache/polybridge/repl-history/python"))).contains("inverse(4)");
  }

  @Test
  void aJavaScriptReplEchoesValuesAndItsFunctionGoesWhenItsConnectionDrops() throws Exception {
    start("--js");
    awaitScreen("> ");
    type("const add = iterm2.rpc(async function repl_js_add(a, b) { return a + b; })\r");
    type("await add.register(connection)\r");
    type("[1, 2].map(x => x * 21)\r");
    awaitScreen("[ 21, 42 ]");
    assertThat(invoke("repl_js_add(a: 40, b: 2)")).isEqualTo("42");
    type("null.x\r");
    awaitScreen("TypeError");
    terminal.destroyForcibly(); // the connection drops: the REPL ends, and its function with it
    assertThat(terminal.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Eventually.until("the REPL's function is gone", () -> ApiServer.of(daemon.bridge()).registry().named("repl_js_add").isEmpty());
  }

  private void start(String language) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TERM", "xterm-256color");
    env.remove("XDG_CACHE_HOME");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    terminal = new PtyProcessBuilder(new String[] {java, "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + folder,
        "-cp", System.getProperty("java.class.path"), "org.polybridge.cli.Main", "repl", language, "--socket", socket.toString()})
        .setEnvironment(env).setDirectory(folder.toString()).setInitialColumns(120).setInitialRows(40).start();
    Thread.ofPlatform().daemon().start(() -> copy(terminal.getInputStream()));
  }

  /** Invokes as another client would, over the daemon's socket: its JSON answer. */
  private String invoke(String invocation) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new Main(Map.of(), null, new PrintWriter(out), new PrintWriter(err))
        .execute("invoke", "--socket", socket.toString(), invocation);
    assertThat(status).as("invoke %s: %s", invocation, err).isZero();
    return out.toString().strip();
  }

  private void type(String keys) throws IOException {
    terminal.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
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
