package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.transport.ServerLoops;

/** A bridge serves every listener, and an application's own server, on its one group of event loops. */
class EventLoopsTest {
  @TempDir Path folder;

  @Test
  void everyListenerOfABridgeRunsOnItsOneGroupWhichStopsWithTheBridge() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<Thread> loops;
    Credentials credentials = Credentials.random();
    ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).build();
    try (Bridge bridge = Bridge.newBuilder().build()) {
      ApiListener unix = WireKind.UNIX_SOCKET.listen(bridge, folder, options);
      ApiListener tcp = WireKind.TCP.listen(bridge, folder, options);
      ApiListener secondTcp = WireKind.TCP.listen(bridge, folder, options);
      ApiClient adder = new ApiClient(WireKind.connect(unix, credentials, "adder"), Runnable::run);
      adder.register(RpcDefinition.of("add", "a", "b"), a -> CompletableFuture.completedFuture((Long) a.get("a") + (Long) a.get("b")))
          .get(10, TimeUnit.SECONDS);
      for (ApiListener listener : List.of(unix, tcp, secondTcp)) {
        for (int c = 0; c < 4; c++) { // more clients than loops: each loop serves several
          Connection connection = WireKind.connect(listener, credentials, "client " + c);
          Object sum = new ApiClient(connection, Runnable::run).invoke("add(a: 1, b: " + c + ")", InvocationContext.app(), null)
              .get(10, TimeUnit.SECONDS);
          assertThat(sum).isEqualTo(1L + c);
        }
      }

      loops = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.getName().startsWith("polybridge-io-")).toList();
      assertThat(loops).as("three listeners' loops").isNotEmpty().hasSizeLessThanOrEqualTo(ServerLoops.DEFAULT_THREADS);
      assertThat(loops.stream().map(t -> t.getName().replaceAll("-\\d+$", "")).collect(Collectors.toSet()))
          .as("one group (Netty names its threads GROUP-N)").hasSize(1);
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> !before.contains(t)
          && (t.getName().startsWith("polybridge-unix") || t.getName().startsWith("polybridge-tcp")));
    }

    for (Thread loop : loops) {
      loop.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(loop.isAlive()).as(loop.getName() + " after the bridge closed").isFalse();
    }
  }

  @Test
  void anApplicationsOwnServerRunsOnTheBridgesLoopsAndClosesBeforeThem() throws Exception {
    Channel echo;
    try (Bridge bridge = Bridge.newBuilder().build()) {
      echo = bridge.eventLoops().newServerBootstrap()
          .childHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object message) {
              ctx.writeAndFlush(message);
            }
          })
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
      Channel server = echo;
      bridge.closeWithBridge(() -> server.close().sync());
      ApiListener listener = ApiListener.tcp(bridge, 0, ApiListener.Options.defaults());

      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ((InetSocketAddress) echo.localAddress()).getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(new String(in.readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ping");
      }
      assertThat(echo.eventLoop().parent()).as("the group the bridge's listeners run on")
          .isSameAs(ServerLoops.of(bridge.eventLoops()).group());
      assertThat(listener.port()).isPositive();
    }

    assertThat(echo.isOpen()).isFalse();
    assertThat(echo.eventLoop().parent().isTerminated()).as("the loops, shut down with the bridge").isTrue();
  }

  @Test
  void aClosedBridgesLoopsMakeNoServerAndSaySo() {
    Bridge bridge = Bridge.newBuilder().build();
    bridge.close();

    assertThatThrownBy(() -> bridge.eventLoops().newServerBootstrap()).isInstanceOf(IllegalStateException.class)
        .hasMessage("the bridge is closed: its event loops are shut down");
  }
}
