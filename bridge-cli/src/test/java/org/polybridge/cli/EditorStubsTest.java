package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

/**
 * The editor stubs {@code polybridge stubs} writes are what the real guest modules generate: two
 * scripts (test resources {@code stubgen/}) introspect the {@code iterm2} modules as every script
 * sees them, in a real bridge, and answer the stubs' text. A public name, a parameter, a property
 * added or gone in either module without the stubs following fails here.
 *
 * <p>To bring the committed stubs up to date after a change to the modules:
 * {@code mvn -B -ntp -q -pl bridge-cli -am verify -Dtest=EditorStubsTest -Dsurefire.failIfNoSpecifiedTests=false -Dpolybridge.stubs.write=true}
 * (then look at the diff of bridge-cli/src/main/resources/org/polybridge/cli/stubs).
 */
class EditorStubsTest {
  private static final Path COMMITTED = Path.of("src/main/resources/org/polybridge/cli/stubs");
  private static final String REGENERATE = "mvn -B -ntp -q -pl bridge-cli -am verify -Dtest=EditorStubsTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Dpolybridge.stubs.write=true";
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  private static final Map<String, String> generated = new TreeMap<>();

  @TempDir Path folder;

  @BeforeAll
  static void generateFromTheRealModules(@TempDir Path temp) throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    for (String generator : List.of("python_stubs.py", "js_stubs.js")) {
      try (InputStream in = EditorStubsTest.class.getResourceAsStream("stubgen/" + generator)) {
        Files.copy(in, autoLaunch.resolve(generator));
      }
    }
    try (Bridge bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build()) {
      // the JavaScript generator reads a live App, Window, Tab and Session
      RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
      for (String function : List.of("python_stubs", "js_stubs")) {
        Eventually.until(PATIENCE, function + " registered (or its script failed)", () -> {
          bridge.scripts().stream().filter(s -> s.state() == ScriptStatus.State.FAILED).findFirst().ifPresent(s -> {
            throw new AssertionError(s.name() + " failed: " + s.lastError() + "\n" + log(temp, s.name()));
          });
          return !ApiServer.of(bridge).registry().named(function).isEmpty();
        });
        Map<?, ?> files = (Map<?, ?>) bridge.invoke(function + "()").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        files.forEach((path, text) -> generated.put((String) path, (String) text));
      }
    }
    if (Boolean.getBoolean("polybridge.stubs.write")) {
      for (Map.Entry<String, String> stub : generated.entrySet()) {
        Path file = COMMITTED.resolve(stub.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, stub.getValue());
      }
      Files.writeString(COMMITTED.resolve("files"), String.join("\n", generated.keySet()) + "\n");
    }
  }

  private static String log(Path temp, String script) {
    try {
      return Files.readString(temp.resolve("logs").resolve(script + ".log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Test
  void theStubsPolybridgeWritesAreWhatTheRealModulesGenerate() {
    // The class path still holds the stubs of before: compared again by the next build.
    Assumptions.assumeFalse(Boolean.getBoolean("polybridge.stubs.write"), "the stubs were just written into " + COMMITTED);
    Map<String, String> shipped = new TreeMap<>();
    StubsCommand.stubs().forEach((name, bytes) -> shipped.put(name, new String(bytes, StandardCharsets.UTF_8)));

    assertThat(shipped.keySet()).as("the stub files; to regenerate: %s", REGENERATE).isEqualTo(generated.keySet());
    generated.forEach((name, text) ->
        assertThat(shipped.get(name)).as("%s drifted from the module; to regenerate: %s", name, REGENERATE).isEqualTo(text));
  }

  @Test
  void theStubsNameWhatScriptsUseMostWithTypes() {
    String python = generated.get("iterm2/__init__.pyi");
    assertThat(python)
        .contains("async def async_get_app(connection: Connection, create_if_needed: bool = True) -> App:")
        .contains("class Session(_Variables):")
        .contains("    async def async_get_variable(self, name: Any) -> Any:")
        .contains("    def current_window(self) -> Optional[Window]: ...")
        .contains("def run_until_complete(coro: Any, retry: bool = False, debug: bool = False) -> Any:")
        .contains("from iterm2.alert import Alert as Alert");
    assertThat(generated.get("iterm2/statusbar.pyi")).contains("class StatusBarComponent");
    assertThat(generated.get("iterm2.d.ts"))
        .contains("  function getApp(connection: Connection): Promise<App>;")
        .contains("    getVariable(name: string): Promise<any>;")
        .contains("    readonly currentWindow: Window | null;")
        .contains("  function rpc(fn: (...args: any[]) => any, options?: any): RpcFunction;")
        .contains("declare module 'iterm2' {");
  }

  @Test
  void thePythonStubsAreValidPython() throws Exception {
    Path stubs = Files.createDirectories(folder.resolve("typings"));
    List<String> command = new ArrayList<>(List.of("python3", "-c",
        "import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f, encoding='utf-8').read(), f)\nprint('ok')"));
    for (Map.Entry<String, String> stub : generated.entrySet()) {
      if (stub.getKey().endsWith(".pyi")) {
        Path file = stubs.resolve(stub.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, stub.getValue());
        command.add(file.toString());
      }
    }
    Process python;
    try {
      python = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not on this machine (" + e.getMessage() + "): the .pyi files were not parsed");
      return;
    }
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("ok");
  }

  @Test
  void polybridgeStubsWritesThemIntoAFolderItMakes() throws Exception {
    Path typings = folder.resolve("project").resolve("typings");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status = new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true)).execute("stubs", typings.toString());

    assertThat(status).as(err.toString()).isZero();
    Map<?, ?> printed = (Map<?, ?>) Json.parse(out.toString());
    assertThat(printed.get("folder")).isEqualTo(typings.toString());
    assertThat(((List<?>) printed.get("files")).stream().map(String::valueOf).toList()).contains("iterm2/__init__.pyi", "iterm2/py.typed", "iterm2.d.ts");
    for (Map.Entry<String, byte[]> stub : StubsCommand.stubs().entrySet()) {
      assertThat(typings.resolve(stub.getKey())).hasBinaryContent(stub.getValue());
    }
  }

  @Test
  void aFileInPlaceOfTheFolderIsExitStatusOne() throws Exception {
    Path file = Files.writeString(folder.resolve("typings"), "not a folder");
    StringWriter err = new StringWriter();

    int status = new Main(Map.of(), null, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
        .execute("stubs", file.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: DIR : " + file + " is a file (expected: a folder, made if missing)\n");
    assertThatThrownBy(() -> new StubsCommand().spec().parse(List.of())).hasMessageContaining("missing DIR");
  }
}
