package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns the engine of a bridge's scripts. With scripts in a language module, the language
 * modules' tests show the same end to end (lang-js {@code BridgeScriptEngineTest}).
 */
class BridgeEngineOwnershipTest {
  @TempDir Path temp;

  @Test
  void bridgeWithoutScriptsMakesNoEngine() {
    try (Bridge bridge = Bridge.newBuilder().scriptsFolder(temp).logFolder(temp.resolve("logs")).build()) {
      assertThat(bridge.scriptEngine().made()).isEmpty();
    }
  }

  @Test
  void closingTheBridgeClosesTheEngineItMade() {
    Bridge bridge = Bridge.newBuilder().build();
    Engine made = bridge.scriptEngine().get();

    bridge.close();

    assertThatThrownBy(() -> Context.newBuilder().engine(made).build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void engineGivenByTheEmbedderIsUsedAndOutlivesTheBridge() {
    try (Engine given = Engine.create()) {
      Bridge bridge = Bridge.newBuilder().engine(given).build();
      assertThat(bridge.scriptEngine().get()).isSameAs(given);

      bridge.close();

      assertThat(bridge.scriptEngine().made()).isEmpty();
      try (Context context = Context.newBuilder().engine(given).build()) {
        assertThat(context.getEngine()).isSameAs(given);
      }
    }
  }
}
