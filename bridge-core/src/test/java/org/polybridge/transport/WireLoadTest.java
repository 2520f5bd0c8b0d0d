package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;

class WireLoadTest {
  private static final int CLIENTS = 50;
  private static final int CALLS = 200;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void fiftyClientsEachInvokingAddTwoHundredTimesGetEveryResultRight() throws Exception {
    ApiListener listener = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).build());
    AtomicInteger served = new AtomicInteger();
    // All 10,000 calls are in flight at once, queued at the one adder: on a busy machine the last
    // wait longer than the default 5 s, and this test is about none being lost, not about speed.
    RpcDefinition add = new RpcDefinition("add", List.of("a", "b"), Map.of(), Duration.ofSeconds(90));
    new ApiClient(WireKind.connect(listener, credentials, "adder"), Runnable::run).register(add, a -> {
      served.incrementAndGet();
      return CompletableFuture.completedFuture((Long) a.get("a") + (Long) a.get("b"));
    }).get(10, TimeUnit.SECONDS);
    List<CompletableFuture<Connection>> connecting = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      connecting.add(Connections.tcp(listener.port(), credentials, "client " + c));
    }

    List<CompletableFuture<Boolean>> checks = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      ApiClient client = new ApiClient(connecting.get(c).get(30, TimeUnit.SECONDS), Runnable::run);
      for (int i = 0; i < CALLS; i++) {
        long a = c, b = i;
        checks.add(client.invoke("add(a: " + a + ", b: " + b + ")", InvocationContext.app(), Duration.ofSeconds(90))
            .thenApply(sum -> sum.equals(a + b)));
      }
    }
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

    assertThat(checks).allSatisfy(check -> assertThat(check.join()).isTrue());
    assertThat(served).hasValue(CLIENTS * CALLS);
  }
}
