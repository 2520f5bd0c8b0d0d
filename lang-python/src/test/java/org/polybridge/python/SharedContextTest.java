package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.ScriptException;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.script.Script;
import org.polybridge.testkit.Eventually;

/**
 * Scripts of one runtime share a GraalPy context: what each keeps of its own (namespace, modules,
 * {@code iterm2}, output, state), and how a runaway is contained.
 */
class SharedContextTest {
  @TempDir Path folder;

  private static String daemon(String name, String body) {
    return "import iterm2\n\nasync def main(connection):\n    @iterm2.RPC\n    async def " + name + "(x):\n"
        + body.indent(8) + "    await " + name + ".async_register(connection)\n\niterm2.run_forever(main)\n";
  }

  /** A script whose {@code spin()} prints "spinning" and then computes for ever. */
  private static String spinning(int timeoutSeconds) {
    return "import iterm2\n\nasync def main(connection):\n    @iterm2.RPC(timeout=" + timeoutSeconds + ")\n    async def spin():\n"
        + "        print(\"spinning\")\n        while True:\n            pass\n    await spin.async_register(connection)\n\n"
        + "iterm2.run_forever(main)\n";
  }

  @Test
  void scriptsShareOneContextYetKeepTheirOwnGlobalsModulesAndLogs() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture first = new ScriptFixture(runtime, Files.createDirectories(folder.resolve("first")));
        ScriptFixture second = new ScriptFixture(runtime, Files.createDirectories(folder.resolve("second")))) {
      Files.writeString(folder.resolve("first/helper.py"), "def scale(x):\n    return 2 * x\n");
      Files.writeString(folder.resolve("second/helper.py"), "def scale(x):\n    return 3 * x\n");
      first.startSource("main.py", "import helper\nfactor = 'first'\nprint('first prints')\n"
          + daemon("double", "return [factor, helper.scale(x)]"));
      second.startSource("main.py", "from helper import scale\nfactor = 'second'\nprint('second prints')\n"
          + daemon("triple", "return [factor, scale(x)]"));
      first.awaitFunction("double");
      second.awaitFunction("triple");

      assertThat(first.invoke("double(x: 7)")).isEqualTo(java.util.List.of("first", 14L));
      assertThat(second.invoke("triple(x: 7)")).isEqualTo(java.util.List.of("second", 21L));
      assertThat(runtime.shared().sharedContextsMade()).isEqualTo(1);
      assertThat(first.log.lines).anyMatch(line -> line.matches("Python ready in \\d+ ms \\(shared context\\)"))
          .contains("first prints").doesNotContain("second prints");
      assertThat(second.log.lines).contains("second prints").doesNotContain("first prints");
    } finally {
      runtime.close();
    }
  }

  @Test
  void iterm2ImportsWhatFewScriptsUseOnlyWhenAScriptFirstAsksForIt() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("keys.py", "import sys\nbefore = 'iterm2.keyboard' in sys.modules\n" + daemon("keys", """
          from iterm2.keyboard import Modifier
          import iterm2.prompt
          star = {}
          exec("from iterm2 import *", star)
          return [before, iterm2.Keycode.ANSI_A.name, Modifier is iterm2.Modifier, "Keycode" in dir(iterm2),
                  "KeystrokeMonitor" in star, iterm2.prompt.PromptState is iterm2.PromptState, "iterm2.keyboard" in sys.modules]
          """));
      fixture.awaitFunction("keys");

      assertThat(fixture.invoke("keys(x: 0)")).isEqualTo(List.of(false, "ANSI_A", true, true, true, true, true));
    } finally {
      runtime.close();
    }
  }

  @Test
  void aScriptStartedAgainSeesItsEditedModulesAndNothingOfItsLastRun() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      Files.writeString(folder.resolve("helper.py"), "VERSION = 1\n");
      String source = "import helper\nruns = globals().get('runs', 0) + 1\n" + daemon("version", "return [helper.VERSION, runs]");
      Script first = fixture.startSource("reloaded.py", source);
      fixture.awaitFunction("version");
      assertThat(fixture.invoke("version(x: 0)")).isEqualTo(java.util.List.of(1L, 1L));

      first.stop();
      first.completion().get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!ApiServer.of(fixture.bridge).registry().named("version").isEmpty()) {
        assertThat(System.nanoTime()).as("version unregistered").isLessThan(deadline);
        Thread.sleep(10);
      }
      // Another size as well: .pyc files are checked by the source's mtime (seconds) and size.
      Files.writeString(folder.resolve("helper.py"), "VERSION = 20\n");
      fixture.startSource("reloaded.py", source);
      fixture.awaitFunction("version");

      assertThat(fixture.invoke("version(x: 0)")).isEqualTo(java.util.List.of(20L, 1L));
      assertThat(runtime.shared().sharedContextsMade()).isEqualTo(1);
    } finally {
      runtime.close();
    }
  }

  @Test
  void oneScriptTamperingWithSysModulesLeavesTheOthersIterm2Working() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("vandal.py", "import sys, iterm2\n"
          + "for name in [n for n in sys.modules if n == 'iterm2' or n.startswith('iterm2.')]:\n"
          + "    del sys.modules[name]\n"
          + "sys.modules['iterm2'] = None\n"
          + daemon("vandal", "return x"));
      fixture.awaitFunction("vandal");
      fixture.startSource("later.py", daemon("later", "return x + 1"));
      fixture.awaitFunction("later");

      assertThat(fixture.invoke("later(x: 1)")).isEqualTo(2L);
      assertThat(fixture.invoke("vandal(x: 5)")).isEqualTo(5L);
    } finally {
      runtime.close();
    }
  }

  @Test
  void aRunawayIsStoppedAndStartsAgainIsolatedWhileTheOthersKeepTheirStateAndFunctions() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("counter.py", "count = 0\n" + daemon("count_up", "global count\ncount += x\nreturn count"));
      Script runaway = fixture.startSource("runaway.py", spinning(1));
      fixture.awaitFunction("count_up");
      fixture.awaitFunction("spin");
      assertThat(fixture.invoke("count_up(x: 2)")).isEqualTo(2L);

      // The caller hears of the timeout, or of the script's end that the interrupt brought, which
      // names it: whichever comes first.
      assertThatThrownBy(() -> fixture.invoke("spin()")).hasMessageMatching("(?s).*(Timeout|ran past (its|a function's) timeout).*");

      Throwable failure = failureOf(runaway);
      assertThat(failure).isInstanceOf(ScriptException.class)
          .hasMessageContaining("ran past a function's timeout in the shared Python context");
      assertThat(fixture.log.toString()).contains("the script starts again in a Python context of its own");
      assertThat(fixture.invoke("count_up(x: 3)")).isEqualTo(5L);

      // Started again (as the loader would), it runs in a context of its own.
      Script again = fixture.startSource("runaway.py", Files.readString(folder.resolve("runaway.py")));
      fixture.awaitFunction("spin");
      assertThat(fixture.log.lines).anyMatch(line -> line.matches("Python ready in \\d+ ms \\(a context of its own\\)"));
      assertThat(again.completion()).isNotDone();
      assertThat(fixture.invoke("count_up(x: 1)")).isEqualTo(6L);
    } finally {
      runtime.close();
    }
  }

  /**
   * The wedge of a full run: a script stopped while it computes is interrupted (after the stop's
   * grace) while another loads and a third is called, their threads waiting for GraalPy's lock on
   * their way in. An interrupt that lands on such a thread leaves it owning the lock for good (the
   * loading script's thread then ended with it), and every Python script waited for ever.
   */
  @Test
  void aScriptStoppedWhileComputingAsAnotherLoadsAndAThirdIsCalledLeavesTheSharedContextServing() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      PythonRuntime runtime = new PythonRuntime();
      try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
        fixture.startSource("counter.py", "count = 0\n" + daemon("count_up", "global count\ncount += x\nreturn count"));
        Script spinner = fixture.startSource("spinner.py", spinning(60));
        fixture.awaitFunction("count_up");
        fixture.awaitFunction("spin");
        CompletableFuture<Object> spinning = fixture.bridge.invoke("spin()");
        awaitLine(fixture, "spinning");

        // The third script is called all along: its thread keeps coming in while the other two wait.
        AtomicBoolean calling = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicLong answered = new AtomicLong();
        Thread caller = Thread.ofPlatform().name("counter-caller").start(() -> {
          while (calling.get()) {
            try {
              fixture.invoke("count_up(x: 1)");
              answered.incrementAndGet();
            } catch (Exception e) {
              failures.add(e);
              return;
            }
          }
        });
        spinner.stop();
        fixture.startSource("late.py", daemon("late", "return x + 1"));

        assertThatThrownBy(() -> spinning.get(30, TimeUnit.SECONDS)).hasMessageContaining("the script was stopped");
        awaitLine(fixture, "ERROR still running 2000 ms after it was stopped: interrupting it");
        fixture.awaitFunction("late");
        assertThat(fixture.invoke("late(x: 1)")).isEqualTo(2L);
        long before = answered.get();
        Eventually.until(Duration.ofSeconds(30), "count_up answered after the interrupt", () -> answered.get() > before + 2);
        calling.set(false);
        caller.join();
        // The interrupt waited for the counter's entries to end: none of its calls was cut.
        assertThat(failures).isEmpty();
        assertThat(fixture.log.lines).noneMatch(line -> line.contains("did not stop within"));
      } finally {
        runtime.close();
      }
    });
  }

  /**
   * A call of another script while one runs away in the shared context waits for the runaway's
   * entry to end (one thread inside at a time) and is not cut by its interrupt: it answers.
   */
  @Test
  void aCallOfAnotherScriptWaitsOutARunawayAndIsNotCutByItsInterrupt() {
    assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
      PythonRuntime runtime = new PythonRuntime();
      try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
        fixture.startSource("runaway.py", spinning(1));
        fixture.startSource("busy.py", daemon("compute", "return x * 2"));
        fixture.awaitFunction("spin");
        fixture.awaitFunction("compute");

        CompletableFuture<Object> spinning = fixture.bridge.invoke("spin()");
        awaitLine(fixture, "spinning");
        CompletableFuture<Object> computing = fixture.bridge.invoke("compute(x: 21)", InvocationContext.app(), Duration.ofSeconds(60));

        assertThat(computing.get(30, TimeUnit.SECONDS)).isEqualTo(42L);
        assertThatThrownBy(() -> spinning.get(30, TimeUnit.SECONDS)).hasMessageMatching("(?s).*(Timeout|was interrupted: it ran past its timeout).*");
        assertThat(fixture.log.lines).noneMatch(line -> line.contains("what this script was running was interrupted"));
        assertThat(fixture.invoke("compute(x: 1)")).isEqualTo(2L);
      } finally {
        runtime.close();
      }
    });
  }

  private static void awaitLine(ScriptFixture fixture, String line) throws InterruptedException {
    Eventually.until(Duration.ofSeconds(60), "log line " + line, () -> fixture.log.lines.contains(line));
  }

  @Test
  void aScriptThatAsksForItRunsInAContextOfItsOwn() throws Exception {
    PythonRuntime runtime = new PythonRuntime();
    try (ScriptFixture fixture = new ScriptFixture(runtime, folder)) {
      fixture.startSource("alone.py", "#!/usr/bin/env python3\n# polybridge: isolated\n" + daemon("alone", "return x"));
      fixture.awaitFunction("alone");

      assertThat(fixture.invoke("alone(x: 9)")).isEqualTo(9L);
      assertThat(fixture.log.lines).anyMatch(line -> line.matches("Python ready in \\d+ ms \\(a context of its own\\)"));
      assertThat(runtime.shared().sharedContextsMade()).isZero();
    } finally {
      runtime.close();
    }
  }

  private static Throwable failureOf(Script script) throws Exception {
    try {
      script.completion().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the script completed normally");
  }
}
