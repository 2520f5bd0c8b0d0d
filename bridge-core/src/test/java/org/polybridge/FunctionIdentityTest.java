package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;

class FunctionIdentityTest {
  private final Bridge bridge = Bridge.newBuilder().build();

  @AfterEach
  void close() {
    bridge.close();
  }

  private ApiClient client(String name) {
    return new ApiClient(bridge.connect(name), Executors.newVirtualThreadPerTaskExecutor());
  }

  @Test
  void argumentOrderDoesNotMakeAnotherFunction() {
    bridge.register(RpcDefinition.of("f", "a", "b"), a -> "first");

    assertThatThrownBy(() -> bridge.register(RpcDefinition.of("f", "b", "a"), a -> "second"))
        .isInstanceOf(BridgeException.class)
        .hasMessageContaining("f(a,b)");
  }

  @Test
  void anotherArgumentSetIsAnotherFunction() throws Exception {
    bridge.register(RpcDefinition.of("f", "a"), a -> "one");
    bridge.register(RpcDefinition.of("f", "a", "b"), a -> "two");

    assertThat(bridge.invoke("f(a: 1)").get(5, TimeUnit.SECONDS)).isEqualTo("one");
    assertThat(bridge.invoke("f(b: 2, a: 1)").get(5, TimeUnit.SECONDS)).isEqualTo("two");
  }

  @Test
  void firstRegistrationWinsAcrossConnections() throws Exception {
    ApiClient first = client("first");
    ApiClient second = client("second");
    first.register(RpcDefinition.of("g", "x"), a -> CompletableFuture.completedFuture("mine")).get(5, TimeUnit.SECONDS);

    assertThatThrownBy(() -> second.register(RpcDefinition.of("g", "x"), a -> CompletableFuture.completedFuture("theirs"))
            .get(5, TimeUnit.SECONDS))
        .hasMessageContaining("g(x) is already registered")
        .hasMessageContaining("DUPLICATE_SERVER_ORIGINATED_RPC");
    assertThat(bridge.invoke("g(x: 0)").get(5, TimeUnit.SECONDS)).isEqualTo("mine");
  }

  @Test
  void aLaterFunctionWithFewerArgumentsDoesNotTakeTheCallsOfAnEarlierOne() throws Exception {
    org.polybridge.host.Session session = org.polybridge.testkit.RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
    ApiClient script = client("clear_session.py");
    ApiClient intruder = client("intruder");
    script.register(new RpcDefinition("clear_session", List.of("session_id"), Map.of("session_id", "id"), null),
        a -> CompletableFuture.completedFuture("cleared " + a.get("session_id"))).get(5, TimeUnit.SECONDS);
    intruder.register(RpcDefinition.of("clear_session"), a -> CompletableFuture.completedFuture("intercepted"))
        .get(5, TimeUnit.SECONDS);

    assertThat(bridge.invoke("clear_session()", InvocationContext.session(session.id()), null).get(5, TimeUnit.SECONDS))
        .isEqualTo("cleared " + session.id());
    // Where the first cannot take the call (no session here), the next one that can does.
    assertThat(bridge.invoke("clear_session()").get(5, TimeUnit.SECONDS)).isEqualTo("intercepted");
  }

  @Test
  void unregisteringFreesTheSignature() throws Exception {
    bridge.register(RpcDefinition.of("h"), a -> 1L);
    bridge.unregister(RpcDefinition.of("h"));
    bridge.register(RpcDefinition.of("h"), a -> 2L);

    assertThat(bridge.invoke("h()").get(5, TimeUnit.SECONDS)).isEqualTo(2L);
  }

  @Test
  void namesOutsideIdentifierCharactersAreRefused() {
    assertThatThrownBy(() -> bridge.register(RpcDefinition.of("bad-name"), a -> 1L))
        .hasMessageContaining("REQUEST_MALFORMED");
    assertThatThrownBy(() -> bridge.register(RpcDefinition.of("f", "a", "a"), a -> 1L))
        .hasMessageContaining("REQUEST_MALFORMED");
  }

  @Test
  void unknownFunctionIsReportedByNameAndArguments() {
    assertThatThrownBy(() -> bridge.invoke("nope(x: 1)").get(5, TimeUnit.SECONDS))
        .hasMessageContaining("No function registered for invocation nope(x)");
  }

  @Test
  void builtinFunctionsListsWhatIsRegistered() throws Exception {
    bridge.register(new RpcDefinition("clear", List.of("session"), Map.of("session", "id"), java.time.Duration.ofSeconds(2)), a -> null);

    Object listed = bridge.invoke("iterm2.functions()").get(5, TimeUnit.SECONDS);

    assertThat(listed).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).singleElement()
        .isEqualTo(Map.of("signature", "clear(session)", "name", "clear", "arguments", List.of("session"),
            "defaults", Map.of("session", "id"), "timeout", 2.0, "role", "GENERIC", "owner", "java"));
  }
}
