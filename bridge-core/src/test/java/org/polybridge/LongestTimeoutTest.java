package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * "For ever" is 24 hours wherever a timeout comes in (the wire, the Java API): a function so
 * registered can be called and is listed with 86400 s, and every other timeout still fires.
 */
class LongestTimeoutTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final ExchangeConnection raw = (ExchangeConnection) bridge.connect("raw wire client");

  @AfterEach
  void close() {
    bridge.close();
  }

  @ParameterizedTest(name = "timeout {0} s")
  @ValueSource(floats = {Float.POSITIVE_INFINITY, 1e30f, 9223372036.854f, Float.MAX_VALUE})
  void aFunctionRegisteredOverTheWireForEverIsCallableAndListedAtTheLongestTimeout(float seconds) throws Exception {
    ServerOriginatedMessage registered = raw.request(ClientOriginatedMessage.newBuilder().setNotificationRequest(
        NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
            .setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC)
            .setRpcRegistrationRequest(RPCRegistrationRequest.newBuilder().setName("patient").setTimeout(seconds))))
        .get(5, TimeUnit.SECONDS);
    assertThat(registered.getNotificationResponse().getStatus().name()).isEqualTo("OK");

    assertThat(listedTimeout()).isEqualTo(86400.0);
    // its owner never answers: the invocation's own second is what ends the call
    assertThatThrownBy(() -> bridge.invoke("patient()", InvocationContext.app(), Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS))
        .rootCause()
        .hasMessageContaining("did not finish within 1 s");
  }

  @ParameterizedTest(name = "timeout {0} s")
  @ValueSource(doubles = {Double.POSITIVE_INFINITY, 1e300, 9223372036.854})
  void anInvocationOverTheWireForEverIsEvaluated(double seconds) throws Exception {
    ServerOriginatedMessage answer = raw.request(ClientOriginatedMessage.newBuilder().setInvokeFunctionRequest(
        InvokeFunctionRequest.newBuilder().setInvocation("1 + 2").setTimeout(seconds)
            .setApp(InvokeFunctionRequest.App.getDefaultInstance())))
        .get(5, TimeUnit.SECONDS);

    assertThat(answer.getError()).isEmpty();
    assertThat(answer.getInvokeFunctionResponse().getSuccess().getJsonResult()).isEqualTo("3");
  }

  @Test
  void anInvocationWithTheLongestTimeoutDoesNotStopAShortOneFromFiring() throws Exception {
    ApiClient script = new ApiClient(bridge.connect("sleepy"), Runnable::run);
    script.register(RpcDefinition.of("slow"), a -> new CompletableFuture<>()).join();
    ServerOriginatedMessage pending = raw.request(ClientOriginatedMessage.newBuilder().setInvokeFunctionRequest(
        InvokeFunctionRequest.newBuilder().setInvocation("slow()").setTimeout(9223372036.854)
            .setApp(InvokeFunctionRequest.App.getDefaultInstance()))).getNow(null);
    assertThat(pending).isNull();

    assertThatThrownBy(() -> bridge.invoke("slow()", InvocationContext.app(), Duration.ofMillis(300)).get(10, TimeUnit.SECONDS))
        .rootCause()
        .hasMessageContaining("did not finish within 0.3 s");
  }

  @Test
  void theJavaApiCutsAnEndlessTimeoutToTheLongest() throws Exception {
    RpcDefinition forEver = new RpcDefinition("patient", List.of(), Map.of(), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(forEver.timeout()).isEqualTo(Duration.ofHours(24));
    bridge.register(forEver, a -> "done");

    assertThat(bridge.invoke("patient()", InvocationContext.app(), Duration.ofSeconds(Long.MAX_VALUE)).get(5, TimeUnit.SECONDS))
        .isEqualTo("done");
    assertThat(listedTimeout()).isEqualTo(86400.0);
  }

  private Object listedTimeout() throws Exception {
    List<?> functions = (List<?>) bridge.invoke("iterm2.functions()").get(5, TimeUnit.SECONDS);
    return ((Map<?, ?>) functions.get(0)).get("timeout");
  }
}
