package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.script.Repl;
import org.polybridge.script.Repl.Outcome;
import org.polybridge.script.Repl.Outcome.Status;
import org.polybridge.testkit.Eventually;

/**
 * The Python REPL's guest side, without a terminal: inputs evaluated as Python's REPL does, in the
 * shared context, with the {@code iterm2} API of a script.
 */
class PythonReplTest {
  /** One shared context for the class: each test's REPL is a further script in it. */
  private static final PythonRuntime RUNTIME = new PythonRuntime();

  @TempDir Path folder;
  private final StringBuffer output = new StringBuffer();

  @AfterAll
  static void closeRuntime() {
    RUNTIME.close();
  }

  private Outcome evaluate(Repl repl, String input) throws Exception {
    // The first input waits for the shared context: seconds, many more on a loaded machine.
    return repl.evaluate(input).get(120, TimeUnit.SECONDS);
  }

  private String printed() {
    String text = output.toString();
    output.setLength(0);
    return text;
  }

  @Test
  void echoesValuesGoesOnWithBlocksAndBracketsAndAwaitsAtTopLevel() throws Exception {
    try (ScriptFixture fixture = new ScriptFixture(RUNTIME, folder)) {
      Repl repl = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(repl, "1 + 1")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("2\n");
      assertThat(evaluate(repl, "def double(x):")).isEqualTo(Outcome.more());
      assertThat(evaluate(repl, "def double(x):\n    return 2 * x")).isEqualTo(Outcome.more());
      assertThat(evaluate(repl, "def double(x):\n    return 2 * x\n")).isEqualTo(Outcome.done());
      assertThat(evaluate(repl, "values = (double(1),")).isEqualTo(Outcome.more());
      assertThat(evaluate(repl, "values = (double(1),\ndouble(2))")).isEqualTo(Outcome.done());
      assertThat(evaluate(repl, "values")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("(2, 4)\n");
      assertThat(evaluate(repl, "slept = await asyncio.sleep(0.01, 'slept')")).isEqualTo(Outcome.done());
      assertThat(evaluate(repl, "print(slept, _)\nNone")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("slept (2, 4)\n");
    }
  }

  @Test
  void aFunctionItRegistersServesCallersWhileItDispatchesAndGoesWhenItStops() throws Exception {
    try (ScriptFixture fixture = new ScriptFixture(RUNTIME, folder)) {
      Repl repl = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(repl, "@iterm2.RPC\nasync def repl_add(a, b):\n    print('called with', a, b)\n    return a + b\n"))
          .isEqualTo(Outcome.done());
      assertThat(evaluate(repl, "await repl_add.async_register(connection)")).isEqualTo(Outcome.done());

      CompletableFuture<Outcome> dispatching = repl.evaluate("await connection.async_dispatch_for_duration(1)");
      assertThat(fixture.invoke("repl_add(a: 1, b: 2)")).isEqualTo(3L);
      assertThat(dispatching.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("called with 1 2\n");

      repl.stop();
      assertThat(repl.completion()).isDone();
      Eventually.until("the REPL's function is gone", () -> ApiServer.of(fixture.bridge).registry().named("repl_add").isEmpty());
    }
  }

  @Test
  void aFailureAnswersWithItsTracebackAndTheReplGoesOn() throws Exception {
    try (ScriptFixture fixture = new ScriptFixture(RUNTIME, folder)) {
      Repl repl = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(repl, "def inverse(x):\n    return 1 / x\n")).isEqualTo(Outcome.done());
      assertThat(evaluate(repl, "inverse(0)")).isEqualTo(Outcome.failed("""
          Traceback (most recent call last):
            File "<stdin>", line 1, in <module>
            File "<stdin>", line 2, in inverse
          ZeroDivisionError: division by zero
          """));
      assertThat(evaluate(repl, "await asyncio.sleep(0, inverse(0))").error())
          .startsWith("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>")
          .endsWith("ZeroDivisionError: division by zero\n");
      assertThat(evaluate(repl, "1 +* 2")).satisfies(o -> {
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.error()).contains("SyntaxError: invalid syntax");
      });
      assertThat(evaluate(repl, "inverse(4)")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("0.25\n");
    }
  }

  @Test
  void anInterruptCancelsWhatItAwaitsAndStopsWhatComputesAndTheReplGoesOn() throws Exception {
    try (ScriptFixture fixture = new ScriptFixture(RUNTIME, folder)) {
      Repl repl = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(repl, "started = 0")).isEqualTo(Outcome.done());

      CompletableFuture<Outcome> sleeping = repl.evaluate("print('sleeping')\nawait asyncio.sleep(600)");
      Eventually.until("it sleeps", () -> output.toString().contains("sleeping"));
      repl.interrupt();
      assertThat(sleeping.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.failed("KeyboardInterrupt\n"));

      CompletableFuture<Outcome> spinning = repl.evaluate("while True:\n    started += 1\n    if started == 1000:\n        print('spinning')\n");
      Eventually.until("it spins", () -> output.toString().contains("spinning"));
      repl.interrupt();
      assertThat(spinning.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.failed("KeyboardInterrupt\n"));
      printed();
      assertThat(evaluate(repl, "started >= 1000")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("True\n");
    }
  }

  @Test
  void exitEndsTheReplAndLeavesTheSharedStdinOpen() throws Exception {
    try (ScriptFixture fixture = new ScriptFixture(RUNTIME, folder)) {
      Repl repl = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(repl, "import sys\nexit")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("Use exit() or Ctrl-D (i.e. EOF) to exit\n");
      assertThat(evaluate(repl, "exit()")).isEqualTo(Outcome.exit());
      repl.completion().get(10, TimeUnit.SECONDS);
      Repl next = fixture.startRepl((text, error) -> output.append(text));
      assertThat(evaluate(next, "sys.stdin.closed")).isEqualTo(Outcome.failed(
          "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'sys' is not defined\n"));
      assertThat(evaluate(next, "import sys; sys.stdin.closed")).isEqualTo(Outcome.done());
      assertThat(printed()).isEqualTo("False\n");
    }
  }
}
