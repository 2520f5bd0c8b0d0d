package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.script.Repl;
import org.polybridge.script.Repl.Outcome;
import org.polybridge.script.Repl.Outcome.Status;
import org.polybridge.testkit.Eventually;

/** The JavaScript REPL's guest side, opened as the daemon opens it (the bridge's script runtimes), without a terminal. */
class JavaScriptReplTest {
  @TempDir Path temp;
  private Bridge bridge;
  private Repl repl;
  private final StringBuffer output = new StringBuffer();

  @BeforeEach
  void open() {
    bridge = Bridge.newBuilder().scriptsFolder(temp.resolve("AutoLaunch")).logFolder(temp.resolve("logs")).build();
    repl = ApiServer.of(bridge).repls().open("javascript", temp, (text, error) -> output.append(error ? "ERR " : "").append(text));
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private Outcome evaluate(String input) throws Exception {
    return repl.evaluate(input).get(60, TimeUnit.SECONDS);
  }

  private String printed() {
    String text = output.toString();
    output.setLength(0);
    return text;
  }

  @Test
  void echoesValuesAsNodeDoesAndGoesOnWhileTheInputIsIncomplete() throws Exception {
    assertThat(evaluate("1 + 1")).isEqualTo(Outcome.done());
    assertThat(evaluate("function double(x) {")).isEqualTo(Outcome.more());
    assertThat(evaluate("function double(x) {\n  return 2 * x;\n}")).isEqualTo(Outcome.done());
    assertThat(evaluate("[double(1), 'two', {a: null, 'b-c': [3]}, undefined]")).isEqualTo(Outcome.done());
    assertThat(evaluate("console.log('printed', 42)")).isEqualTo(Outcome.done());
    assertThat(printed()).isEqualTo("2\nundefined\n[ 2, 'two', { a: null, 'b-c': [ 3 ] }, undefined ]\nprinted 42\nundefined\n");
  }

  @Test
  void awaitsAtTopLevelKeepingWhatItDeclares() throws Exception {
    assertThat(evaluate("await new Promise(ok => setTimeout(() => ok('later'), 10))")).isEqualTo(Outcome.done());
    assertThat(evaluate("const answer = await Promise.resolve(42)\nasync function twice(x) { return 2 * await x; }")).isEqualTo(Outcome.done());
    assertThat(evaluate("await twice(answer)")).isEqualTo(Outcome.done());
    assertThat(printed()).isEqualTo("'later'\nundefined\n84\n");
  }

  @Test
  void aFunctionItRegistersServesCallersAndGoesWhenItStops() throws Exception {
    assertThat(evaluate("await iterm2.rpc(async function repl_mul(a, b) { console.log('called', a, b); return a * b; }).register(connection)"))
        .isEqualTo(Outcome.done());
    CompletableFuture<Outcome> dispatching = repl.evaluate("await connection.dispatchForDuration(0.5)");
    assertThat(bridge.invoke("repl_mul(a: 6, b: 7)").get(30, TimeUnit.SECONDS)).isEqualTo(42L);
    assertThat(dispatching.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.done());
    assertThat(printed()).contains("called 6 7\n");
    repl.stop();
    Eventually.until("the REPL's function is gone", () -> ApiServer.of(bridge).registry().named("repl_mul").isEmpty());
  }

  @Test
  void aFailureAnswersWithItsStackAndAnInterruptStopsARunawayLoop() throws Exception {
    Outcome thrown = evaluate("function boom() { return null.x; }\nboom()");
    assertThat(thrown.status()).isEqualTo(Status.FAILED);
    assertThat(thrown.error()).startsWith("TypeError: Cannot read property 'x' of null\n").contains("at boom (<repl>:1");
    Outcome rejected = evaluate("await Promise.reject(new RangeError('no'))");
    assertThat(rejected.error()).startsWith("RangeError: no");
    assertThat(evaluate("1 +* 2").error()).startsWith("SyntaxError: <repl>:1:3 Expected an operand but found *");

    CompletableFuture<Outcome> spinning = repl.evaluate("console.log('spinning'); for (;;) {}");
    Eventually.until("it spins", () -> output.toString().contains("spinning"));
    repl.interrupt();
    assertThat(spinning.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.failed("Interrupted\n"));
    printed();
    assertThat(evaluate("'still here'")).isEqualTo(Outcome.done());
    assertThat(printed()).isEqualTo("'still here'\n");
  }
}
