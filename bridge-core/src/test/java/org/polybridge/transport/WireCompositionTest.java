package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;

class WireCompositionTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  @TempDir Path folder;

  @AfterEach
  void close() {
    bridge.close();
  }

  @ParameterizedTest
  @EnumSource(WireKind.class)
  void showReceivesSevenWhenAddAndTimesAreServedByTwoRemoteClients(WireKind kind) throws Exception {
    ApiListener listener = kind.listen(bridge, folder, ApiListener.Options.newBuilder().credentials(credentials).build());
    ApiClient adder = new ApiClient(WireKind.connect(listener, credentials, "adder"), Runnable::run);
    ApiClient multiplier = new ApiClient(WireKind.connect(listener, credentials, "multiplier"), Runnable::run);
    ApiClient shower = new ApiClient(bridge.connect("show script"), Runnable::run);
    ApiClient caller = new ApiClient(WireKind.connect(listener, credentials, "caller"), Runnable::run);
    List<Object> shown = new CopyOnWriteArrayList<>();
    adder.register(RpcDefinition.of("add", "a", "b"),
        a -> CompletableFuture.completedFuture((Long) a.get("a") + (Long) a.get("b"))).get(10, TimeUnit.SECONDS);
    multiplier.register(RpcDefinition.of("times", "a", "b"),
        a -> CompletableFuture.completedFuture((Long) a.get("a") * (Long) a.get("b"))).get(10, TimeUnit.SECONDS);
    shower.register(RpcDefinition.of("show", "s"), a -> {
      shown.add(a.get("s"));
      return CompletableFuture.completedFuture(null);
    }).get(10, TimeUnit.SECONDS);

    Object result = caller.invoke("show(s: add(a: 1, b: times(a: 2, b: 3)))", InvocationContext.app(), null)
        .get(10, TimeUnit.SECONDS);

    assertThat(shown).containsExactly(7L);
    assertThat(result).isNull();
  }
}
