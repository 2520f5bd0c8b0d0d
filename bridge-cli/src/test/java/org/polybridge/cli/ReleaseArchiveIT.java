package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/**
 * The release archive as a user gets it: {@code polybridge-<version>.tar.gz} unpacked into an empty
 * folder, run with nothing but that tree, a fresh home, no {@code JAVA_HOME} and a {@code PATH}
 * with neither Java nor Maven on it (only the few tools the launcher uses), so its bundled runtime
 * must carry the daemon with GraalPy and GraalJS. Slow: the daemon starts Python.
 */
@Tag("slow")
class ReleaseArchiveIT {
  @TempDir static Path folder;
  private static Path installed;
  private static Path home;
  private static Path tools;
  private static Path scripts;
  private static Process daemon;
  private static Path daemonErr;

  record Result(int status, String out, String err) {}

  @BeforeAll
  static void unpackAndRunTheDaemon() throws Exception {
    String version = System.getProperty("polybridge.project.version");
    Path archive = Path.of("target", "polybridge-" + version + ".tar.gz").toAbsolutePath();
    assertThat(archive).as("mvn package makes the release archive").exists();
    Path unpacked = Files.createDirectories(folder.resolve("opt"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    installed = unpacked.resolve("polybridge-" + version);
    home = Files.createDirectories(folder.resolve("home"));
    tools = Files.createDirectories(folder.resolve("tools"));
    for (String tool : List.of("sed", "readlink", "locale", "grep")) {
      Files.copy(which(tool), tools.resolve(tool));
      Files.setPosixFilePermissions(tools.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    scripts = Files.createDirectories(folder.resolve("AutoLaunch"));
    Files.copy(installed.resolve("examples/Scripts/AutoLaunch/composition.py"), scripts.resolve("composition.py"));
    Files.writeString(scripts.resolve("upper.js"), """
        iterm2.runForever(async connection => {
          const upper = iterm2.rpc(async function js_upper(s) {
            return s.toUpperCase() + "/" + /b+/.exec("abbc")[0];
          });
          await upper.register(connection);
        });
        """);
    daemonErr = folder.resolve("daemon.err");
    daemon = builder(installed, "run", "--scripts", scripts.toString())
        .redirectOutput(folder.resolve("daemon.out").toFile()).redirectError(daemonErr.toFile()).start();
  }

  @AfterAll
  static void stopTheDaemon() throws InterruptedException {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroy();
      if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  private static Path which(String tool) {
    return Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
  }

  /** {@code bin/polybridge ARGS} of the installation {@code root}, in an environment of its own. */
  private static ProcessBuilder builder(Path root, String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("bin").resolve("polybridge").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", tools.toString());
    environment.put("HOME", home.toString());
    environment.put("LANG", "C.UTF-8");
    // Java takes its home from the password file, not $HOME.
    environment.put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home);
    if (root.equals(installed) && !Files.isDirectory(root.resolve("runtime"))) {
      // A build JDK without jlink makes an archive without a runtime: it runs on the user's Java.
      environment.put("JAVA_HOME", System.getProperty("java.home"));
    }
    return builder;
  }

  private static Result polybridge(Path root, String... args) {
    return run(builder(root, args));
  }

  private static Result run(ProcessBuilder builder) {
    try {
      Path out = Files.createTempFile(folder, "out", ".txt");
      Path err = Files.createTempFile(folder, "err", ".txt");
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", builder.command()) + " did not end within 2 minutes");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String daemonErr() {
    try {
      return Files.readString(daemonErr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theUnpackedTreeAloneRunsTheDaemonItsPythonAndJavaScriptScriptsAndItsClients() throws Exception {
    Eventually.until(Duration.ofMinutes(4), "the scripts' functions are registered", () -> {
      assertThat(daemon.isAlive()).as(this::describeDaemon).isTrue();
      String functions = polybridge(installed, "functions").out();
      return functions.contains("\"add(a,b)\"") && functions.contains("\"js_upper(s)\"");
    });

    assertThat(polybridge(installed, "invoke", "add(a: 1, b: times(a: 2, b: 3))")).isEqualTo(new Result(0, "7\n", ""));
    assertThat(polybridge(installed, "invoke", "js_upper(s: \"héllo\")")).isEqualTo(new Result(0, "\"HÉLLO/bb\"\n", ""));
    ProcessBuilder posix = builder(installed, "invoke", "js_upper(s: \"héllo\")");
    posix.environment().put("LC_ALL", "POSIX");
    assertThat(run(posix)).as("in the POSIX locale").isEqualTo(new Result(0, "\"HÉLLO/bb\"\n", ""));
    assertThat(home.resolve(".config/polybridge/private/socket")).as("its default socket, in the fresh home").exists();
    if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
      // With curl on PATH, `invoke` needs no Java (bin/polybridge under sh): a JVM that cannot start shows it.
      ProcessBuilder curl = builder(installed, "invoke", "js_upper(s: \"héllo\")");
      curl.environment().put("PATH", tools + ":/usr/bin:/bin");
      curl.environment().put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -XX:+NoJvmForThisInvoke");
      assertThat(run(curl)).as("through curl").isEqualTo(new Result(0, "\"HÉLLO/bb\"\n", ""));
    } else {
      System.err.println("CURL NOT TESTED: no /usr/bin/curl (the CI's .ci/run installs it: apt-get install curl)");
    }
    if (System.getProperty("os.name").equals("Linux") && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"))) {
      assertThat(daemonErr()).as("the native the release ships loads").containsPattern("listening on .*socket \\(epoll\\)");
    }

    Result stop = polybridge(installed, "stop");

    assertThat(stop.status()).as(stop.err()).isZero();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private String describeDaemon() {
    return "the daemon ended with status " + daemon.exitValue() + ":\n" + daemonErr();
  }

  @Test
  void theArchiveHoldsTheLauncherTheUnshadedJarsTheDocsAndATrimmedRuntime() throws IOException {
    assertThat(Files.getPosixFilePermissions(installed.resolve("bin/polybridge"))).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> jars = Files.list(installed.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()).toList())
          .anyMatch(name -> name.startsWith("polyglot-")).anyMatch(name -> name.startsWith("python-language-"))
          .anyMatch(name -> name.startsWith("js-language-")).anyMatch(name -> name.startsWith("bridge-cli-"))
          .anyMatch(name -> name.matches("netty-transport-native-epoll-.*-linux-x86_64\\.jar"))
          .anyMatch(name -> name.matches("netty-transport-native-epoll-.*-linux-aarch_64\\.jar"))
          .contains("client.classpath", "oneshot.classpath", "pty.classpath");
    }
    assertThat(installed.resolve("LICENSE")).exists();
    assertThat(installed.resolve("docs/INSTALL.md")).exists();
    assertThat(installed.resolve("jvmci")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("compiler-"));
    if (Files.isDirectory(installed.resolve("runtime"))) {
      String release = Files.readString(installed.resolve("runtime/release"));
      assertThat(release).contains("jdk.internal.vm.ci").contains("jdk.unsupported").contains("jdk.management")
          .doesNotContain("java.desktop").doesNotContain("jdk.compiler");
      assertThat(Files.isExecutable(installed.resolve("runtime/lib/jspawnhelper"))).isTrue();
      assertThat(installed.resolve("runtime/lib/server/classes.jsa")).as("the JDK's class-data archive").exists();
    }
  }

  @Test
  void withoutABundledRuntimeAnOlderJavaIsRefusedNamingItsVersion() throws IOException {
    Path bare = Files.createDirectories(folder.resolve("bare"));
    Files.createDirectories(bare.resolve("bin"));
    Files.copy(installed.resolve("bin/polybridge"), bare.resolve("bin/polybridge"));
    Files.setPosixFilePermissions(bare.resolve("bin/polybridge"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(bare.resolve("lib"), installed.resolve("lib"));
    Path old = Files.createDirectories(folder.resolve("jdk17").resolve("bin"));
    Files.writeString(old.resolve("java"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(old.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"17.0.9\"\n");
    ProcessBuilder builder = builder(bare, "--version");
    builder.environment().put("JAVA_HOME", old.getParent().toString());

    Result none = polybridge(bare, "--version");
    Result tooOld = run(builder);

    assertThat(none.status()).isEqualTo(1);
    assertThat(none.err()).startsWith("polybridge: needs Java 21 or newer and found no java (no bundled runtime, JAVA_HOME unset, no java on PATH).");
    assertThat(tooOld.status()).isEqualTo(1);
    assertThat(tooOld.err()).startsWith("polybridge: needs Java 21 or newer and found " + old.getParent() + " (Java 17).");
  }
}
