package org.polybridge.internal.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

/** The engine of a bridge's scripts: made once on first use and closed with the bridge, or given and left open. */
class BridgeEngineTest {
  @Test
  void engineIsMadeOnFirstUseOnlyAndThenServesEveryCaller() {
    try (BridgeEngine engines = BridgeEngine.madeOnFirstUse()) {
      assertThat(engines.made()).isEmpty();

      Engine first = engines.get();

      assertThat(engines.get()).isSameAs(first);
      assertThat(engines.made()).containsSame(first);
    }
  }

  @Test
  void closingClosesTheEngineItMade() {
    BridgeEngine engines = BridgeEngine.madeOnFirstUse();
    Engine engine = engines.get();

    engines.close();

    assertThatThrownBy(() -> Context.newBuilder().engine(engine).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(engines::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void givenEngineIsServedAndLeftOpen() {
    try (Engine given = Engine.create()) {
      BridgeEngine engines = BridgeEngine.given(given);

      assertThat(engines.get()).isSameAs(given);
      engines.close();

      assertThat(engines.made()).isEmpty();
      try (Context context = Context.newBuilder().engine(given).build()) {
        assertThat(context.getEngine()).isSameAs(given);
      }
    }
  }
}
