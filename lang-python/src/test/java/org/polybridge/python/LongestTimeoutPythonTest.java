package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Python function registered "for ever" is served, and held to the bridge's longest timeout (24 h). */
class LongestTimeoutPythonTest extends ScriptFixtureTest {
  @Test
  void aFunctionRegisteredForEverIsServedAndListedAtTheLongestTimeout() throws Exception {
    fixture.startSource("patient.py", """
        import iterm2

        async def main(connection):
            @iterm2.RPC(timeout=float("inf"))
            async def patient():
                return "done"
            await patient.async_register(connection)

            @iterm2.RPC
            async def huge():
                return "done"
            await huge.async_register(connection, timeout=1e300)

        iterm2.run_forever(main)
        """);
    fixture.awaitFunction("patient");
    fixture.awaitFunction("huge");

    assertThat(fixture.invoke("[patient(), huge()]")).isEqualTo(List.of("done", "done"));
    assertThat(((List<?>) fixture.invoke("iterm2.functions()")).stream().map(f -> (Object) ((Map<?, ?>) f).get("timeout")).toList())
        .containsExactly(86400.0, 86400.0);
  }
}
