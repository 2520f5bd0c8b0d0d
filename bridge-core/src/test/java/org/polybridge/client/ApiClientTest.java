package org.polybridge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.testkit.RecordingSessionIo;

/** The public client's own types and the protocol's JSON form, end to end against a bridge in this JVM. */
class ApiClientTest {
  private final Host host = new Host() {
    @Override
    public CompletableFuture<Session> createTab(org.polybridge.host.App app, org.polybridge.host.Window window, String profile) {
      return CompletableFuture.completedFuture(RecordingSessionIo.openIn((window != null ? window : app.newWindow()).newTab()));
    }
  };
  private final Bridge bridge = Bridge.newBuilder().host(host).build();
  private final ApiClient api = new ApiClient(bridge.connect("client test"), Runnable::run);

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void aCreatedTabCarriesTheIdsOfItsWindowTabAndSessionAsTheAppKnowsThem() throws Exception {
    CreatedTab created = api.createTab(null, null).get(5, TimeUnit.SECONDS);

    Session session = bridge.app().session(created.sessionId()).orElseThrow();
    assertThat(created.tabId()).isEqualTo(session.tab().id());
    assertThat(created.windowId()).isEqualTo(session.tab().window().id());
    CreatedTab beside = api.createTab(created.windowId(), null).get(5, TimeUnit.SECONDS);
    assertThat(beside.windowId()).isEqualTo(created.windowId());
    assertThat(beside.sessionId()).isNotEqualTo(created.sessionId());
  }

  @Test
  void aRequestInItsJsonFormIsAnsweredInItsJsonForm() throws Exception {
    CreatedTab created = api.createTab(null, null).get(5, TimeUnit.SECONDS);

    Map<String, Object> answer = api.request(Map.of("variable_request", Map.of(
        "session_id", created.sessionId(), "set", List.of(Map.of("name", "user.mood", "value", "\"calm\"")),
        "get", List.of("user.mood")))).get(5, TimeUnit.SECONDS);

    assertThat(answer.get("variable_response")).isEqualTo(Map.of("status", "OK", "values", List.of("\"calm\"")));
    assertThat(api.getVariable(VariableScope.SESSION, created.sessionId(), "user.mood").get(5, TimeUnit.SECONDS)).isEqualTo("calm");
  }

  @Test
  void aRequestWithAFieldTheMessageLacksIsRefusedNamingTheField() {
    assertThatThrownBy(() -> api.request(Map.of("no_such_request", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no field 'no_such_request'");
    assertThatThrownBy(() -> api.request(Map.of("get_buffer_request", Map.of("session", 7L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session : 7");
  }

  @Test
  void aSubscriptionInItsJsonFormHearsNotificationsInTheirJsonFormUntilCancelled() throws Exception {
    List<Object> created = new CopyOnWriteArrayList<>();
    Subscription subscription = api.subscribe(Map.of("session", "all", "notification_type", "NOTIFY_ON_NEW_SESSION"),
        n -> created.add(((Map<?, ?>) n.get("new_session_notification")).get("session_id"))).get(5, TimeUnit.SECONDS);

    String first = api.createTab(null, null).get(5, TimeUnit.SECONDS).sessionId();
    subscription.cancel().get(5, TimeUnit.SECONDS);
    api.createTab(null, null).get(5, TimeUnit.SECONDS);

    assertThat(created).containsExactly(first);
  }

  @Test
  void aRoleInItsJsonFormRegistersTheFunctionUnderItsNamespaceAndABadOneIsRefusedAtOnce() throws Exception {
    api.register(RpcDefinition.of("sum_numbers", "selection"), a -> CompletableFuture.completedFuture(3L),
        Map.of("role", "CONTEXT_MENU", "context_menu_attributes", Map.of("display_name", "Sum", "unique_identifier", "sum")))
        .get(5, TimeUnit.SECONDS);

    assertThat(bridge.functions()).contains("contextMenu.sum_numbers(selection)");
    assertThatThrownBy(() -> api.register(RpcDefinition.of("f"), a -> null, Map.of("role", "NO_SUCH_ROLE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role : NO_SUCH_ROLE (expected: one of [");
    assertThat(bridge.functions()).noneMatch(s -> s.startsWith("f("));
  }

  @Test
  void theBridgeListsTheSignaturesOfTheFunctionsRegisteredNowByTheOneRule() throws Exception {
    api.register(new RpcDefinition("add", List.of("b", "a"), Map.of(), null), a -> CompletableFuture.completedFuture(0L))
        .get(5, TimeUnit.SECONDS);

    assertThat(bridge.functions()).contains("add(a,b)", RpcDefinition.signature("add", List.of("a", "b")));
    api.unregister(RpcDefinition.of("add", "a", "b")).get(5, TimeUnit.SECONDS);
    assertThat(bridge.functions()).doesNotContain("add(a,b)");
  }

  @Test
  void theConsoleFunctionAnswersWithWhatTheBridgeWasGiven() throws Exception {
    assertThatThrownBy(() -> bridge.invoke("iterm2.console()").get(5, TimeUnit.SECONDS))
        .hasMessageContaining("serves no console");

    bridge.console(() -> CompletableFuture.completedFuture(Map.of("url", "http://127.0.0.1:1/")));

    assertThat(bridge.invoke("iterm2.console()", InvocationContext.app(), null).get(5, TimeUnit.SECONDS))
        .isEqualTo(Map.of("url", "http://127.0.0.1:1/"));
  }

  @Test
  void aConnectionTheBridgeDidNotMakeIsRefusedByName() {
    Connection foreign = new Connection() {
      @Override
      public CompletableFuture<Void> closeFuture() {
        return new CompletableFuture<>();
      }

      @Override
      public String name() {
        return "foreign";
      }

      @Override
      public void close() {}
    };

    assertThatThrownBy(() -> new ApiClient(foreign, Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: one made by Bridge.connect or Connections");
  }
}
