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
  private final EmbeddedChannel channel = channel(true);

  /** A connection to a listener on a Unix socket ({@code unixSocket}) or on TCP. */
  private EmbeddedChannel channel(boolean unixSocket) {
    return new EmbeddedChannel(new ServerInitializer(ApiServer.of(bridge), new WireSettings(credentials, 4096, 16384),
        new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), unixSocket));
  }

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

  /** {@code POST TARGET} with {@code body} as curl sends it for {@code polybridge invoke}, with {@code cookie} (null: none). */
  private static String invokeRequest(String method, String target, String cookie, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return method + " " + target + " HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "User-Agent: curl/7.88.1\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + (cookie == null ? "" : "x-iterm2-cookie: " + cookie + "\r\nx-iterm2-key: key1\r\n")
        + "Content-Length: " + bytes.length + "\r\n"
        + "\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Feeds {@code request} (its chars as bytes) to {@code to} and returns all it answered, as UTF-8. */
  private String exchange(EmbeddedChannel to, String request) {
    to.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    return new String(drainOutbound(to), StandardCharsets.UTF_8);
  }

  private byte[] drainOutbound() {
    return drainOutbound(channel);
  }

  private static byte[] drainOutbound(EmbeddedChannel channel) {
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

  @Test
  void postInvokeWithTheCookieIsAnsweredWithTheValuesJsonAsPolybridgeInvokePrintsItThenTheChannelCloses() {
    String response = exchange(channel, invokeRequest("POST", "/invoke", "cookie1", "[\"é ☃\\\"\", 1.5, null, -2]"));

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
        .containsIgnoringCase("connection: close\r\n")
        .containsIgnoringCase("content-type: application/json; charset=utf-8\r\n")
        .endsWith("\r\n\r\n[\"é ☃\\\"\",1.5,null,-2]\n");
    assertThat(channel.isOpen()).isFalse();
    assertThat(wireConnections()).as("no connection of the protocol stays").isEmpty();
  }

  @Test
  void aFailedInvocationIsAnsweredWithItsStatusAndTheMessageTheJvmClientPrints() {
    String unknown = exchange(channel, invokeRequest("POST", "/invoke", "cookie1", "nope(x: 1)"));
    String malformed = exchange(channel(true), invokeRequest("POST", "/invoke", "cookie1", "add(a: 1,"));
    String noSession = exchange(channel(true), invokeRequest("POST", "/invoke?session=w9t9p9", "cookie1", "1"));

    assertThat(unknown).startsWith("HTTP/1.1 500 Internal Server Error\r\n")
        .containsIgnoringCase("x-polybridge-invocation-status: FAILED\r\n")
        .contains("\r\n\r\nIn call to nope: No function registered");
    assertThat(malformed).startsWith("HTTP/1.1 422 Unprocessable Entity\r\n")
        .containsIgnoringCase("x-polybridge-invocation-status: REQUEST_MALFORMED\r\n")
        .containsPattern("column \\d+");
    assertThat(noSession).startsWith("HTTP/1.1 422 Unprocessable Entity\r\n")
        .containsIgnoringCase("x-polybridge-invocation-status: INVALID_ID\r\n")
        .endsWith("\r\n\r\nno session with id 'w9t9p9'\n");
  }

  @Test
  void postInvokeWithoutOrWithAWrongCookieIsRefusedWith401AsTheUpgradeIs() {
    String missing = exchange(channel, invokeRequest("POST", "/invoke", null, "1"));
    String wrong = exchange(channel(true), invokeRequest("POST", "/invoke", "cookie2", "1"));

    assertThat(missing).startsWith("HTTP/1.1 401 Unauthorized\r\n").endsWith("x-iterm2-cookie is missing\n");
    assertThat(wrong).startsWith("HTTP/1.1 401 Unauthorized\r\n").endsWith("x-iterm2-cookie or x-iterm2-key is wrong\n");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void anInvocationIsCountedInTheHandshakeUntilItIsRefusedAsAnUpgradeIs() {
    ServerInitializer listener = new ServerInitializer(ApiServer.of(bridge), new WireSettings(credentials, 4096, 16384, 1),
        new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), true);
    EmbeddedChannel first = new EmbeddedChannel(listener);
    first.writeInbound(Unpooled.copiedBuffer("POST /invoke HTTP/1.1\r\nHost: localhost\r\n", StandardCharsets.US_ASCII));

    assertThat(new EmbeddedChannel(listener).isOpen()).as("one in the handshake: the limit").isFalse();
    assertThat(exchange(first, "x-iterm2-cookie: cookie2\r\nContent-Length: 1\r\n\r\n1")).startsWith("HTTP/1.1 401 ");
    assertThat(new EmbeddedChannel(listener).isOpen()).as("refused: out of the handshake").isTrue();
  }

  @Test
  void overTcpPostInvokeIsRefusedWith403EvenWithTheCookie() {
    EmbeddedChannel tcp = channel(false);

    String response = exchange(tcp, invokeRequest("POST", "/invoke", "cookie1", "1 + 1"));

    assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n").contains("Unix socket only");
    assertThat(tcp.isOpen()).isFalse();
  }

  @Test
  void aBodyOverTheAggregatorsLimitIsRefusedWith413AndTheConnectionClosed() {
    String response = exchange(channel, invokeRequest("POST", "/invoke", "cookie1", "1".repeat(ServerInitializer.MAX_REQUEST + 1)));

    assertThat(response).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n").containsIgnoringCase("connection: close\r\n");
    assertThat(channel.isOpen()).as("no second request comes on a connection: it gives its place in the handshake back").isFalse();
  }

  @Test
  void otherMethodsOnInvokeAre405AndOtherPathsAre404() {
    String get = exchange(channel, invokeRequest("GET", "/invoke", "cookie1", ""));
    String elsewhere = exchange(channel(true), invokeRequest("POST", "/evaluate", "cookie1", "1"));

    assertThat(get).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").containsIgnoringCase("allow: POST\r\n")
        .contains("expected: POST /invoke");
    assertThat(elsewhere).startsWith("HTTP/1.1 404 Not Found\r\n").contains("no resource /evaluate");
  }

  @Test
  void aQueryParameterThatBreaksItsRuleIsRefusedWith400NamingIt() {
    String timeout = exchange(channel, invokeRequest("POST", "/invoke?timeout=soon", "cookie1", "1"));
    String two = exchange(channel(true), invokeRequest("POST", "/invoke?session=a&tab=b", "cookie1", "1"));
    String unknown = exchange(channel(true), invokeRequest("POST", "/invoke?table=1", "cookie1", "1"));

    assertThat(timeout).startsWith("HTTP/1.1 400 Bad Request\r\n").endsWith("timeout : 'soon' (expected: a number of seconds greater than 0)\n");
    assertThat(two).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("session and tab exclude each other");
    assertThat(unknown).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("query parameter table is not known");
  }
}
