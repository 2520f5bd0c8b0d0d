package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.ServerOriginatedRPCResultRequest;

/**
 * Calls between a caller and a function in the same JVM change hands as Java values, not as
 * protocol messages: what the caller and the function see must be what the JSON text gave them.
 */
class InJvmCallsTest {
  private final Bridge bridge = Bridge.newBuilder().build();

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void aFunctionGetsArgumentsItMayChangeAsItsOwn() throws Exception {
    bridge.register(RpcDefinition.of("append", "xs", "x"), a -> {
      @SuppressWarnings("unchecked")
      List<Object> xs = (List<Object>) a.get("xs");
      xs.add(a.get("x"));
      a.put("x", "changed");
      return xs;
    });

    assertThat(bridge.invoke("append(xs: [1, 2.5, \"three\", null], x: 4)").get(5, TimeUnit.SECONDS))
        .isEqualTo(java.util.Arrays.asList(1L, 2.5, "three", null, 4L));
  }

  @Test
  void theCallerGetsACopyThatTheFunctionCannotChangeAfterwards() throws Exception {
    Map<String, Object> kept = new LinkedHashMap<>(Map.of("n", 1));
    bridge.register(RpcDefinition.of("shared"), a -> kept);

    Object answer = bridge.invoke("shared()").get(5, TimeUnit.SECONDS);
    kept.put("n", 2);

    assertThat(answer).isEqualTo(Map.of("n", 1L)); // an Integer answered reads back as a Long, as from JSON
  }

  @Test
  void anAnswerThatIsNotJsonFailsTheCallSayingSo() {
    bridge.register(RpcDefinition.of("nan"), a -> Double.NaN);
    bridge.register(RpcDefinition.of("thread"), a -> Thread.currentThread());

    assertThatThrownBy(() -> bridge.invoke("nan()").get(5, TimeUnit.SECONDS))
        .rootCause()
        .hasMessage("In call to nan: the function returned a value that is not JSON: NaN is not a JSON value (JSON numbers are finite)");
    assertThatThrownBy(() -> bridge.invoke("thread()").get(5, TimeUnit.SECONDS))
        .rootCause()
        .hasMessageStartingWith("In call to thread: the function returned a value that is not JSON: value of type java.lang.");
  }

  @Test
  void aScriptFailureKeepsItsReasonAndTraceback() {
    ApiClient script = new ApiClient(bridge.connect("broken"), Runnable::run);
    script.register(RpcDefinition.of("boom"), a -> CompletableFuture.failedFuture(
        new ScriptException("ValueError: no", "  File \"broken.py\", line 3, in boom"))).join();

    assertThatThrownBy(() -> bridge.invoke("boom()").get(5, TimeUnit.SECONDS))
        .rootCause()
        .isInstanceOfSatisfying(InvocationException.class, e -> {
          assertThat(e.reason()).isEqualTo("In call to boom: ValueError: no");
          assertThat(e.traceback()).hasValue("  File \"broken.py\", line 3, in boom");
          assertThat(e.status()).isEqualTo(InvocationException.Status.FAILED);
        });
  }

  @Test
  void aContextThatDoesNotExistFailsWithInvalidIdNamingIt() {
    assertThatThrownBy(() -> bridge.invoke("f()", InvocationContext.session("nope"), null).get(5, TimeUnit.SECONDS))
        .rootCause()
        .isInstanceOfSatisfying(InvocationException.class, e -> {
          assertThat(e.status()).isEqualTo(InvocationException.Status.INVALID_ID);
          assertThat(e.reason()).isEqualTo("no session with id 'nope'");
        });
  }

  @Test
  void aTimeoutUnderAMillisecondMeansTheDefaultAsOverTheWire() throws Exception {
    bridge.register(RpcDefinition.of("quick"), a -> "done");

    assertThat(bridge.invoke("quick()", InvocationContext.app(), Duration.ofNanos(1)).get(5, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void aConnectionWithoutAnApiClientStillGetsItsCallsAsNotifications() throws Exception {
    ExchangeConnection raw = (ExchangeConnection) bridge.connect("raw");
    List<String> requests = new ArrayList<>();
    raw.addNotificationListener(n -> {
      if (n.hasServerOriginatedRpcNotification()) {
        String id = n.getServerOriginatedRpcNotification().getRequestId();
        requests.add(n.getServerOriginatedRpcNotification().getRpc().getArguments(0).getJsonValue());
        raw.request(ClientOriginatedMessage.newBuilder().setServerOriginatedRpcResultRequest(
            ServerOriginatedRPCResultRequest.newBuilder().setRequestId(id).setJsonValue("[\"raw\"]")));
      }
    });
    raw.request(ClientOriginatedMessage.newBuilder().setNotificationRequest(NotificationRequest.newBuilder()
        .setSession("all").setSubscribe(true).setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC)
        .setRpcRegistrationRequest(RPCRegistrationRequest.newBuilder().setName("plain")
            .addArguments(RPCRegistrationRequest.RPCArgumentSignature.newBuilder().setName("x"))))).get(5, TimeUnit.SECONDS);

    assertThat(bridge.invoke("plain(x: 7)").get(5, TimeUnit.SECONDS)).isEqualTo(List.of("raw"));
    assertThat(requests).containsExactly("7");
  }
}
