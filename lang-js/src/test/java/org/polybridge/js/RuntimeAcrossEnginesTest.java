package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.client.ApiClient;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.script.ScriptLog;
import org.polybridge.testkit.Eventually;

/**
 * What a JavaScript runtime keeps (the prelude {@code Source}, the module text) is not tied to an
 * engine: one runtime serves scripts that come with different engines.
 */
class RuntimeAcrossEnginesTest {
  @TempDir Path folder;
  private final List<Script> scripts = new ArrayList<>();
  private final List<ScriptEventLoop> loops = new ArrayList<>();

  @Test
  void oneRuntimeServesScriptsOfTwoEnginesEachCachingThePrelude() throws Exception {
    JavaScriptRuntime runtime = new JavaScriptRuntime();
    try (Engine first = newEngine(); Engine second = newEngine(); Bridge bridge = Bridge.newBuilder().build()) {
      try {
        start(runtime, bridge, first, "one");
        start(runtime, bridge, second, "two");

        assertThat(Eventually.invoked(bridge, "one()")).isEqualTo("one");
        assertThat(Eventually.invoked(bridge, "two()")).isEqualTo("two");
        assertThat(first.getCachedSources()).extracting(Source::getName).contains("iterm2.js", "one.mjs").doesNotContain("two.mjs");
        assertThat(second.getCachedSources()).extracting(Source::getName).contains("iterm2.js", "two.mjs").doesNotContain("one.mjs");
      } finally {
        scripts.forEach(Script::stop);
        loops.forEach(ScriptEventLoop::close);
        runtime.close();
      }
    }
  }

  /** A module script (so the {@code iterm2} module text, made by the first context, serves the second engine too). */
  private void start(JavaScriptRuntime runtime, Bridge bridge, Engine engine, String name) throws Exception {
    Path file = Files.writeString(folder.resolve(name + ".mjs"), """
        import { runForever, rpc } from 'iterm2';
        runForever(async connection => {
          await rpc(async function %s() { return '%s'; }).register(connection);
        });
        """.formatted(name, name));
    ScriptEventLoop loop = new ScriptEventLoop(name);
    loops.add(loop);
    scripts.add(runtime.start(new ScriptEnvironment(file.getFileName().toString(), file, folder,
        new ApiClient(bridge.connect(name), loop), loop, new ScriptLog() {
          @Override
          public void info(String message) {}

          @Override
          public void error(String message, String traceback) {
            System.err.println(name + ": " + message + "\n" + traceback);
          }
        }, engine)));
  }

  private static Engine newEngine() {
    return Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
  }

}
