package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.script.ScriptStatus;

class StartupHeapTest {
  @TempDir Path folder;
  private Bridge bridge;

  @AfterEach
  void close() {
    if (bridge != null) {
      bridge.close();
    }
  }

  private Bridge bridgeWith(String name, String source) throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.writeString(scripts.resolve(name), source);
    bridge = Bridge.newBuilder().scriptsFolder(scripts).logFolder(folder.resolve("logs")).build();
    return bridge;
  }

  private static long collections() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  @Test
  void theHeapIsCollectedOnceTheScriptsHaveLoadedNotBefore() throws Exception {
    Bridge bridge = bridgeWith("slow.js", """
        const until = Date.now() + 500;
        while (Date.now() < until) {}
        """);
    long before = collections();

    List<ScriptStatus> at = StartupHeap.settle(bridge, Duration.ofMillis(20), Duration.ZERO, Duration.ofMinutes(2))
        .get(2, TimeUnit.MINUTES).scripts();

    assertThat(at).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("slow.js");
      assertThat(s.state()).isIn(ScriptStatus.State.RUNNING, ScriptStatus.State.FINISHED);
    });
    assertThat(collections()).isGreaterThan(before);
  }

  @Test
  void aLanguageNoScriptUsesIsWarmedUpOnceTheScriptsHaveLoaded() throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    try (Engine engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
      bridge = Bridge.newBuilder().scriptsFolder(scripts).logFolder(folder.resolve("logs")).engine(engine).build();

      StartupHeap.settle(bridge, Duration.ofMillis(20), Duration.ZERO, Duration.ofMinutes(2)).get(2, TimeUnit.MINUTES);

      // JavaScript's prelude, parsed by the warm-up, is in the engine for the first script saved later
      assertThat(engine.getCachedSources()).extracting(Source::getName).contains("iterm2.js");
      bridge.close();
    }
  }

  @Test
  void aScriptThatLoadsForEverDoesNotKeepTheMemoryOfTheStart() throws Exception {
    Bridge bridge = bridgeWith("forever.js", "while (true) {}\n");
    long before = collections();

    List<ScriptStatus> at = StartupHeap.settle(bridge, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofMillis(300))
        .get(1, TimeUnit.MINUTES).scripts();

    assertThat(at).extracting(ScriptStatus::state).containsExactly(ScriptStatus.State.LOADING);
    assertThat(collections()).isGreaterThan(before);
  }

  @Test
  void theHeapIsCollectedOnlyOnceTheFunctionsTheScriptsRegisterAfterLoadingStayUnchanged() throws Exception {
    // has loaded when its main returns, and registers a second function a little later, as a Python
    // script's main does after its top level has run
    Bridge bridge = bridgeWith("late.js", """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function early() { return 1; }).register(connection);
          setTimeout(() => iterm2.rpc(async function late() { return 2; }).register(connection), 300);
        });
        """);

    StartupHeap.Settled at = StartupHeap.settle(bridge, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofMinutes(2))
        .get(2, TimeUnit.MINUTES);

    assertThat(at.scripts()).extracting(ScriptStatus::state).containsExactly(ScriptStatus.State.RUNNING);
    assertThat(at.functions()).anySatisfy(f -> assertThat(f).startsWith("early"))
        .anySatisfy(f -> assertThat(f).startsWith("late"));
  }
}
