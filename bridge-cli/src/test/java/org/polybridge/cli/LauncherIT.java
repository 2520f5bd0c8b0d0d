package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.testkit.RecordingSessionIo;

/**
 * The shipped launcher and distribution run as a user runs them: {@code ./polybridge}, a process
 * of its own per command, from a checkout laid out as after its build (the launcher and
 * {@code bridge-cli/target/dist}), with an empty home (no JDK remembered, no class-data archive)
 * and no {@code JAVA_HOME}, against a daemon this test starts. Slow: the first command finds the
 * JDK and records the client's archive, a daemon of its own included.
 */
@Tag("slow")
class LauncherIT {
  @TempDir static Path folder;
  private static Path checkout;
  private static Path home;
  private static Path temporary;
  private static Path socket;
  private static Daemon daemon;
  private static Result first;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void installAndStartADaemon() throws Exception {
    checkout = Files.createDirectories(folder.resolve("checkout"));
    Path built = Path.of("target", "dist").toAbsolutePath();
    Path dist = Files.createDirectories(checkout.resolve("bridge-cli").resolve("target").resolve("dist"));
    Files.copy(Path.of("..", "polybridge"), checkout.resolve("polybridge"));
    Files.setPosixFilePermissions(checkout.resolve("polybridge"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dist.resolve("lib"), built.resolve("lib"));
    Files.createSymbolicLink(dist.resolve("jvmci"), built.resolve("jvmci"));
    Files.copy(built.resolve("client.classpath"), dist.resolve("client.classpath"));
    Files.copy(built.resolve("oneshot.classpath"), dist.resolve("oneshot.classpath"));
    Files.createFile(dist.resolve(".built"));
    home = Files.createDirectories(folder.resolve("home"));
    temporary = Files.createDirectories(folder.resolve("tmp"));
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"));
    daemon.bridge().register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
    daemon.bridge().register(RpcDefinition.of("echo", "x"), a -> a.get("x"));
    first = polybridge("invoke", "--socket", socket.toString(), "add(a: 1, b: 2)");
  }

  @AfterAll
  static void stopDaemon() {
    daemon.close();
  }

  /** Runs {@code ./polybridge ARGS} in the checkout, standard input empty. */
  private static Result polybridge(String... args) throws IOException, InterruptedException {
    return polybridge(Map.of(), args);
  }

  /** Runs {@code ./polybridge ARGS} with {@code variables} set in its environment. */
  private static Result polybridge(Map<String, String> variables, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(checkout.resolve("polybridge").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.putAll(variables);
    environment.remove("JAVA_HOME");
    environment.remove("XDG_CACHE_HOME");
    environment.put("HOME", home.toString());
    // Java takes its home from the password file, not $HOME: this run's caches stay in the test's
    // folder, and so do the training run's temporary files.
    environment.put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + temporary);
    Path out = Files.createTempFile(folder, "out", ".txt");
    Path err = Files.createTempFile(folder, "err", ".txt");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    // The first command records the archives: a daemon that starts GraalPy, minutes on a busy machine.
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./polybridge " + String.join(" ", args) + " did not end within 6 minutes");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path cache() {
    return home.resolve(".cache").resolve("polybridge");
  }

  @Test
  void firstCommandFindsTheJdkAndRecordsTheArchiveOnceLaterOnesUseThem() throws Exception {
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("3\n");
    assertThat(first.err()).contains("recording the start-up of the client and the daemon");
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")))
        .as("the training run's daemon has ended with it").noneMatch(line -> line.contains(temporary.toString()));
    try (var left = Files.list(temporary)) {
      assertThat(left).as("and its folder is gone").isEmpty();
    }
    assertThat(Files.readAllLines(cache().resolve("jdk"))).hasSize(3).first().isEqualTo("");
    try (var files = Files.list(cache())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .anyMatch(name -> name.startsWith("client") && (name.endsWith(".aot") || name.endsWith(".jsa")))
          .anyMatch(name -> name.startsWith("oneshot") && (name.endsWith(".aot") || name.endsWith(".jsa")))
          .anyMatch(name -> name.startsWith("pty") && (name.endsWith(".aot") || name.endsWith(".jsa")))
          .anyMatch(name -> name.startsWith("daemon") && (name.endsWith(".aot") || name.endsWith(".jsa")));
    }

    Result again = polybridge("invoke", "--socket", socket.toString(), "add(a: 20, b: 22)");

    assertThat(again).isEqualTo(new Result(0, "42\n", ""));
  }

  @Test
  void oneShotCommandsAnswerAsJsonAndTablesForPeople() throws Exception {
    Session session = RecordingSessionIo.openIn(daemon.bridge().app().newWindow().newTab());
    session.inject("one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8));
    String s = socket.toString();

    assertThat(polybridge("functions", "--socket", s).out()).startsWith("[{").contains("\"signature\":\"add(a,b)\"");
    assertThat(polybridge("functions", "--table", "--socket", s).out()).containsPattern("add\\(a,b\\) +- +5\\.0 s +generic +java");
    assertThat(polybridge("scripts", "--socket", s)).isEqualTo(new Result(0, "[]\n", ""));
    assertThat(polybridge("sessions", "--socket", s).out()).contains("\"active_session\":\"" + session.id() + "\"");
    assertThat(polybridge("buffer", "--socket", s, "--lines", "2")).isEqualTo(new Result(0, "[\"one\",\"two\"]\n", ""));
    assertThat(polybridge("send-text", "--socket", s, "ls\n")).isEqualTo(new Result(0, "", ""));
    assertThat(polybridge("inject", "--socket", s, "--session", session.id(), "three")).isEqualTo(new Result(0, "", ""));
    var credentials = daemon.unixListener().credentials();
    assertThat(polybridge("auth", "--socket", s).out())
        .isEqualTo("export ITERM2_COOKIE=" + credentials.cookie() + " ITERM2_KEY=" + credentials.key() + "\n");
    // The rest of the one-shot commands, which run on the one-shot class path: their answers as JSON.
    for (String command : List.of("keys", "triggers", "alerts")) {
      Result listed = polybridge(command, "--socket", s);
      assertThat(listed.status()).as(command + ": " + listed.err()).isZero();
      assertThat(listed.out()).as(command).startsWith("[").endsWith("]\n");
    }
  }

  @Test
  void failuresGoToStderrWithOneAndUsageErrorsWithTwo() throws Exception {
    Result failed = polybridge("invoke", "--socket", socket.toString(), "nope(x: 1)");
    Result nowhere = polybridge("invoke", "--socket", folder.resolve("none").toString(), "1");
    Result usage = polybridge("invoke", "--socket", socket.toString());

    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out()).isEmpty();
    assertThat(failed.err()).startsWith("polybridge: In call to nope: No function registered");
    assertThat(nowhere).isEqualTo(new Result(1, "",
        "polybridge: no polybridge daemon at " + folder.resolve("none") + ": start one with `polybridge run`\n"));
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).startsWith("polybridge: missing EXPR\nUsage: polybridge invoke [OPTIONS] EXPR\n");
  }

