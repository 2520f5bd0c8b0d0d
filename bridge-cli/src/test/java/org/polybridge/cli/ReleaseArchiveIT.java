package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/**
 * The release archive as a user gets it: {@code polybridge-<version>.tar.gz} unpacked into an empty
 * folder, run with nothing but that tree, a fresh home, no {@code JAVA_HOME} and a {@code PATH}
 * with neither Java nor Maven on it (only the few tools the launcher uses), so its bundled runtime
 * must carry the daemon with GraalPy and GraalJS. Its first command records the class-data
 * archives (bin/polybridge, "The class-data archives"), which the next ones and the daemon map in.
 * Slow: the daemon starts Python, and so does each training run's own.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseArchiveIT {
  private static final String RECORDING = "polybridge: recording the start-up of the client and the daemon";
  @TempDir static Path folder;
  private static Path installed;
  private static Path home;
  private static Path tools;
  private static Path scripts;
  private static Process daemon;
  private static Path daemonErr;
  private static Path daemonClasses;
  private static Path cache;
  private static Result firstCommand;
  private static Map<String, FileTime> firstArchives;

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
    // The launcher's (the archives': mkdir, find, rm, mv, flock, script), and the training's (pty
    // starts `true` through setsid); flock, script and setsid are util-linux's, on every Debian.
    for (String tool : List.of("sed", "readlink", "locale", "grep", "mkdir", "find", "rm", "mv", "true")) {
      Files.copy(which(tool), tools.resolve(tool));
      Files.setPosixFilePermissions(tools.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (String tool : List.of("flock", "script", "setsid")) {
      Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst().ifPresent(t -> {
        try {
          Files.copy(t, tools.resolve(tool));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    cache = home.resolve(".cache/polybridge");
    firstCommand = polybridge(installed, "--version");
    firstArchives = archives();
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
    daemonClasses = folder.resolve("daemon-classes.txt");
    ProcessBuilder run = builder(installed, "run", "--scripts", scripts.toString());
    run.environment().put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Xlog:class+load:file=" + daemonClasses);
    daemon = run
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

  /** The launcher's archives in the cache (release-*.aot or .jsa), by name, with their times. */
  private static Map<String, FileTime> archives() throws IOException {
    Map<String, FileTime> archives = new TreeMap<>();
    if (Files.isDirectory(cache)) {
      try (Stream<Path> files = Files.list(cache)) {
        for (Path p : files.filter(p -> p.getFileName().toString().matches("release-.*\\.(aot|jsa)")).toList()) {
          archives.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
        }
      }
    }
    return archives;
  }

  /** {@code bin/polybridge ARGS} with the JVM's log of the classes it loads on standard output. */
  private static Result withClassLog(String... args) {
    ProcessBuilder builder = builder(installed, args);
    builder.environment().put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Xlog:class+load");
    return run(builder);
  }

  /** Where the JVM took the class {@code name} from, as its class+load log says. */
  private static String source(String classLog, String name) {
    return classLog.lines().filter(line -> line.contains("] " + name + " source: ")).findFirst()
        .map(line -> line.substring(line.indexOf(" source: ") + 9)).orElse("(not loaded)");
  }

  private static String daemonErr() {
    try {
      return Files.readString(daemonErr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @Order(1)
  void theFirstCommandRecordsTheArchivesOnceAndTheNextCommandsMapThemIn() throws IOException {
    assertThat(firstCommand.status()).as(firstCommand.err()).isZero();
    assertThat(firstCommand.out()).startsWith("polybridge ");
    assertThat(firstCommand.err()).startsWith(RECORDING).doesNotContain("could not record");
    assertThat(firstArchives.keySet()).as("one archive per kind").hasSize(4)
        .anyMatch(n -> n.startsWith("release-client")).anyMatch(n -> n.startsWith("release-oneshot"))
        .anyMatch(n -> n.startsWith("release-pty")).anyMatch(n -> n.startsWith("release-daemon"));
    String client = firstArchives.keySet().stream().filter(n -> n.startsWith("release-client")).findFirst().orElseThrow();
    assertThat(cache.resolve(client + ".root")).as("the note of its installation").hasContent(installed.toString());
    assertThat(cache.resolve(client + ".log")).as("the training's log").exists();

    // One archive each: the one-shot commands', the other client commands', pty's.
    for (String[] command : List.of(new String[] {"--version"}, new String[] {"help", "invoke"}, new String[] {"pty", "--help"})) {
      Result mapped = withClassLog(command);
      assertThat(mapped.status()).as(mapped.err()).isZero();
      assertThat(mapped.err()).doesNotContain(RECORDING);
      assertThat(source(mapped.out(), "org.polybridge.cli.Main")).as(String.join(" ", command)).isEqualTo("shared objects file");
      // (the rest are lambdas the archive's training did not meet, spun as they are needed)
      assertThat(mapped.out().lines().filter(line -> line.contains("] org.polybridge.")))
          .as("%s: no polybridge class from the jars", String.join(" ", command))
          .anyMatch(line -> line.endsWith(" source: shared objects file")).noneMatch(line -> line.contains(" source: file:"));
    }
    assertThat(archives()).as("recorded once").isEqualTo(firstArchives);
  }

  @Test
  @Order(2)
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

    assertThat(source(Files.readString(daemonClasses), "org.polybridge.cli.Daemon")).as("the daemon's archive").isEqualTo("shared objects file");
    assertThat(source(Files.readString(daemonClasses), "org.graalvm.polyglot.Engine")).isEqualTo("shared objects file");

    Result stop = polybridge(installed, "stop");

    assertThat(stop.status()).as(stop.err()).isZero();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private String describeDaemon() {
    return "the daemon ended with status " + daemon.exitValue() + ":\n" + daemonErr();
  }

  @Test
  @Order(3)
  void aCommandRunsOnWithoutArchivesWhenTheyAreTurnedOffOrTheCacheCannotBeWritten() throws IOException {
    ProcessBuilder off = builder(installed, "--version");
    off.environment().put("POLYBRIDGE_ARCHIVES", "0");
    off.environment().put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Xlog:class+load");
    Path notAFolder = Files.writeString(folder.resolve("not-a-folder"), "");
    ProcessBuilder unwritable = builder(installed, "--version");
    unwritable.environment().put("XDG_CACHE_HOME", notAFolder.toString());
    unwritable.environment().put("POLYBRIDGE_JAVA_OPTS", "-Duser.home=" + home + " -Xlog:class+load");

    Result withoutArchives = run(off);
    Result withoutCache = run(unwritable);

    assertThat(withoutArchives.status()).as(withoutArchives.err()).isZero();
    assertThat(withoutArchives.err()).isEmpty();
    assertThat(withoutArchives.out()).contains("polybridge 0.");
    assertThat(source(withoutArchives.out(), "org.polybridge.cli.Main")).startsWith("file:");
    assertThat(withoutCache.status()).as(withoutCache.err()).isZero();
    assertThat(withoutCache.err()).isEmpty();
    assertThat(source(withoutCache.out(), "org.polybridge.cli.Main")).startsWith("file:");
    assertThat(notAFolder).isRegularFile();
  }

  @Test
  @Order(4)
  void theArchivesAreRecordedAgainWhenAJarOfTheInstallationChanges() throws IOException {
    Map<String, FileTime> before = archives();
    Path jar;
    try (Stream<Path> jars = Files.list(installed.resolve("lib"))) {
      jar = jars.filter(p -> p.getFileName().toString().startsWith("bridge-core-")).findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));

    Result again = polybridge(installed, "--version");
    Result mapped = withClassLog("--version");

    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.err()).startsWith(RECORDING).doesNotContain("could not record");
    Map<String, FileTime> after = archives();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((name, time) -> assertThat(time).as(name).isGreaterThan(before.get(name)));
    assertThat(mapped.err()).doesNotContain(RECORDING);
    assertThat(source(mapped.out(), "org.polybridge.cli.Main")).isEqualTo("shared objects file");
  }

  @Test
  @Order(5)
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
  @Order(6)
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
