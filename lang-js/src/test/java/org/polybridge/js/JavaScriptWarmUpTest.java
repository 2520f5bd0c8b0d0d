package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;

class JavaScriptWarmUpTest {
  private static Engine newEngine() {
    return Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
  }

  @Test
  void aWarmUpLeavesThePreludesCodeInTheEngineForTheFirstScript() {
    try (Engine engine = newEngine(); JavaScriptRuntime runtime = new JavaScriptRuntime()) {
      assertThat(engine.getCachedSources()).extracting(Source::getName).doesNotContain("iterm2.js");

      runtime.warmUp(engine);

      assertThat(engine.getCachedSources()).extracting(Source::getName).contains("iterm2.js");
    }
  }

  @Test
  void closingTheRuntimeCutsAWarmUpShortAndLeavesTheEngineClosable() throws Exception {
    try (Engine engine = newEngine()) {
      JavaScriptRuntime runtime = new JavaScriptRuntime();
      CompletableFuture<Void> warming = CompletableFuture.runAsync(() -> runtime.warmUp(engine));

      runtime.close();

      // cut short (a cancelled context) or done before the close: either way it ends, and at once
      warming.handle((ok, failure) -> null).get(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS);
    }
  }
}
