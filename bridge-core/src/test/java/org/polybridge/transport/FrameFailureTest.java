package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;

/** A client that breaks the framing rules loses its own connection; everyone else is served on. */
class FrameFailureTest {
  private static final int CAP = 4096;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener listener = ApiListener.tcp(bridge, 0,
      ApiListener.Options.newBuilder().credentials(credentials).maxFrameSize(CAP).build());
  private ApiClient bystander;

  @BeforeEach
  void connectBystander() throws Exception {
    bystander = new ApiClient(WireKind.connect(listener, credentials, "bystander"), Runnable::run);
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private RawWebSocket upgraded() throws Exception {
    RawWebSocket socket = new RawWebSocket(listener.port());
    assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(listener.port(), credentials)).status()).isEqualTo(101);
    return socket;
  }

  private void assertBystanderStillServed() throws Exception {
    assertThat(bystander.invoke("1 + 2", InvocationContext.app(), null).get(5, TimeUnit.SECONDS)).isEqualTo(3L);
  }

  private static void assertClosedWith(RawWebSocket socket, int code) throws Exception {
    RawWebSocket.Frame frame = socket.read();
    assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
    assertThat(frame.closeCode()).as("close code, reason '%s'", frame.closeReason()).isEqualTo(code);
    assertThat(socket.closedByServer()).isTrue();
  }

  @Test
  void wellFormedRequestIsAnsweredOverTheRawSocket() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_BINARY, true, ClientOriginatedMessage.newBuilder().setId(9)
          .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("2 * 3")).build().toByteArray());

      RawWebSocket.Frame frame = socket.read();

      assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
      var response = org.polybridge.proto.ServerOriginatedMessage.parseFrom(frame.payload());
      assertThat(response.getId()).isEqualTo(9);
      assertThat(response.getInvokeFunctionResponse().getSuccess().getJsonResult()).isEqualTo("6");
    }
  }

  @Test
  void oversizedFrameClosesOnlyThatConnectionWith1009() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_BINARY, true, new byte[CAP + 1]);

      assertClosedWith(socket, 1009);
    }
    assertBystanderStillServed();
  }

  @Test
  void continuationsTogetherOverTheCapCloseWith1009() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_BINARY, false, new byte[CAP / 2 + 1]);
      socket.send(RawWebSocket.OP_CONTINUATION, true, new byte[CAP / 2 + 1]);

      assertClosedWith(socket, 1009);
    }
    assertBystanderStillServed();
  }

  @Test
  void messageSplitIntoContinuationsWithinTheCapIsAnswered() throws Exception {
    byte[] request = ClientOriginatedMessage.newBuilder().setId(4)
        .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("40 + 2")).build().toByteArray();
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_BINARY, false, java.util.Arrays.copyOfRange(request, 0, 5));
      socket.send(RawWebSocket.OP_CONTINUATION, true, java.util.Arrays.copyOfRange(request, 5, request.length));

      var response = org.polybridge.proto.ServerOriginatedMessage.parseFrom(socket.read().payload());
      assertThat(response.getInvokeFunctionResponse().getSuccess().getJsonResult()).isEqualTo("42");
    }
  }

  @Test
  void garbageFrameClosesOnlyThatConnectionWith1007() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_BINARY, true, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x13});

      assertClosedWith(socket, 1007);
    }
    assertBystanderStillServed();
  }

  @Test
  void textFrameClosesOnlyThatConnectionWith1003() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(RawWebSocket.OP_TEXT, true, "{\"id\": 1}".getBytes(StandardCharsets.UTF_8));

      assertClosedWith(socket, 1003);
    }
    assertBystanderStillServed();
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    try (RawWebSocket socket = upgraded()) {
      socket.send(0x9, true, new byte[] {1, 2, 3});

      RawWebSocket.Frame pong = socket.read();

      assertThat(pong.opcode()).isEqualTo(0xA);
      assertThat(pong.payload()).containsExactly(1, 2, 3);
    }
  }
}
