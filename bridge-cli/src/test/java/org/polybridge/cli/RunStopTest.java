package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polybridge.json.Json;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge run} stops on SIGTERM ({@code polybridge stop}, a service manager) and on
 * Ctrl-C (SIGINT) as docs/COMMAND-LINE.md says: within seconds, with the status a shell reports for
 * that signal, its scripts stopped (their logs say so), its socket, {@code auth} and {@code pid}
 * removed. A daemon in a JVM of its own, signalled as a user's shell or service manager would.
 * The daemon of an embedding application ({@link Daemon} in the application's JVM) leaves the same
 * nothing behind when its bridge closes.
 */
class RunStopTest {
  private static final Duration START_PATIENCE = Duration.ofSeconds(60);
  /** How long the daemon may take from the signal to its exit: its close stops scripts and listeners. */
  private static final long STOP_BOUND_SECONDS = 15;
  private static final String SCRIPT = "iterm2.runForever(async connection => {\n"
      + "  await iterm2.rpc(async function keeper() { return 'kept'; }).register(connection);\n});\n";

  @TempDir Path folder;
  private ChildJvm daemon;
  private Daemon embedded;

  @AfterEach
  void stopDaemons() {
    if (daemon != null) {
      daemon.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private Path socket() {
    return folder.resolve("private").resolve("socket");
  }

  private Path scripts() throws IOException {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.writeString(scripts.resolve("keeper.js"), SCRIPT);
    return scripts;
  }

  /** The state of {@code keeper.js} as {@code polybridge scripts} lists it, or null while it is not listed. */
  private Object keeperState() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new Main(Map.of(), null, new PrintWriter(out), new PrintWriter(err)).execute("scripts", "--socket", socket().toString());
    assertThat(status).as("scripts: %s", err).isZero();
    return ((List<?>) Json.parse(out.toString())).stream().map(s -> (Map<?, ?>) s)
        .filter(s -> "keeper.js".equals(s.get("name"))).map(s -> s.get("state")).findFirst().orElse(null);
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"TERM, 15", "INT, 2"})
  void runStopsOnTheSignalWithItsStatusStoppingItsScriptsAndRemovingItsSocketAndCredentials(String signal, int number)
      throws Exception {
    Path socket = socket();
    Path logs = folder.resolve("logs");
    // a home of its own (the later -Duser.home wins): the daemon's default configuration and caches are not the account's
    daemon = ChildJvm.start("512m", List.of("-Duser.home=" + Files.createDirectories(folder.resolve("home"))), "org.polybridge.cli.Main",
        "run", "--socket", socket.toString(), "--scripts", scripts().toString(), "--logs", logs.toString());
    daemon.ready.get(START_PATIENCE.toSeconds(), TimeUnit.SECONDS);
    Eventually.until(START_PATIENCE, "keeper.js running", () -> "RUNNING".equals(keeperState()));
    Path auth = socket.resolveSibling("auth");
    assertThat(Files.getPosixFilePermissions(auth)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(socket.resolveSibling("pid")).exists();
    assumeFalse(ignores(daemon.process.pid(), number),
        "SIG" + signal + " is ignored in the environment this test runs in, so by the daemon it starts: it cannot show the daemon's stop");

    long sent = System.nanoTime();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(daemon.process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();

    assertThat(daemon.process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS)).as("ended within %d s:\n%s", STOP_BOUND_SECONDS,
        daemon.output()).isTrue();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    System.out.println("polybridge run stopped on SIG" + signal + " in " + tookMillis + " ms");
    assertThat(daemon.process.exitValue()).as("exit status: 128 + %d", number).isEqualTo(128 + number);
    assertThat(socket).doesNotExist();
    assertThat(auth).doesNotExist();
    assertThat(socket.resolveSibling("pid")).doesNotExist();
    assertThat(Files.readString(logs.resolve("keeper.js.log"))).contains("the bridge is closing: stopping it");
    assertThat(daemon.output()).contains("polybridge: daemon stopped, " + socket + " removed");
  }

  @Test
  void anEmbeddedDaemonWhoseBridgeClosesRemovesItsSocketCredentialsAndPidAndStopsItsScripts() throws Exception {
    Path socket = socket();
    Path logs = folder.resolve("logs");
    embedded = Daemon.start(socket, null, scripts(), logs);
    Eventually.until(START_PATIENCE, "keeper.js running", () -> "RUNNING".equals(keeperState()));
    Path auth = socket.resolveSibling("auth");
    assertThat(Files.getPosixFilePermissions(auth)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    embedded.bridge().close(); // the bridge alone, as an application that embeds it would

    assertThat(socket).doesNotExist();
    assertThat(auth).doesNotExist();
    assertThat(socket.resolveSibling("pid")).doesNotExist();
    assertThat(Files.readString(logs.resolve("keeper.js.log"))).contains("the bridge is closing: stopping it");
  }

  @Test
  void anEmbeddedDaemonsCloseRemovesItsSocketCredentialsAndPid() throws Exception {
    Path socket = socket();
    embedded = Daemon.start(socket, null, Files.createDirectories(folder.resolve("empty")), folder.resolve("logs"));
    assertThat(socket.resolveSibling("auth")).exists();

    embedded.close();

    assertThat(socket).doesNotExist();
    assertThat(socket.resolveSibling("auth")).doesNotExist();
    assertThat(socket.resolveSibling("pid")).doesNotExist();
  }

  /** Whether process {@code pid} ignores signal {@code number} (Linux's /proc; elsewhere taken not to). */
  private static boolean ignores(long pid, int number) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        return (mask & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }
}
