package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spare context a warmed-up runtime keeps for its next script ({@code SharedJs.Spare}): built on
 * a thread of its own with the prelude run, taken and bound by the script that starts next.
 */
class JavaScriptSpareContextTest {
  private static final String MADE_AHEAD = "(made ahead)";

  @TempDir Path temp;
  private JavaScriptRuntime runtime;
  private JsBench bench;

  @BeforeEach
  void open() throws Exception {
    runtime = new JavaScriptRuntime();
    bench = new JsBench(temp, runtime);
  }

  @AfterEach
  void close() {
    bench.close();
    runtime.close();
  }

  private void serve(String name, String body) throws Exception {
    bench.write(name, "iterm2.runForever(async connection => {\n" + body + "\n});\n");
  }

  private void awaitSpare() throws InterruptedException {
    JsBench.await(runtime::spareReady, () -> "a spare context", Duration.ofMinutes(1));
  }

  @Test
  void aScriptThatTakesTheSpareServesLogsAndImportsItsOwnFilesAndSeesNothingAnotherScriptLeft() throws Exception {
    bench.start();
    bench.warmUp();
    assertThat(runtime.spareReady()).isTrue();
    serve("first.js", """
          globalThis.left = 'by first';
          console.log('first speaks');
          await iterm2.rpc(async function first_left() { return typeof globalThis.left; }).register(connection);
        """);
    assertThat(bench.call("first_left()")).isEqualTo("string");
    awaitSpare(); // a new one, built once no script has started for a while

    bench.write("util.mjs", "export const twice = (x) => 2 * x;\n");
    bench.write("second.mjs", """
        import * as iterm2 from 'iterm2';
        import { twice } from './util.mjs';
        console.log('second speaks');
        console.error('second complains');
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function second_left(x) { return [typeof globalThis.left, twice(x)]; }).register(connection);
        });
        """);

    assertThat(bench.call("second_left(x: 21)")).isEqualTo(List.of("undefined", 42L));
    assertThat(bench.log("first.js")).contains(MADE_AHEAD, "first speaks").doesNotContain("second");
    assertThat(bench.log("second.mjs")).contains(MADE_AHEAD, "second speaks", "second complains").doesNotContain("first speaks");
  }

  @Test
  void twoScriptsSavedAtOnceBothServeOneInTheSpareTheOtherInAContextOfItsOwn() throws Exception {
    bench.start();
    bench.warmUp();
    serve("one.js", "await iterm2.rpc(async function one() { return 1; }).register(connection);");
    serve("two.js", "await iterm2.rpc(async function two() { return 2; }).register(connection);");

    assertThat(bench.call("one()")).isEqualTo(1L);
    assertThat(bench.call("two()")).isEqualTo(2L);
    assertThat(List.of(bench.log("one.js"), bench.log("two.js"))).filteredOn(log -> log.contains(MADE_AHEAD)).hasSize(1);
  }

  @Test
  void aScriptInASpareContextIsStoppedWhenItRunsAway() throws Exception {
    bench.start();
    bench.warmUp();
    serve("spin.js", """
          await iterm2.rpc(async function spin() { for (;;) {} }, {timeout: 0.5}).register(connection);
          await iterm2.rpc(async function alive() { return 'yes'; }).register(connection);
        """);
    assertThat(bench.call("alive()")).isEqualTo("yes");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bench.call("spin()")).hasMessageContaining("spin");
    assertThat(bench.call("alive()")).isEqualTo("yes");
    assertThat(bench.log("spin.js")).contains(MADE_AHEAD);
  }

  @Test
  void theSpareIsClosedWithTheRuntimeAndTheEngineClosesAfter() {
    Engine engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
    JavaScriptRuntime own = new JavaScriptRuntime();
    own.warmUp(engine);
    assertThat(own.spareReady()).isTrue();

    own.close();

    assertThat(own.spareReady()).isFalse();
    engine.close(); // no context of it is left open
  }

  @Test
  void noSpareIsKeptWhenTurnedOffAndScriptsBuildTheirOwnContexts() throws Exception {
    String before = System.getProperty("polybridge.js.spare");
    System.setProperty("polybridge.js.spare", "false");
    try {
      bench.start();
      bench.warmUp();
      assertThat(runtime.spareReady()).isFalse();
      serve("own.js", "await iterm2.rpc(async function own() { return 'own'; }).register(connection);");

      assertThat(bench.call("own()")).isEqualTo("own");
      assertThat(bench.log("own.js")).contains("JavaScript context ready in").doesNotContain(MADE_AHEAD);
    } finally {
      if (before == null) {
        System.clearProperty("polybridge.js.spare");
      } else {
        System.setProperty("polybridge.js.spare", before);
      }
    }
  }

  @Test
  void withoutAWarmUpNoSpareIsKept() throws Exception {
    bench.start();
    serve("plain.js", "await iterm2.rpc(async function plain() { return 'plain'; }).register(connection);");

    assertThat(bench.call("plain()")).isEqualTo("plain");
    assertThat(runtime.spareReady()).isFalse();
    assertThat(bench.log("plain.js")).doesNotContain(MADE_AHEAD);
  }
}
