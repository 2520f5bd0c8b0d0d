package org.polybridge.js.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

class JsHostTest {
  private static final Object OK = "ok";
  private static final Object FAIL = "fail";

  @Test
  void aHostNoScriptHasTakenRefusesARegistrationThroughItsFailCallback() {
    SharedJs shared = new SharedJs();
    try (Engine engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
        Context context = shared.newContext(engine, java.nio.file.Path.of("."), java.io.OutputStream.nullOutputStream(),
            java.io.OutputStream.nullOutputStream())) {
      context.eval(shared.prelude()).execute(new JsHost(null, null));

      context.eval("js", """
          globalThis.outcome = 'pending';
          iterm2.rpc(async function f(x) { return x; }).register({})
            .then(() => { globalThis.outcome = 'registered'; }, (e) => { globalThis.outcome = e.message; });
          """);

      // the microtasks ran as the eval returned
      assertThat(context.eval("js", "globalThis.outcome").asString()).contains("no connection");
    } finally {
      shared.close();
    }
  }

  @Test
  void valuesThatReachJavaScriptAsTheirJsonWouldArePlainAndNoOthers() {
    for (Object plain : Arrays.asList(null, "", "x", true, 0L, 1L << 53, -(1L << 53), 2.5, -0.0, Double.MAX_VALUE)) {
      assertThat(JsHost.plain(plain)).as(String.valueOf(plain)).isTrue();
    }
    for (Object other : List.of((1L << 53) + 1, -(1L << 53) - 1, Long.MIN_VALUE, Long.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, List.of(1L), Map.of("k", 1L), 1)) {
      assertThat(JsHost.plain(other)).as(other + " of " + other.getClass()).isFalse();
    }
  }

  @Test
  void upToFourPlainValuesGoAsTheyAreInTheOrderOfTheParameters() {
    Map<String, Object> arguments = new HashMap<>();
    arguments.put("b", null);
    arguments.put("a", 1L);

    assertThat(JsHost.handlerArguments(List.of("a", "b"), arguments, OK, FAIL)).containsExactly(null, OK, FAIL, 1L, null);
    assertThat(JsHost.handlerArguments(List.of(), Map.of(), OK, FAIL)).containsExactly(null, OK, FAIL);
  }

  @Test
  void fiveValuesOrOneThatIsNotPlainGoAsOneJsonArray() {
    assertThat(JsHost.handlerArguments(List.of("a", "b"), Map.of("a", 1L, "b", List.of(2L)), OK, FAIL))
        .containsExactly("[1,[2]]", OK, FAIL);
    assertThat(JsHost.handlerArguments(List.of("a", "b", "c", "d", "e"),
        Map.of("a", 1L, "b", 2L, "c", 3L, "d", 4L, "e", 5L), OK, FAIL))
        .containsExactly("[1,2,3,4,5]", OK, FAIL);
  }
}
