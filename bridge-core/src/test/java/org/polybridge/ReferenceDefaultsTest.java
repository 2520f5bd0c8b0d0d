package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.testkit.RecordingSessionIo;

class ReferenceDefaultsTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Session session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());

  @AfterEach
  void close() {
    bridge.close();
  }

  private Object invokeInSession(String invocation) throws Exception {
    return bridge.invoke(invocation, InvocationContext.session(session.id()), null).get(5, TimeUnit.SECONDS);
  }

  @Test
  void referenceIsFilledFromTheCallSiteSession() throws Exception {
    bridge.register(new RpcDefinition("whoami", List.of("session_id"), Map.of("session_id", "id"), null),
        a -> a.get("session_id"));

    assertThat(invokeInSession("whoami()")).isEqualTo(session.id());
  }

  @Test
  void explicitArgumentWinsOverTheReference() throws Exception {
    bridge.register(new RpcDefinition("whoami", List.of("session_id"), Map.of("session_id", "id"), null),
        a -> a.get("session_id"));

    assertThat(invokeInSession("whoami(session_id: \"given\")")).isEqualTo("given");
  }

  @Test
  void unsetRequiredReferenceMeansTheFunctionDoesNotMatch() {
    bridge.register(new RpcDefinition("greet", List.of("who"), Map.of("who", "user.name"), null), a -> "hi " + a.get("who"));

    assertThatThrownBy(() -> invokeInSession("greet()"))
        .hasMessageContaining("No function registered for invocation greet()")
        .hasMessageContaining("'user.name', which is unset");
  }

  @Test
  void unsetOptionalReferencePassesNull() throws Exception {
    bridge.register(new RpcDefinition("greet", List.of("who"), Map.of("who", "user.name?"), null),
        a -> "hi " + a.get("who"));

    assertThat(invokeInSession("greet()")).isEqualTo("hi null");
    session.variables().set("user.name", "Ann");
    assertThat(invokeInSession("greet()")).isEqualTo("hi Ann");
  }

  @Test
  void referenceReachesOtherContextsThroughReferenceVariables() throws Exception {
    bridge.register(new RpcDefinition("tabOf", List.of("t"), Map.of("t", "tab.id"), null), a -> a.get("t"));

    assertThat(invokeInSession("tabOf()")).isEqualTo(session.tab().id());
  }

  @Test
  void plainArgumentsWithoutReferenceStayRequired() {
    bridge.register(RpcDefinition.of("need", "x"), a -> a.get("x"));

    assertThatThrownBy(() -> invokeInSession("need()")).hasMessageContaining("need(x) needs argument 'x'");
  }
}
