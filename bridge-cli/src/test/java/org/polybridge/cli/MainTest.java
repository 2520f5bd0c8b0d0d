package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

/** The command line in-process against a real daemon on a temporary socket. */
class MainTest {
  @TempDir Path folder;
  private Path socket;
  private Daemon daemon;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startDaemon() {
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, 0, folder.resolve("scripts"), folder.resolve("logs"));
    daemon.bridge().register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private int run(Map<String, String> environment, String... args) {
    return new Main(environment, null, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void invokePrintsTheResultAsJson() {
    int status = run("invoke", "--socket", socket.toString(), "[add(a: 1, b: 2), \"x\"]");

    assertThat(err.toString()).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString()).isEqualTo("[3,\"x\"]" + System.lineSeparator());
  }

  @Test
  void invokeOverTcpWithTheCookieFromTheEnvironment() {
    var credentials = daemon.unixListener().credentials();
    Map<String, String> environment = Map.of("ITERM2_COOKIE", credentials.cookie(), "ITERM2_KEY", credentials.key());

    int status = run(environment, "invoke", "--tcp", String.valueOf(daemon.tcpListener().port()),
        "--socket", folder.resolve("elsewhere").toString(), "add(a: 20, b: 22)");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString().strip()).isEqualTo("42");
  }

  @Test
  void failedInvocationExitsWithOneAndTheChainOnStderr() {
    int status = run("invoke", "--socket", socket.toString(), "add(a: 1, b: nope(x: 1))");

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("polybridge: In call to add: In call to nope: No function registered");
  }

  @Test
  void wrongCookieInTheEnvironmentIsRefusedWithAdvice() {
    int status = run(Map.of("ITERM2_COOKIE", "stale", "ITERM2_KEY", "stale"), "invoke", "--socket", socket.toString(), "1");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("the daemon refused the cookie: run `eval \"$(polybridge auth)\"`");
  }

  @Test
  void functionsListsARegisteredFunction() {
    int status = run("functions", "--socket", socket.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("[{").contains("\"signature\":\"add(a,b)\"").contains("\"owner\":\"java\"");
  }

  @Test
  void scriptsListsTheAutoLaunchScriptsWithTheirStateAndLastError() throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.writeString(scripts.resolve("broken.js"), "this is not JavaScript");
    // The first script of a JVM starts GraalJS: seconds, and many more on a busy machine.
    Eventually.until(java.time.Duration.ofSeconds(60), "broken.js failed", () -> daemon.bridge().scripts().stream()
        .anyMatch(s -> s.name().equals("broken.js") && s.state() == ScriptStatus.State.FAILED));

    int json = run("scripts", "--socket", socket.toString());
    int table = run("scripts", "--table", "--socket", socket.toString());

    assertThat(json).as(err.toString()).isZero();
    assertThat(table).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("{\"name\":\"broken.js\",\"language\":\"JavaScript\",\"state\":\"FAILED\",\"last_error\":\"SyntaxError")
        .containsPattern("NAME +LANGUAGE +STATE +UPTIME +RESTARTS +LAST ERROR")
        .containsPattern("broken.js +JavaScript +FAILED +SyntaxError");
  }

  @Test
  void sessionsListsWindowsTabsAndSessionsWithTheActiveOne() {
    var session = RecordingSessionIo.openIn(daemon.bridge().app().newWindow().newTab());

    int status = run("sessions", "--socket", socket.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"id\":\"" + session.id() + "\"")
        .contains("\"active_session\":\"" + session.id() + "\"");
  }

