package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.script.ScriptStatus.State;

/**
 * Script folders that are npm packages: {@code require} and {@code import} from their own {@code
 * node_modules}, and npm run for them when {@code package.json} names dependencies. The tests
 * without network run a stand-in for npm (a shell script named by {@code polybridge.npm}) that does
 * what npm does to a folder; one test runs the real npm against the registry.
 */
class NpmPackagesTest {
  @TempDir Path temp;
  private JsBench bench;

  @BeforeEach
  void open() throws Exception {
    bench = new JsBench(temp);
  }

  @AfterEach
  void close() {
    bench.close();
    System.clearProperty("polybridge.npm");
  }

  private static final String SERVE_PAD = """
      import { shout } from 'shout';
      import iterm2 from 'iterm2';
      const left = require('left');
      const { twice } = require('./util.js');
      iterm2.runForever(async connection => {
        await iterm2.rpc(async function pad(s) { return twice(shout(left(s))); }).register(connection);
      });
      """;

  @Test
  void scriptFolderRequiresCommonJsAndImportsEsModulesFromItsOwnNodeModules() throws Exception {
    bench.write("pad/package.json", "{\"name\": \"pad\", \"private\": true}\n");
    bench.write("pad/node_modules/left/package.json", "{\"name\": \"left\", \"main\": \"lib/index.js\"}\n");
    bench.write("pad/node_modules/left/lib/index.js", "module.exports = s => '<' + s;\n");
    bench.write("pad/node_modules/shout/package.json", "{\"name\": \"shout\", \"type\": \"module\", \"main\": \"shout.js\"}\n");
    bench.write("pad/node_modules/shout/shout.js", "export const shout = s => s.toUpperCase();\n");
    bench.write("pad/util.js", "exports.twice = s => s + s;\n");
    bench.write("pad/main.mjs", SERVE_PAD);
    bench.start();

    JsBench.await(() -> loads(bench, "pad") == 1, () -> "pad to load", java.time.Duration.ofSeconds(60));
    assertThat(bench.call("pad(s: \"ab\")")).isEqualTo("<AB<AB");
    assertThat(bench.log("pad")).doesNotContain("installing packages");
  }

  @Test
  void singleFileScriptStillSaysWhyItCannotRequireAPackage() throws Exception {
    bench.write("lone.js", "require('left');\n");
    bench.start();

    assertThat(bench.awaitState("lone.js", State.FAILED).lastError())
        .contains("require('left'): only 'iterm2' can be required here")
        .contains("make it a folder with a package.json");
  }

  @Test
  void dependenciesAreInstalledBeforeTheScriptLoadsAndNotAgainWhenItRestarts() throws Exception {
    Path calls = temp.resolve("npm-calls");
    Path proceed = fifo(temp.resolve("proceed"));
    System.setProperty("polybridge.npm", fakeNpm("""
        echo "$@" >> %s
        echo "npm warn using a stand-in"
        read go < %s
        mkdir -p node_modules/left/lib
        echo '{"name": "left", "main": "lib/index.js"}' > node_modules/left/package.json
        echo "module.exports = s => '<' + s;" > node_modules/left/lib/index.js
        echo "added 1 package in 0s"
        """.formatted(calls, proceed)).toString());
    bench.write("pad/package.json", "{\"name\": \"pad\", \"dependencies\": {\"left\": \"^1.0.0\"}}\n");
    bench.write("pad/main.js", """
        const left = require('left');
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function pad(s) { return left(s); }).register(connection);
        });
        """);
    bench.start();

    JsBench.await(() -> bench.status("pad") != null && bench.status("pad").detail() != null,
        () -> "pad to say what it is busy with: " + bench.statuses());
    assertThat(bench.status("pad").state()).isEqualTo(State.LOADING);
    assertThat(bench.status("pad").detail()).startsWith("installing packages: install --omit=dev --ignore-scripts");
    Files.writeString(proceed, "go\n");
    // A context with GraalJS's module loading on shares less of the engine's code: slow on a busy machine.
    JsBench.await(() -> loads(bench, "pad") == 1, () -> "pad to load", java.time.Duration.ofSeconds(60));

    assertThat(bench.call("pad(s: \"x\")")).isEqualTo("<x");
    assertThat(bench.awaitState("pad", State.RUNNING).detail()).isNull();
    assertThat(bench.log("pad")).contains("npm: npm warn using a stand-in", "npm: added 1 package", "packages installed in ");
    assertThat(Files.readString(temp.resolve("AutoLaunch/pad/node_modules/.polybridge-packages"))).matches("[0-9a-f]{64}\n");

    bench.write("pad/main.js", Files.readString(temp.resolve("AutoLaunch/pad/main.js")) + "// edited\n");
    JsBench.await(() -> loads(bench, "pad") == 2, () -> "pad to load again", java.time.Duration.ofSeconds(60));
    assertThat(bench.call("pad(s: \"y\")")).isEqualTo("<y");
    assertThat(bench.log("pad")).contains("its files changed: starting it again");
    assertThat(Files.readAllLines(calls)).hasSize(1); // the second start found node_modules installed from this package.json
    assertThat(count(bench.log("pad"), "installing packages")).isEqualTo(1);
  }

