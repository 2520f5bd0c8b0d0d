package org.polybridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.testkit.Eventually;

/**
 * A JavaScript script and a Python script of one bridge run on one polyglot engine: here the
 * embedder's, whose code cache ends up holding both languages' sources.
 */
class OneEngineForEveryLanguageTest {
  @TempDir Path temp;

  @Test
  void javaScriptAndPythonScriptsOfABridgeRunOnItsOneEngine() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("twice.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def twice(x):
                return 2 * x
            await twice.async_register(connection)

        iterm2.run_forever(main)
        """);
    Files.writeString(autoLaunch.resolve("thrice.js"), """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function thrice(x) { return 3 * x; }).register(connection);
        });
        """);

    try (Engine engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
      try (Bridge bridge = Bridge.newBuilder().engine(engine).scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build()) {
        assertThat(Eventually.invoked(bridge, "thrice(x: twice(x: 7))")).isEqualTo(42L);
        // JavaScript's sources by name; Python's by some .py file (which ones the engine still
        // holds varies: code read from the .pyc cache is no Source of the engine)
        assertThat(engine.getCachedSources()).extracting(Source::getName).contains("iterm2.js", "thrice.js")
            .anyMatch(name -> name.endsWith(".py"));
      }
    }
  }
}
