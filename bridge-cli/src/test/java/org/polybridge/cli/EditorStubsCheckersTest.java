package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stubs as the editors' checkers read them: TypeScript's {@code tsc --noEmit} (with {@code
 * checkJs}) over the JavaScript twins of the seed examples, and pyright over the Python seed
 * examples, accept them and reject a script that uses what the module does not have. Both checkers
 * come from npm into {@code target/checkers} once; without npm or a network the test is skipped,
 * saying so on standard error.
 */
@Tag("slow")
class EditorStubsCheckersTest {
  private static final Path CHECKERS = Path.of("target", "checkers").toAbsolutePath();
  private static final Path EXAMPLES = Path.of("..", "examples", "Scripts");

  @TempDir Path project;

  /** The checker's main script, installed from npm the first time. */
  private static synchronized Path install(String npmPackage, String main) throws Exception {
    Path prefix = CHECKERS.resolve(npmPackage.replaceAll("@.*", ""));
    Path script = prefix.resolve("node_modules").resolve(main);
    if (Files.isRegularFile(script)) {
      return script;
    }
    Files.createDirectories(prefix);
    String output;
    int status;
    try {
      Process npm = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund", "--no-save",
          npmPackage).redirectErrorStream(true).start();
      output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      status = npm.waitFor(5, TimeUnit.MINUTES) ? npm.exitValue() : -1;
    } catch (IOException e) {
      output = e.getMessage();
      status = -1;
    }
    if (status != 0 || !Files.isRegularFile(script)) {
      String reason = "SKIPPED: " + npmPackage + " could not be installed with npm (offline, or no npm), so the stubs were not checked with it: "
          + output;
      System.err.println(reason);
      Assumptions.abort(reason);
    }
    return script;
  }

  /** Runs node on {@code script} with {@code args} in the project; its output, after checking its exit status. */
  private String node(Path script, int expectedStatus, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "node";
    command[1] = script.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Process node = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(node.exitValue()).as(output).isEqualTo(expectedStatus);
    return output;
  }

  /** The stubs in project/typings and the scripts in project/scripts. */
  private void writeProject(Map<String, String> scripts) throws IOException {
    Path typings = Files.createDirectories(project.resolve("typings"));
    for (Map.Entry<String, byte[]> stub : StubsCommand.stubs().entrySet()) {
      Files.createDirectories(typings.resolve(stub.getKey()).getParent());
      Files.write(typings.resolve(stub.getKey()), stub.getValue());
    }
    Path folder = Files.createDirectories(project.resolve("scripts"));
    for (Map.Entry<String, String> script : scripts.entrySet()) {
      Files.writeString(folder.resolve(script.getKey()), script.getValue());
    }
    Files.writeString(project.resolve("tsconfig.json"), """
        {
          "compilerOptions": {
            "allowJs": true, "checkJs": true, "noEmit": true, "strict": false,
            "target": "es2022", "lib": ["es2022"], "module": "es2022", "moduleResolution": "bundler", "types": []
          },
          "include": ["typings/iterm2.d.ts", "scripts/*.js", "scripts/*.mjs"]
        }
        """);
    // The seed examples reach for app.current_window.current_tab without a check: a warning, which is the point.
    Files.writeString(project.resolve("pyrightconfig.json"), """
        { "include": ["scripts"], "stubPath": "typings", "typeCheckingMode": "standard",
          "reportOptionalMemberAccess": "warning", "reportMissingModuleSource": false }
        """);
  }

  private static Map<String, String> examples(String folder, String ending) throws IOException {
    Map<String, String> scripts = new TreeMap<>();
    try (Stream<Path> examples = Files.list(EXAMPLES.resolve(folder))) {
      for (Path example : examples.filter(p -> p.toString().endsWith(ending)).toList()) {
        scripts.put(example.getFileName().toString(), Files.readString(example));
      }
    }
    assertThat(scripts).as("the seed examples in %s", folder).hasSizeGreaterThanOrEqualTo(4);
    return scripts;
  }

  private String tsc(int expectedStatus) throws Exception {
    return node(install("typescript@5", "typescript/bin/tsc"), expectedStatus, "-p", "tsconfig.json", "--pretty", "false");
  }

  private String pyright(int expectedStatus) throws Exception {
    return node(install("pyright@1", "pyright/index.js"), expectedStatus, "-p", "pyrightconfig.json");
  }

  @Test
  void theSeedExamplesInJavaScriptCheckAgainstTheStubs() throws Exception {
    Map<String, String> scripts = examples("js-twins", ".js");
    scripts.put("required.js", """
        const it = require('iterm2');
        it.runUntilComplete(async (connection) => {
          const app = await it.getApp(connection);
          const session = app.currentWindow?.currentTab?.currentSession;
          if (session) await session.inject('hello');
          setTimeout(() => console.log('later'), 10);
        });
        """);
    scripts.put("imported.mjs", """
        import * as iterm2 from 'iterm2';
        const subscription = await iterm2.onNewSession(null, (id) => console.log(id));
        await subscription.cancel();
        """);
    writeProject(scripts);

    tsc(0);
  }

  @Test
  void aJavaScriptScriptCallingWhatTheModuleDoesNotHaveFailsTheCheck() throws Exception {
    writeProject(Map.of("typo.js", """
        iterm2.runForever(async (connection) => {
          const app = await iterm2.getApp(connection);
          console.log(app.curentWindow);
        });
        """));

    String output = tsc(2);

    assertThat(output).contains("typo.js(3,19): error TS2551: Property 'curentWindow' does not exist on type 'App'");
  }

  @Test
  void theSeedExamplesInPythonCheckAgainstTheStubsAndTheNoneTrapIsAWarning() throws Exception {
    writeProject(examples("AutoLaunch", ".py"));

    String output = pyright(0);

    assertThat(output).contains("0 errors").contains("composition.py:20:38 - warning: \"current_tab\" is not a known attribute of \"None\"");
  }

  @Test
  void aPythonScriptCallingWhatTheModuleDoesNotHaveFailsTheCheck() throws Exception {
    writeProject(Map.of("typo.py", """
        import iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)
            await app.async_refresh_windows()

        iterm2.run_until_complete(main)
        """));

    String output = pyright(1);

    assertThat(output).contains("typo.py:5:15 - error: Cannot access attribute \"async_refresh_windows\" for class \"App\"");
  }
}
