package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.ProtocolException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.testkit.Eventually;

/** Connections coming and going: calls in flight, closing listeners, the socket file. */
class WireLifecycleTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).build();
  @TempDir Path folder;

  @AfterEach
  void close() {
    bridge.close();
  }

  @ParameterizedTest
  @EnumSource(WireKind.class)
  void clientDisconnectingMidCallFailsTheCallerAtOnce(WireKind kind) throws Exception {
    ApiListener listener = kind.listen(bridge, folder, options);
    CountDownLatch called = new CountDownLatch(1);
    ApiClient script = new ApiClient(WireKind.connect(listener, credentials, "doomed"), Runnable::run);
    script.register(RpcDefinition.of("hang", "x"), a -> {
      called.countDown();
      return new CompletableFuture<>();
    }).get(10, TimeUnit.SECONDS);
    ApiClient caller = new ApiClient(WireKind.connect(listener, credentials, "caller"), Runnable::run);
    CompletableFuture<Object> call = caller.invoke("hang(x: 1)", InvocationContext.app(), null);
    assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();

    script.close();

    // the function's own timeout is 5 s and the invocation's 30 s: only the disconnect ends it this soon
    assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS))
        .hasMessageContaining("In call to hang: script terminated during function call: hang(x)");
  }

  @Test
  void requestsWaitingWhenTheListenerClosesFailWithTheReason() throws Exception {
    ApiListener listener = ApiListener.tcp(bridge, 0, options);
    CountDownLatch called = new CountDownLatch(1);
    ApiClient script = new ApiClient(bridge.connect("in-JVM script"), Runnable::run);
    script.register(RpcDefinition.of("hang"), a -> {
      called.countDown();
      return new CompletableFuture<>();
    }).get(10, TimeUnit.SECONDS);
    Connection caller = WireKind.connect(listener, credentials, "caller");
    CompletableFuture<Object> call = new ApiClient(caller, Runnable::run).invoke("hang()", InvocationContext.app(), null);
    assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();

    listener.close();

    assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining("connection closed: the host closed the connection (1001 the host is shutting down)");
    caller.closeFuture().get(5, TimeUnit.SECONDS);
    // The host drops the connection when its own side of the channel has gone, on its event loop:
    // the client may hear of the close first.
    Eventually.eventually(() -> assertThat(ApiServer.of(bridge).connections()).extracting(c -> c.name()).doesNotContain("caller"));
  }

  @Test
  void unixSocketIsPrivateAndRemovedOnClose() throws Exception {
    Path socket = folder.resolve("private").resolve("socket");
    ApiListener listener = ApiListener.unixSocket(bridge, socket, options);

    assertThat(listener.address()).isEqualTo(UnixDomainSocketAddress.of(socket));
    assertThat(listener.port()).isEqualTo(-1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");

    listener.close();

    assertThat(socket).doesNotExist();
  }

  @Test
  void staleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
    Path socket = folder.resolve("socket");
    try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      stale.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists(); // closing a JDK server socket leaves its file behind

    ApiListener listener = ApiListener.unixSocket(bridge, socket, options);
    assertThat(WireKind.connect(listener, credentials, "client").closeFuture()).isNotDone();

    assertThatThrownBy(() -> ApiListener.unixSocket(bridge, socket, options))
        .hasMessageContaining("a server already listens on " + socket);
  }

  @Test
  void noDaemonAtThePathSaysHowToStartOne() {
    Path socket = folder.resolve("nothing-here");

    assertThatThrownBy(() -> Connections.unixSocket(socket, credentials, "client").get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining("no polybridge daemon at " + socket + ": start one with `polybridge run`");
  }

  @Test
  void peerNameIsTheAdvisoryName() throws Exception {
    ApiListener listener = ApiListener.tcp(bridge, 0, options);
    new ApiClient(WireKind.connect(listener, credentials, "my advisory name"), Runnable::run)
        .register(RpcDefinition.of("named"), a -> CompletableFuture.completedFuture(1L)).get(10, TimeUnit.SECONDS);

    assertThat(ApiServer.of(bridge).connections()).anySatisfy(c -> assertThat(c.name()).isEqualTo("my advisory name"));
  }
}
