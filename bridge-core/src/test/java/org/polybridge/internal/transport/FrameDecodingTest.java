package org.polybridge.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.proto.ServerOriginatedMessage;

/** The inbound frame pipeline without sockets: bytes in, one protobuf message per whole frame out. */
class FrameDecodingTest {
  private static final int CAP = 1024;
  private static final ClientOriginatedMessage REQUEST = ClientOriginatedMessage.newBuilder().setId(42)
      .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("add(a: 1, b: 2)")).build();

  private static EmbeddedChannel inbound() {
    return new EmbeddedChannel(
        new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(CAP).expectMaskedFrames(true).build()),
        new WebSocketFrameAggregator(CAP),
        new ControlFrameHandler("test peer", 1 << 20),
        new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
  }

  /** The bytes a client puts on the wire for {@code frames} (masked). */
  private static byte[] wire(WebSocketFrame... frames) {
    EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    encoder.writeOutbound((Object[]) frames);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (ByteBuf b = encoder.readOutbound(); b != null; b = encoder.readOutbound()) {
      byte[] chunk = new byte[b.readableBytes()];
      b.readBytes(chunk);
      b.release();
      bytes.writeBytes(chunk);
    }
    assertThat(encoder.finish()).isFalse();
    return bytes.toByteArray();
  }

  private static ByteBuf bytes(byte[] b) {
    return Unpooled.wrappedBuffer(b);
  }

  @Test
  void frameFedByteByByteYieldsTheMessageOnlyAtItsLastByte() {
    EmbeddedChannel channel = inbound();
    byte[] wire = wire(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(REQUEST.toByteArray())));

    for (int i = 0; i < wire.length - 1; i++) {
      assertThat(channel.writeInbound(bytes(new byte[] {wire[i]}))).as("byte %d", i).isFalse();
    }
    assertThat(channel.writeInbound(bytes(new byte[] {wire[wire.length - 1]}))).isTrue();

    assertThat(channel.<Object>readInbound()).isEqualTo(REQUEST);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void continuationsFedByteByByteYieldOneMessageAfterTheFinalFrame() {
    EmbeddedChannel channel = inbound();
    byte[] encoded = REQUEST.toByteArray();
    byte[] wire = wire(
        new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(encoded, 0, 3)),
        new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(encoded, 3, 7)),
        new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(encoded, 10, encoded.length - 10)));

    for (int i = 0; i < wire.length - 1; i++) {
      channel.writeInbound(bytes(new byte[] {wire[i]}));
      assertThat(channel.<Object>readInbound()).as("byte %d", i).isNull();
    }
    channel.writeInbound(bytes(new byte[] {wire[wire.length - 1]}));

    assertThat(channel.<Object>readInbound()).isEqualTo(REQUEST);
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void frameOverTheCapIsRefusedWithMessageTooBigAndNothingIsEmitted() {
    EmbeddedChannel channel = inbound();
    byte[] wire = wire(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[CAP + 1])));

    assertThatThrownBy(() -> channel.writeInbound(bytes(wire)))
        .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
            e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG));

    assertThat(channel.<Object>readInbound()).isNull();
    CloseWebSocketFrame close = channel.readOutbound();
    assertThat(close.statusCode()).isEqualTo(1009);
    close.release();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void continuationsOverTheCapTogetherAreRefused() {
    EmbeddedChannel channel = inbound();
    byte[] wire = wire(
        new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[CAP / 2 + 1])),
        new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[CAP / 2 + 1])));

    assertThatThrownBy(() -> channel.writeInbound(bytes(wire))).isInstanceOf(TooLongFrameException.class);

    assertThat(channel.<Object>readInbound()).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void bytesThatAreNotProtobufAreRefusedAsInvalidPayloadAndTheFrameIsReleased() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
    BinaryWebSocketFrame garbage = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}));

    assertThatThrownBy(() -> channel.writeInbound(garbage))
        .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class, e -> {
          assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
          assertThat(e).hasMessageContaining("a frame of 3 bytes is not a ClientOriginatedMessage");
        });

    assertThat(garbage.refCnt()).isZero();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void decodedFrameIsReleasedAndDirectBuffersParseToo() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
    byte[] encoded = REQUEST.toByteArray();
    ByteBuf direct = Unpooled.directBuffer(encoded.length).writeBytes(encoded);
    BinaryWebSocketFrame frame = new BinaryWebSocketFrame(direct);

    channel.writeInbound(frame);

    assertThat(channel.<Object>readInbound()).isEqualTo(REQUEST);
    assertThat(frame.refCnt()).isZero();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void aFrameSplitOverDirectBuffersParsesAndGarbageInADirectBufferIsRefusedAlike() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
    byte[] encoded = REQUEST.toByteArray();
    ByteBuf split = Unpooled.wrappedBuffer(Unpooled.directBuffer().writeBytes(encoded, 0, 5),
        Unpooled.directBuffer().writeBytes(encoded, 5, encoded.length - 5));
    channel.writeInbound(new BinaryWebSocketFrame(split));
    assertThat(channel.<Object>readInbound()).isEqualTo(REQUEST);

    BinaryWebSocketFrame garbage = new BinaryWebSocketFrame(Unpooled.directBuffer().writeBytes(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}));
    assertThatThrownBy(() -> channel.writeInbound(garbage))
        .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class, e -> {
          assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
          assertThat(e).hasMessageContaining("a frame of 3 bytes is not a ClientOriginatedMessage");
        });
    assertThat(garbage.refCnt()).isZero();
    assertThat(channel.finish()).isFalse();
  }

  @Test
  void textFrameIsRefusedAsTheWrongMessageType() {
    EmbeddedChannel channel = new EmbeddedChannel(new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
    TextWebSocketFrame text = new TextWebSocketFrame("hello");

    assertThatThrownBy(() -> channel.writeInbound(text))
        .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
            e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.INVALID_MESSAGE_TYPE));
    assertThat(text.refCnt()).isZero();
  }

  @Test
  void encoderWritesExactlyTheMessageBytesInOneBinaryFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(ProtobufFrameEncoder.INSTANCE);
    ServerOriginatedMessage message = ServerOriginatedMessage.newBuilder().setId(3).setError("no").build();

    channel.writeOutbound(message);

    BinaryWebSocketFrame frame = channel.readOutbound();
    byte[] payload = new byte[frame.content().readableBytes()];
    frame.content().readBytes(payload);
    frame.release();
    assertThat(payload).containsExactly(message.toByteArray());
    assertThat(channel.finish()).isFalse();
  }
}