  @Test
  void functionsAsATableShowsSignatureDefaultsTimeoutRoleAndOwner() {
    daemon.bridge().register(new RpcDefinition("branch", List.of("b", "id"), Map.of("b", "user.branch?", "id", "id"),
        Duration.ofSeconds(2)), a -> a.get("b"));

    int status = run("functions", "--table", "--socket", socket.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("SIGNATURE")
        .containsPattern("add\\(a,b\\) +- +5\\.0 s +generic +java")
        .containsPattern("branch\\(b,id\\) +b=user\\.branch\\?, id=id +2\\.0 s +generic +java");
  }

  @Test
  void authPrintsExportsOfTheDaemonsCredentials() {
    int status = run("auth", "--socket", socket.toString());

    var credentials = daemon.unixListener().credentials();
    assertThat(status).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("export ITERM2_COOKIE=" + credentials.cookie() + " ITERM2_KEY=" + credentials.key());
  }

  @Test
  void sendTextTypesIntoTheActiveSessionOrTheOneNamed() {
    RecordingSessionIo first = new RecordingSessionIo();
    Session named = daemon.bridge().app().newWindow().newTab().newSession(first);
    RecordingSessionIo second = new RecordingSessionIo();
    daemon.bridge().app().newWindow().newTab().newSession(second);

    assertThat(run("send-text", "--socket", socket.toString(), "ls\n")).as(err.toString()).isZero();
    assertThat(run("send-text", "--socket", socket.toString(), "--session", named.id(), "pwd\n")).as(err.toString()).isZero();

    assertThat(second.typed()).containsExactly("ls\n");
    assertThat(first.typed()).containsExactly("pwd\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void injectedControlSequenceReachesScriptsAndBufferPrintsTheLastLines() throws Exception {
    Session session = RecordingSessionIo.openIn(daemon.bridge().app().newWindow().newTab());
    session.inject("one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8));

    int injected = run("inject", "--socket", socket.toString(), "--session", session.id(), "\033]1337;SetUserVar=branch=bWFpbg==\007three");
    int read = run("buffer", "--socket", socket.toString(), "--lines", "2");

    assertThat(injected).as(err.toString()).isZero();
    assertThat(session.variables().get("user.branch")).contains("main");
    assertThat(read).as(err.toString()).isZero();
    // the test host's lines are what it was shown, as it was: rendering them is a host's business
    assertThat(out.toString().strip()).isEqualTo("[\"two\",\"\\u001b]1337;SetUserVar=branch=bWFpbg==\\u0007three\"]");
  }

  @Test
  void sessionCommandsNameAnUnknownSession() {
    int status = run("send-text", "--socket", socket.toString(), "--session", "nope", "x");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("polybridge: no session with id 'nope'");
  }

  @Test
  void missingDaemonSaysHowToStartOne() {
    Path nowhere = folder.resolve("none").resolve("socket");

    int status = run("invoke", "--socket", nowhere.toString(), "1");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("polybridge: no polybridge daemon at " + nowhere + ": start one with `polybridge run`");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"run", "invoke", "functions", "scripts", "sessions", "send-text", "inject", "buffer", "auth", "pty"}) {
      StringWriter help = new StringWriter();
      Main main = new Main(Map.of(), null, new PrintWriter(help, true), new PrintWriter(err, true));

      assertThat(main.execute(command, "--help")).isZero();
      assertThat(help.toString()).as(command).startsWith("Usage: polybridge " + command).contains("-h, --help");
      StringWriter viaHelp = new StringWriter();
      assertThat(new Main(Map.of(), null, new PrintWriter(viaHelp, true), new PrintWriter(err, true)).execute("help", command)).isZero();
      assertThat(viaHelp.toString()).isEqualTo(help.toString());
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void helpListsEveryCommandAndVersionPrintsTheVersion() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: polybridge [-hV] COMMAND")
        .containsPattern("\\n  invoke +Evaluates an invocation")
        .containsPattern("\\n  pty +Runs a program in this terminal");
    out.getBuffer().setLength(0);

    assertThat(run("--version")).isZero();
    // From classes, not the jar: no manifest to take the version from (LauncherIT checks the jar's).
    assertThat(out.toString().strip()).isEqualTo("polybridge (not built: no jar manifest) (iTerm2 API protocol 1.17)");
  }

  @Test
  void commandLineThatDoesNotFitExitsWithTwoNamingTheArgumentAndTheRule() {
    assertThat(run("invoke", "--socket", socket.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: missing EXPR\nUsage: polybridge invoke [OPTIONS] EXPR\n");
    err.getBuffer().setLength(0);

    assertThat(run("invoke", "--tcp", "http", "1")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: --tcp : 'http' (expected: a port number, 1 to 65535)");
    err.getBuffer().setLength(0);

    assertThat(run("invoke", "--session", "a", "--tab", "b", "1")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: --session and --tab exclude each other");
    err.getBuffer().setLength(0);

    assertThat(run("invoke", "--nope", "1")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: no option --nope (expected one of: --help, ");
    err.getBuffer().setLength(0);

    assertThat(run("buffer", "--lines", "0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: --lines : '0' (expected: a whole number, at least 1)");
    err.getBuffer().setLength(0);

    assertThat(run("invok", "1")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: no command invok (expected: a command, one of run, invoke,");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void eachCommandIsFoundByTheNameItsSpecGivesAndMadeAnewForEachCall() {
    List<Command> commands = Main.commands();

    assertThat(commands).hasSize(24);
    for (Command c : commands) {
      assertThat(Main.command(c.spec().name())).isInstanceOf(c.getClass()).isNotSameAs(c);
      assertThat(Main.command(c.spec().name()).spec().name()).isEqualTo(c.spec().name());
    }
  }

  @Test
  void negativeNumberIsAnExpressionAndAnOptionAfterTheExpressionIsStillAnOption() {
    int status = run("invoke", "-1", "--socket", socket.toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString().strip()).isEqualTo("-1");
  }
}
