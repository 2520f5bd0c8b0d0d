package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;

/**
 * A client that sends without reading what it is sent is cut off once the queue limit of bytes
 * waits for it, whatever it sends: requests whose answers pile up, or pings whose pongs do. The
 * server's memory holds the limit, not the flood; everyone else is served on.
 */
class UnreadClientTest {
  private static final int CAP = 64 * 1024; // a message's limit; the queue limit is four times this
  /** Far more than the limit, the kernel's buffers on both sides and Netty's high-water mark together. */
  private static final long FLOOD = 16L << 20;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).maxFrameSize(CAP).build();
  private final ApiListener listener = ApiListener.tcp(bridge, 0, options);
  @TempDir Path folder;

  @AfterEach
  void close() {
    bridge.close();
  }

  private RawWebSocket upgradedNonReader() throws Exception {
    RawWebSocket socket = new RawWebSocket(listener.port(), 4096);
    assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(listener.port(), credentials)).status()).isEqualTo(101);
    return socket;
  }

  @Test
  void aClientThatPingsWithoutReadingItsPongsIsCutOff() throws Exception {
    Path path = folder.resolve("socket");
    ApiListener.unixSocket(bridge, path, options);
    try (RawWebSocket socket = new RawWebSocket(path)) { // a pong is small: the Unix socket's small buffers fill soonest
      assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(0, credentials)).status()).isEqualTo(101);
      byte[] ping = new byte[125];

      long sent = sendUntilCutOff(socket, RawWebSocket.OP_PING, ping);

      assertThat(sent).as("bytes of pings sent before the server dropped the client").isLessThan(FLOOD);
    }
    assertOthersStillServed();
  }

  @Test
  void aClientThatAsksWithoutReadingItsAnswersIsCutOff() throws Exception {
    bridge.app().variables().set("user.page", "a".repeat(CAP / 4));
    byte[] request = ClientOriginatedMessage.newBuilder().setId(1).setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder()
        .setInvocation("[user.page, user.page, user.page]").setApp(InvokeFunctionRequest.App.getDefaultInstance()))
        .build().toByteArray();
    try (RawWebSocket socket = upgradedNonReader()) {
      long sent = sendUntilCutOff(socket, RawWebSocket.OP_BINARY, request);

      assertThat(sent).isLessThan(FLOOD);
    }
    assertOthersStillServed();
  }

  /** Sends {@code payload} frames until the connection fails; the bytes sent by then, or {@link #FLOOD} if it never did. */
  private static long sendUntilCutOff(RawWebSocket socket, int opcode, byte[] payload) {
    long sent = 0;
    try {
      while (sent < FLOOD) {
        socket.send(opcode, true, payload);
        sent += payload.length;
      }
    } catch (IOException cutOff) {
      return sent;
    }
    return sent;
  }

  private void assertOthersStillServed() throws Exception {
    ApiClient other = new ApiClient(WireKind.connect(listener, credentials, "bystander"), Runnable::run);
    assertThat(other.invoke("1 + 2", InvocationContext.app(), null).get(5, TimeUnit.SECONDS)).isEqualTo(3L);
  }
}
