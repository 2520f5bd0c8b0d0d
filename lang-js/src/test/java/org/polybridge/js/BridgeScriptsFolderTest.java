package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationException;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;
import org.polybridge.testkit.Eventually;

/** The embedding API end to end: the runtime is found with ServiceLoader, scripts run, close stops them. */
class BridgeScriptsFolderTest {
  @TempDir Path temp;

  @Test
  void bridgeWithAScriptsFolderRunsItsScriptsAndStopsThemWhenClosed() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("Scripts/AutoLaunch"));
    Files.writeString(autoLaunch.resolve("hello.js"), """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function hello(who) { return `hello, ${who}`; }).register(connection);
        });
        """);
    Files.writeString(autoLaunch.resolve("notes.txt"), "not a script");

    Bridge bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build();
    try {
      Object answer = Eventually.invoked(bridge, "hello(who: \"JS\")");
      assertThat(answer).isEqualTo("hello, JS");
      Eventually.eventually(() ->
          assertThat(bridge.scripts()).containsExactly(new ScriptStatus("hello.js", "JavaScript", State.RUNNING, null)));
      assertThat(temp.resolve("logs/hello.js.log")).content().contains("loaded");
    } finally {
      bridge.close();
    }

    assertThat(bridge.scripts()).extracting(ScriptStatus::state).containsExactly(State.STOPPED);
  }

  @Test
  void bridgeWithoutAScriptsFolderHasNoScripts() {
    try (Bridge bridge = Bridge.newBuilder().build()) {
      assertThat(bridge.scripts()).isEmpty();
      assertThatThrownBy(() -> bridge.invoke("hello(who: 1)").get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InvocationException.class);
    }
  }
}
