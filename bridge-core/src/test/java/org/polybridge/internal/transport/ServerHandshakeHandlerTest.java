package org.polybridge.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.transport.Credentials;

/** The server pipeline from the first HTTP byte to the first answer, without sockets. */
class ServerHandshakeHandlerTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = new Credentials("cookie1", "key1");
  private final EmbeddedChannel channel = new EmbeddedChannel(
      new ServerInitializer(ApiServer.of(bridge), new WireSettings(credentials, 4096, 16384),
          new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE)));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    bridge.close();
  }

  /** The host's connections other than the bridge's own (named "java"). */
  private java.util.List<String> wireConnections() {
    return ApiServer.of(bridge).connections().stream().map(c -> c.name()).filter(n -> !n.equals("java")).toList();
  }

  private static String upgradeRequest(String cookie) {
    return "GET / HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: api.iterm2.com\r\n"
        + "Origin: ws://localhost/\r\n"
        + "x-iterm2-library-version: python 1.3\r\n"
        + (cookie == null ? "" : "x-iterm2-cookie: " + cookie + "\r\nx-iterm2-key: key1\r\n")
        + "\r\n";
  }

  private byte[] drainOutbound() {
    channel.runPendingTasks();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
      ByteBuf b = (ByteBuf) o;
      byte[] chunk = new byte[b.readableBytes()];
      b.readBytes(chunk);
      b.release();
      out.writeBytes(chunk);
    }
    return out.toByteArray();
  }

  private static byte[] maskedFrame(byte[] payload) {
    EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    encoder.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b = encoder.readOutbound(); b != null; b = encoder.readOutbound()) {
      byte[] chunk = new byte[b.readableBytes()];
      b.readBytes(chunk);
      b.release();
      out.writeBytes(chunk);
    }
    encoder.finish();
    return out.toByteArray();
  }

  @Test
  void missingCookieIsAnsweredWith401AndTheChannelCloses() {
    channel.writeInbound(Unpooled.copiedBuffer(upgradeRequest(null), StandardCharsets.US_ASCII));

    String response = new String(drainOutbound(), StandardCharsets.US_ASCII);
    assertThat(response).startsWith("HTTP/1.1 401 Unauthorized\r\n").contains("x-iterm2-cookie is missing");
    assertThat(channel.isOpen()).isFalse();
    assertThat(wireConnections()).isEmpty();
  }

  @Test
  void requestFedByteByByteUpgradesOnlyAtItsLastByteThenRequestsAreAnswered() throws Exception {
    byte[] request = upgradeRequest("cookie1").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < request.length - 1; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {request[i]}));
      assertThat(drainOutbound()).as("byte %d", i).isEmpty();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {request[request.length - 1]}));
    String response = new String(drainOutbound(), StandardCharsets.US_ASCII);
    assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
        .containsIgnoringCase("sec-websocket-protocol: api.iterm2.com\r\n")
        .containsIgnoringCase("x-iterm2-protocol-version: 1.17\r\n");
    assertThat(wireConnections()).hasSize(1);

    byte[] frame = maskedFrame(ClientOriginatedMessage.newBuilder().setId(5)
        .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("1 + 1")).build().toByteArray());
    for (int i = 0; i < frame.length - 1; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {frame[i]}));
      assertThat(drainOutbound()).as("frame byte %d", i).isEmpty();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {frame[frame.length - 1]}));
    byte[] answer = drainOutbound();

    // An unmasked binary frame (0x82) whose short length (< 126) is the second byte.
    assertThat(answer[0] & 0xff).isEqualTo(0x82);
    assertThat(answer[1]).isEqualTo((byte) (answer.length - 2));
    var message = org.polybridge.proto.ServerOriginatedMessage.parseFrom(java.util.Arrays.copyOfRange(answer, 2, answer.length));
    assertThat(message.getId()).isEqualTo(5);
    assertThat(message.getInvokeFunctionResponse().getSuccess().getJsonResult()).isEqualTo("2");
  }

  @Test
  void closingTheChannelClosesTheHostConnection() {
    channel.writeInbound(Unpooled.copiedBuffer(upgradeRequest("cookie1"), StandardCharsets.US_ASCII));
    drainOutbound();
    assertThat(wireConnections()).hasSize(1);

    channel.close();

    assertThat(wireConnections()).isEmpty();
  }
}
