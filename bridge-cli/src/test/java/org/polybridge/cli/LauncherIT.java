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
import org.junit.jupiter.api.Assumptions;
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
  private static ApiClient slow;
  private static Result first;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void installAndStartADaemon() throws Exception {
    checkout = Files.createDirectories(folder.resolve("checkout"));
    Path built = Path.of("target", "dist").toAbsolutePath();
    Path dist = Files.createDirectories(checkout.resolve("bridge-cli").resolve("target").resolve("dist"));
    Files.copy(Path.of("..", "polybridge"), checkout.resolve("polybridge"));
    Path sourced = Path.of("src", "dist", "lib", "invoke-over-curl.sh");
    Files.copy(sourced, Files.createDirectories(checkout.resolve("bridge-cli").resolve(sourced).getParent()).resolve(sourced.getFileName()));
    Files.setPosixFilePermissions(checkout.resolve("polybridge"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dist.resolve("lib"), built.resolve("lib"));
    Files.createSymbolicLink(dist.resolve("jvmci"), built.resolve("jvmci"));
    Files.copy(built.resolve("client.classpath"), dist.resolve("client.classpath"));
    Files.copy(built.resolve("oneshot.classpath"), dist.resolve("oneshot.classpath"));
    Files.copy(built.resolve("pty.classpath"), dist.resolve("pty.classpath"));
    Files.createFile(dist.resolve(".built"));
    home = Files.createDirectories(folder.resolve("home"));
    temporary = Files.createDirectories(folder.resolve("tmp"));
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"));
    daemon.bridge().register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
    daemon.bridge().register(RpcDefinition.of("echo", "x"), a -> a.get("x"));
    daemon.bridge().register(RpcDefinition.of("point"), a -> new java.util.TreeMap<>(Map.of("x", 1L, "label", "a \"b\"")));
    daemon.bridge().register(RpcDefinition.of("fail", "x"), a -> {
      throw new IllegalStateException("cannot do " + a.get("x"));
    });
    // a function of its own connection, which never answers: nothing else waits behind it
    slow = new ApiClient(daemon.bridge().connect("slow script"), Runnable::run);
    slow.register(RpcDefinition.of("never", "x"), a -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
    // archives of two other checkouts: one deleted since, one still there
    plantArchives(folder.resolve("gone"), false);
    plantArchives(folder.resolve("kept"), true);
    // the JVM client: this first command records the archives (`invoke` would otherwise go through curl)
    first = polybridge(Map.of("POLYBRIDGE_CLIENT", "java"), "invoke", "--socket", socket.toString(), "add(a: 1, b: 2)");
  }

  /** The files a training in checkout {@code other} would have left in the cache; the checkout is made if {@code exists}. */
  private static void plantArchives(Path other, boolean exists) throws IOException {
    if (exists) {
      Files.createFile(Files.createDirectories(other).resolve("polybridge"));
    }
    String rest = other.toString().replace('/', '_') + "_usr_lib_jvm_some-jdk.aot";
    Path cache = Files.createDirectories(home.resolve(".cache").resolve("polybridge"));
    for (String kind : List.of("client", "oneshot", "pty", "daemon")) {
      Files.writeString(cache.resolve(kind + rest), "an archive");
    }
    Files.writeString(cache.resolve("client" + rest + ".log"), "a training's log");
    Files.writeString(cache.resolve("client" + rest + ".root"), other + "\n");
  }

  /** The names of the files {@link #plantArchives} left for {@code other} that are still there. */
  private static List<String> plantedArchives(Path other) throws IOException {
    String rest = other.toString().replace('/', '_');
    try (var files = Files.list(cache())) {
      return files.map(p -> p.getFileName().toString()).filter(name -> name.contains(rest)).sorted().toList();
    }
  }

  @AfterAll
  static void stopDaemon() {
    slow.close();
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
    environment.remove("JAVA_HOME");
    environment.remove("XDG_CACHE_HOME");
    environment.remove("ITERM2_COOKIE");
    environment.remove("ITERM2_KEY");
    environment.remove("POLYBRIDGE_CLIENT");
    environment.put("HOME", home.toString());
    // Java takes its home from the password file, not $HOME: this run's caches stay in the test's
    // folder, and so do the training run's temporary files.
    environment.put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + temporary);
    environment.putAll(variables);
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
          .anyMatch(name -> name.startsWith("daemon") && (name.endsWith(".aot") || name.endsWith(".jsa")))
          .anyMatch(name -> name.startsWith("client") && name.endsWith(".root"));
    }

    assertThat(plantedArchives(folder.resolve("gone"))).as("the archives of a checkout that is gone are deleted").isEmpty();
    assertThat(plantedArchives(folder.resolve("kept"))).as("those of one that is there are kept").hasSize(6);

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
  void invokeThroughCurlPrintsWhatTheJvmClientPrintsWithTheSameStatus() throws Exception {
    Assumptions.assumeTrue(onPath("curl"), "CURL NOT TESTED: no curl on PATH (the CI's .ci/run installs it: apt-get install curl)");
    Session session = RecordingSessionIo.openIn(daemon.bridge().app().newWindow().newTab());
    String s = socket.toString();
    List<List<String>> commandLines = List.of(
        List.of("invoke", "--socket", s, "add(a: 1, b: 2)"),
        List.of("invoke", "--socket", s, "echo(x: \"quoted \\\"é ☃\\\" \\\\ end\")"),
        List.of("invoke", "--socket=" + s, "point()"),
        List.of("invoke", "--socket", s, "echo(x: null)"),
        List.of("invoke", "--socket", s, "-1"),
        List.of("invoke", "--socket", s, "fail(x: 7)"),
        List.of("invoke", "--socket", s, "add(a: 1,"),
        List.of("invoke", "--socket", s, "nope(x: 1)"),
        List.of("invoke", "--socket", s, "--timeout", "0.5", "never(x: 1)"),
        List.of("invoke", "--session", session.id(), "--socket", s, "echo(x: id)"),
        List.of("invoke", "--socket", s, "--tab", "nothing", "1"),
        List.of("invoke", "--socket", folder.resolve("none").toString(), "1"));
    List<Result> answers = new ArrayList<>();
    for (List<String> commandLine : commandLines) {
      String[] args = commandLine.toArray(String[]::new);
      // A JVM that cannot start: whatever answers is curl.
      Result curl = polybridge(Map.of("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -XX:+NoJvmForThisInvoke"), args);
      Result jvm = polybridge(Map.of("POLYBRIDGE_CLIENT", "java"), args);

      assertThat(curl).as(String.join(" ", commandLine)).isEqualTo(jvm);
      answers.add(curl);
    }

    assertThat(answers.subList(0, 5)).extracting(Result::out).containsExactly("3\n", "\"quoted \\\"é ☃\\\" \\\\ end\"\n",
        "{\"label\":\"a \\\"b\\\"\",\"x\":1}\n", "null\n", "-1\n");
    assertThat(List.of(5, 6, 7, 8, 10, 11)).allSatisfy(i -> assertThat(answers.get(i).status()).as(answers.get(i).err()).isEqualTo(1));
    assertThat(answers.get(5).err()).startsWith("polybridge: In call to fail: ").contains("cannot do 7");
    assertThat(answers.get(6).err()).contains("column 10");
    assertThat(answers.get(7).err()).startsWith("polybridge: In call to nope: No function registered");
    assertThat(answers.get(8).err()).isEqualTo("polybridge: Timeout: the invocation did not finish within 0.5 s: never(x: 1)\n");
    assertThat(answers.get(9)).isEqualTo(new Result(0, "\"" + session.id() + "\"\n", ""));
    assertThat(answers.get(10).err()).isEqualTo("polybridge: no tab with id 'nothing'\n");
    assertThat(answers.get(11).err()).startsWith("polybridge: no polybridge daemon at ");
  }

  @Test
  void whatCurlCannotDoTheJvmClientDoesInItsOwnWords() throws Exception {
    Assumptions.assumeTrue(onPath("curl"), "CURL NOT TESTED: no curl on PATH (the CI's .ci/run installs it: apt-get install curl)");
    String s = socket.toString();
    // refused before it ran: a wrong cookie (401), an invocation over the request's limit (413)
    Result wrongCookie = polybridge(Map.of("ITERM2_COOKIE", "wrong", "ITERM2_KEY", "wrong"), "invoke", "--socket", s, "1");
    String text = "x".repeat(70 * 1024);
    Result large = polybridge("invoke", "--socket", s, "echo(x: \"" + text + "\")");
    // a command line the JVM client refuses
    Result twoContexts = polybridge("invoke", "--socket", s, "--session", "a", "--tab", "b", "1");

    assertThat(wrongCookie.status()).isEqualTo(1);
    assertThat(wrongCookie.err()).startsWith("polybridge: the daemon refused the cookie");
    assertThat(large).isEqualTo(new Result(0, "\"" + text + "\"\n", ""));
    assertThat(twoContexts.status()).isEqualTo(2);
    assertThat(twoContexts.err()).startsWith("polybridge: --session and --tab exclude each other");
  }

  private static boolean onPath(String program) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, program)));
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
  void theCheckoutsOwnCommandsDescribeThemselvesWithoutBuildingOrRunningAnything() throws Exception {
    for (String command : List.of("test", "build", "bench")) {
      Result help = polybridge(command, "--help");
      assertThat(help.status()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: ./polybridge " + command);
      assertThat(help.err()).as(command).isEmpty();
    }
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
  void ptyRunsOnAClassPathWithoutPty4jAndLoadsItFromTheJarsWhereItStartsTheProgramThroughIt() throws Exception {
    assertThat(Files.readString(checkout.resolve("bridge-cli/target/dist/pty.classpath")))
        .contains("lib/jline-terminal-").doesNotContain("pty4j").doesNotContain("jna").doesNotContain("kotlin");

    Result pty = polybridge(Map.of("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + temporary
        + " -Dpolybridge.pty=pty4j"), "pty", "--socket", socket.toString(), "--", "sh", "-c", "stty size; exit 4");

    assertThat(pty.status()).as(pty.err()).isEqualTo(4);
    assertThat(pty.out()).contains("24 80");
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