  @Test
  void failedInstallFailsTheScriptWithNpmsOwnWords() throws Exception {
    System.setProperty("polybridge.npm", fakeNpm("""
        echo "npm error code E404"
        echo "npm error 404 Not Found - GET https://registry.npmjs.org/no-such-package-here"
        exit 1
        """).toString());
    bench.write("broken/package.json", "{\"dependencies\": {\"no-such-package-here\": \"1.0.0\"}}\n");
    bench.write("broken/main.js", "iterm2.runForever(async () => {});\n");
    bench.start();

    assertThat(bench.awaitState("broken", State.FAILED).lastError())
        .startsWith("npm install failed (exit status 1): ")
        .contains("npm error 404 Not Found - GET https://registry.npmjs.org/no-such-package-here");
    assertThat(bench.log("broken")).contains("npm: npm error code E404");
    assertThat(temp.resolve("AutoLaunch/broken/node_modules/.polybridge-packages")).doesNotExist();
  }

  @Test
  void withoutNpmAScriptThatNeedsPackagesFailsSayingSo() throws Exception {
    System.setProperty("polybridge.npm", temp.resolve("no-npm-here").toString());
    bench.write("needy/package.json", "{\"dependencies\": {\"left\": \"1.0.0\"}}\n");
    bench.write("needy/main.js", "iterm2.runForever(async () => {});\n");
    bench.start();

    assertThat(bench.awaitState("needy", State.FAILED).lastError())
        .isEqualTo("package.json names dependencies (left) and there is no node_modules to load them from, and npm was not "
            + "found on the PATH: install npm (Node.js), or run 'npm install --omit=dev' in " + temp.resolve("AutoLaunch/needy"));
  }

  @Test
  void malformedPackageJsonFailsTheScriptNamingTheFile() throws Exception {
    bench.write("odd/package.json", "{\"dependencies\": [\"left\"]}\n");
    bench.write("odd/main.js", "iterm2.runForever(async () => {});\n");
    bench.start();

    assertThat(bench.awaitState("odd", State.FAILED).lastError()).isEqualTo(temp.resolve("AutoLaunch/odd/package.json")
        + ": dependencies : [\"left\"] (expected: an object of package names and versions)");
  }

  /** The real npm, from the registry: skipped (loudly) when the registry cannot be reached. */
  @Test
  @Tag("slow")
  void realNpmInstallsARegistryPackageTheScriptRequires() throws Exception {
    assumeTrue(registryReachable(), "SKIPPED: registry.npmjs.org:443 cannot be reached from this machine; "
        + "the npm install from the registry is not tested");
    assumeTrue(npmOnPath(), "SKIPPED: no npm on the PATH; the npm install from the registry is not tested");
    bench.write("ms/package.json", "{\"name\": \"ms-user\", \"private\": true, \"dependencies\": {\"ms\": \"2.1.3\"}}\n");
    bench.write("ms/main.js", """
        const ms = require('ms');
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function millis(text) { return ms(text); }).register(connection);
        });
        """);
    bench.start();

    JsBench.await(() -> bench.status("ms") != null && bench.status("ms").state() != State.LOADING,
        () -> "ms to load: " + bench.statuses(), java.time.Duration.ofMinutes(3));
    assertThat(bench.call("millis(text: \"2 days\")")).isEqualTo(172_800_000L);
    assertThat(bench.log("ms")).contains("packages installed in ");
    assertThat(temp.resolve("AutoLaunch/ms/package-lock.json")).doesNotExist();
  }

  private static boolean registryReachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("registry.npmjs.org", 443), 3000);
      return true;
    } catch (IOException e) {
      System.err.println("registry.npmjs.org:443 is not reachable: " + e);
      return false;
    }
  }

  private static boolean npmOnPath() {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "npm")));
  }

  private Path fakeNpm(String body) throws IOException {
    Path npm = temp.resolve("fake-npm");
    Files.writeString(npm, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwx------"));
    return npm;
  }

  private static Path fifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    return path;
  }

  private static int loads(JsBench bench, String name) {
    try {
      return (int) Pattern.compile("INFO\\s+loaded$", Pattern.MULTILINE).matcher(bench.log(name)).results().count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static int count(String text, String part) {
    return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
  }
}
