package org.polybridge.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.transport.Credentials;

/**
 * Both of Netty's transports serve the wire over both socket kinds. Linux runs epoll; NIO (the
 * JDK's own Unix-domain sockets) is what other systems get, so it is run here on purpose. The
 * client is always the JDK's sockets ({@link WebSocketConnection}).
 */
class TransportTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private ServerLoops loops;
  private WireServer server;
  @TempDir Path folder;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
    if (loops != null) {
      loops.close();
    }
    bridge.close();
  }

  @ParameterizedTest
  @CsvSource({"NIO, unix", "NIO, tcp", "EPOLL, unix", "EPOLL, tcp"})
  void anInvocationMakesTheRoundTrip(Transport transport, String socket) throws Exception {
    if (transport == Transport.EPOLL && Transport.preferred() != Transport.EPOLL) {
      // The tests bring the native for Linux on x86-64 (bridge-core itself brings none; the
      // application does, bridge-cli for Linux x86-64 and aarch64): there it must load. Elsewhere
      // this case is skipped, and says so in the report rather than passing unseen.
      boolean brought = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
      String why = "EPOLL NOT TESTED: the epoll native did not load: " + io.netty.channel.epoll.Epoll.unavailabilityCause();
      if (brought) {
        throw new AssertionError(why);
      }
      System.err.println(why);
      Assumptions.abort(why + " (the tests bring only Linux x86-64's)");
    }
    WireSettings settings = new WireSettings(credentials, 1 << 20, 4L << 20);
    loops = new ServerLoops(transport, 1);
    server = socket.equals("unix")
        ? WireServer.unixSocket(loops, ApiServer.of(bridge), settings, folder.resolve("socket"))
        : WireServer.tcp(loops, ApiServer.of(bridge), settings, 0);
    Connection connection = WebSocketConnection.connect(server.address(), credentials, "client", 1 << 20)
        .get(10, TimeUnit.SECONDS);
    ApiClient client = new ApiClient(connection, Runnable::run);
    client.register(RpcDefinition.of("add", "a", "b"),
        a -> CompletableFuture.completedFuture((Long) a.get("a") + (Long) a.get("b"))).get(10, TimeUnit.SECONDS);

    Object sum = client.invoke("add(a: 1, b: 2)", InvocationContext.app(), null).get(10, TimeUnit.SECONDS);

    assertThat(sum).isEqualTo(3L);
    connection.close();
  }

  /** Sends {@code request} (ASCII) to {@code address} and reads the answer until the server closes. */
  private static String exchange(SocketAddress address, String request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(address)) {
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (channel.read(buffer) >= 0) {
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private String invokeRequest(String cookie, String body) {
    return "POST /invoke HTTP/1.1\r\nHost: localhost\r\n"
        + (cookie == null ? "" : "x-iterm2-cookie: " + cookie + "\r\nx-iterm2-key: " + credentials.key() + "\r\n")
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void postInvokeIsAnsweredOnTheUnixSocketAndRefusedOverTcp() throws Exception {
    bridge.register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
    WireSettings settings = new WireSettings(credentials, 1 << 20, 4L << 20);
    loops = new ServerLoops(Transport.preferred(), 1);
    server = WireServer.unixSocket(loops, ApiServer.of(bridge), settings, folder.resolve("socket"));
    WireServer tcp = WireServer.tcp(loops, ApiServer.of(bridge), settings, 0);
    try {
      String answered = exchange(server.address(), invokeRequest(credentials.cookie(), "add(a: 1, b: 2)"));
      String unauthenticated = exchange(server.address(), invokeRequest("wrong", "add(a: 1, b: 2)"));
      String overTcp = exchange(tcp.address(), invokeRequest(credentials.cookie(), "add(a: 1, b: 2)"));

      assertThat(answered).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n3\n");
      assertThat(unauthenticated).startsWith("HTTP/1.1 401 Unauthorized\r\n");
      assertThat(overTcp).startsWith("HTTP/1.1 403 Forbidden\r\n");
    } finally {
      tcp.close();
    }
  }
}
