package org.polybridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

/** One invocation across three languages: show in JavaScript, add in Python, times in Java. */
class MixedLanguageCompositionTest {
  @TempDir Path temp;

  @Test
  void compositionCrossesJavaScriptPythonAndJava() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("adder.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def add(a, b):
                return a + b
            await add.async_register(connection)

        iterm2.run_forever(main)
        """);
    Files.writeString(autoLaunch.resolve("shower.js"), """
        iterm2.runForever(async connection => {
          const show = iterm2.rpc(async function show(s) {
            const app = await iterm2.getApp(connection);
            await app.currentWindow.currentTab.currentSession.inject(`shown: ${s}`);
          });
          await show.register(connection);
        });
        """);

    try (Bridge bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build()) {
      Session session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
      bridge.register(RpcDefinition.of("times", "a", "b"), a -> (Long) a.get("a") * (Long) a.get("b"));
      // retried until the scripts have registered add and show: show runs once, when all are there
      Eventually.invoked(bridge, "show(s: add(a: 1, b: times(a: 2, b: 3)))");

      assertThat(((RecordingSessionIo) session.io()).displayed()).isEqualTo("shown: 7");
    }
  }
}