  @Test
  void helpAndVersionNeedNoDaemonAndRunsHelpComesFromTheClientsClassPathToo() throws Exception {
    // The version the build wrote into the jar's manifest, not a literal of the code.
    assertThat(polybridge("--version")).isEqualTo(new Result(0,
        "polybridge " + System.getProperty("polybridge.project.version") + " (iTerm2 API protocol 1.17)\n", ""));
    assertThat(polybridge("--help").out()).contains("\n  invoke ").contains("\n  pty ");
    assertThat(polybridge("help", "run")).isEqualTo(polybridge("run", "--help"));
    assertThat(polybridge("help", "run").out()).startsWith("Usage: polybridge run [OPTIONS]");
  }

  @Test
  void ptyRunsTheProgramAsASessionOfTheDaemonAndExitsWithItsStatus() throws Exception {
    ApiClient script = new ApiClient(daemon.bridge().connect("test script"), Executors.newVirtualThreadPerTaskExecutor());
    CompletableFuture<String> opened = new CompletableFuture<>();
    script.onNewSession(opened::complete).get(10, TimeUnit.SECONDS);

    Result pty = polybridge("pty", "--socket", socket.toString(), "--", "sh", "-c", "echo \"in $POLYBRIDGE_SESSION\"; exit 3");

    assertThat(pty.status()).as(pty.err()).isEqualTo(3);
    assertThat(pty.out()).contains("in " + opened.get(10, TimeUnit.SECONDS));
  }

  @Test
  void inACOrPosixLocaleArgumentsAndAnswersStayUtf8AndProgramsKeepTheOtherCategories() throws Exception {
    assertThat(polybridge(Map.of("LANG", "C", "LC_ALL", ""), "invoke", "--socket", socket.toString(), "echo(x: \"é ☃\")"))
        .isEqualTo(new Result(0, "\"é ☃\"\n", ""));
    assertThat(polybridge(Map.of("LANG", "C.UTF-8", "LC_ALL", "POSIX"), "invoke", "--socket", socket.toString(), "echo(x: \"ü\")"))
        .isEqualTo(new Result(0, "\"ü\"\n", ""));

    Result pty = polybridge(Map.of("LC_ALL", "POSIX"), "pty", "--socket", socket.toString(), "--", "sh", "-c",
        "echo \"locale:[$LC_ALL][$LC_CTYPE][$LC_MESSAGES]\"");

    assertThat(pty.status()).as(pty.err()).isZero();
    assertThat(pty.out()).contains("locale:[][C.UTF-8][POSIX]");
  }
}
