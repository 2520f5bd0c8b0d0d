package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.testkit.Eventually;

/**
 * The engine of a bridge's scripts, end to end with JavaScript scripts found by the bridge's loader:
 * made when the first script starts, the one its context runs on, closed with the bridge; or the
 * embedder's, left open. In package {@code org.polybridge} to see what the bridge made.
 */
class BridgeScriptEngineTest {
  private static final String HELLO = """
      iterm2.runForever(async connection => {
        await iterm2.rpc(async function hello(who) { return `hello, ${who}`; }).register(connection);
      });
      """;

  @TempDir Path temp;

  @Test
  void bridgeMakesItsEngineWhenTheFirstScriptStartsAndClosesItWithItself() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("notes.txt"), "not a script");
    Bridge bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build();
    Engine made;
    try {
      Thread.sleep(1200); // the loader has looked at the folder at least twice
      assertThat(bridge.scriptEngine().made()).as("an engine without a script").isEmpty();

      Files.writeString(autoLaunch.resolve("hello.js"), HELLO);
      assertThat(Eventually.invoked(bridge, "hello(who: \"JS\")")).isEqualTo("hello, JS");

      made = bridge.scriptEngine().made().orElseThrow();
      assertThat(made.getCachedSources()).extracting(Source::getName).contains("iterm2.js", "hello.js");
    } finally {
      bridge.close();
    }

    assertThatThrownBy(() -> Context.newBuilder().engine(made).build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scriptsRunOnTheEmbeddersEngineWhichOutlivesTheBridge() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("hello.js"), HELLO);
    try (Engine given = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
      try (Bridge bridge = Bridge.newBuilder().engine(given).scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build()) {
        assertThat(Eventually.invoked(bridge, "hello(who: \"JS\")")).isEqualTo("hello, JS");
        assertThat(given.getCachedSources()).extracting(Source::getName).contains("iterm2.js", "hello.js");
        assertThat(bridge.scriptEngine().made()).isEmpty();
      }

      try (Context context = Context.newBuilder("js").engine(given).build()) {
        assertThat(context.eval("js", "1 + 1").asInt()).isEqualTo(2);
      }
    }
  }

}
