package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.ApiClient;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.testkit.TestEngine;

/** Contexts bootstrapped ahead of their scripts: what a script that takes one gets, and their lifecycle. */
class WarmContextTest {
  @TempDir Path folder;

  private static String daemon(String name, String body) {
    return "import iterm2\n\nasync def main(connection):\n    @iterm2.RPC\n    async def " + name + "(x):\n"
        + body.indent(8) + "    await " + name + ".async_register(connection)\n\niterm2.run_forever(main)\n";
  }

  @Test
  void theNextScriptStartsOnAWarmContextWithItsOwnFolderAndLog() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture first = new ScriptFixture(runtime, Files.createDirectories(folder.resolve("first")));
        ScriptFixture next = new ScriptFixture(runtime, Files.createDirectories(folder.resolve("next")))) {
      first.startSource("first.py", "print('first prints')\n" + daemon("one", "return x"));
      first.awaitFunction("one");
      assertThat(first.log.lines).noneMatch(line -> line.contains("(warm context)"));

      Files.writeString(folder.resolve("next/helper.py"), "def triple(x):\n    return 3 * x\n");
      next.startSource("next.py", "import helper\nprint('next prints')\n" + daemon("three", "return helper.triple(x)"));
      next.awaitFunction("three");

      assertThat(next.log.lines).anyMatch(line -> line.matches("Python ready in \\d+ ms \\(warm context\\)"));
      assertThat(runtime.shared().warmContextsMade()).isGreaterThanOrEqualTo(1);
      assertThat(next.invoke("three(x: 14)")).isEqualTo(42L);
      assertThat(next.log.lines).contains("next prints").doesNotContain("first prints");
      assertThat(first.log.lines).contains("first prints").doesNotContain("next prints");
    } finally {
      runtime.close();
    }
    assertThat(runtime.shared().warmContextsHeld()).isZero();
  }

  @Test
  void aScriptStoppedBeforeItLoadedClosesItsWarmContextAndTheWarmUpGoesOn() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("first.py", daemon("one", "return x"));
      fixture.awaitFunction("one");
      awaitAtLeast(1, () -> runtime.shared().warmContextsMade());

      fixture.startSource("stopped.py", daemon("never", "return x")).stop();

      // The stopped script's start is over: the warm-up builds the next context, which a script takes.
      awaitAtLeast(2, () -> runtime.shared().warmContextsMade());
      fixture.startSource("later.py", daemon("later", "return x"));
      fixture.awaitFunction("later");
      assertThat(fixture.log.lines).filteredOn(line -> line.contains("(warm context)")).hasSize(1);
      assertThat(fixture.bridge.server().registry().named("never")).isEmpty();
    } finally {
      runtime.close();
    }
  }

  @Test
  void aFirstScriptStoppedWithItsThreadBeforeItLoadedHoldsUpNoOtherScript() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      // As the loader stops a script: stop() then its thread goes, here before its load task ran.
      Path first = Files.writeString(folder.resolve("first.py"), daemon("one", "return x"));
      ScriptEventLoop loop = new ScriptEventLoop("first.py");
      CountDownLatch busy = new CountDownLatch(1);
      loop.execute(() -> {
        try {
          busy.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Script script = runtime.start(new ScriptEnvironment("first.py", first, folder,
          new ApiClient(fixture.bridge.connect("first.py"), loop), loop, fixture.log, TestEngine.shared()));
      script.stop();
      loop.close();

      fixture.startSource("second.py", daemon("two", "return x"));

      fixture.awaitFunction("two");
      assertThat(fixture.bridge.server().registry().named("one")).isEmpty();
    } finally {
      runtime.close();
    }
  }

  @Test
  void closingTheRuntimeWhileAContextIsBeingWarmedClosesItWithoutHanging() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("first.py", daemon("one", "return x"));
      fixture.awaitFunction("one");
      awaitAtLeast(1, () -> runtime.shared().warmContextsMade());
      // A bootstrap takes about a second: it is (almost always) still running now.
      assertThat(runtime.shared().warmContextsHeld()).isEqualTo(1);

      assertTimeoutPreemptively(Duration.ofSeconds(10), runtime::close);

      assertThat(runtime.shared().warmContextsHeld()).isZero();
    }
  }

  @Test
  void noContextIsWarmedWhenThePropertyIsZero() throws Exception {
    PythonRuntime runtime;
    System.setProperty("polybridge.python.warmContexts", "0");
    try {
      runtime = new PythonRuntime();
    } finally {
      System.clearProperty("polybridge.python.warmContexts");
    }
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("first.py", daemon("one", "return x"));
      fixture.awaitFunction("one");
      Script second = fixture.startSource("second.py", daemon("two", "return x"));
      fixture.awaitFunction("two");

      assertThat(second.loaded()).isDone();
      assertThat(runtime.shared().warmContextsMade()).isZero();
      assertThat(fixture.log.lines).noneMatch(line -> line.contains("(warm context)"));
    } finally {
      runtime.close();
    }
  }

  private static void awaitAtLeast(int count, IntSupplier value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (value.getAsInt() < count) {
      assertThat(System.nanoTime()).as("reached %d", count).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
