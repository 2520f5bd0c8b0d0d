package org.polybridge.internal.transport;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.util.List;

/**
 * Whole binary WebSocket frames (continuations already aggregated, within the cap) into protobuf
 * messages: one frame, one message. A text frame or bytes that do not parse are a protocol
 * violation that closes the connection (1003, 1007); {@link WireFailures} does the closing.
 */
final class ProtobufFrameDecoder<M extends MessageLite> extends MessageToMessageDecoder<WebSocketFrame> {
  private final Parser<M> parser;
  private final String messageName;

  ProtobufFrameDecoder(Parser<M> parser, String messageName) {
    super(WebSocketFrame.class);
    this.parser = parser;
    this.messageName = messageName;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    if (!(frame instanceof BinaryWebSocketFrame)) {
      throw failOnFrameType(frame);
    }
    ByteBuf content = frame.content();
    int length = content.readableBytes();
    try {
      // A direct buffer (epoll's) is read in place: an InputStream would cost a 4 KiB buffer a frame.
      out.add(content.hasArray()
          ? parser.parseFrom(content.array(), content.arrayOffset() + content.readerIndex(), length)
          : content.nioBufferCount() == 1
              ? parser.parseFrom(content.nioBuffer())
              : parser.parseFrom(new ByteBufInputStream(content)));
    } catch (IOException e) { // InvalidProtocolBufferException among them
      throw failOnGarbage(length, e);
    }
  }

  private CorruptedWebSocketFrameException failOnFrameType(WebSocketFrame frame) {
    return new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
        frame.getClass().getSimpleName() + " (expected: binary frames, each one " + messageName + ")");
  }

  private CorruptedWebSocketFrameException failOnGarbage(int length, IOException e) {
    return new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
        "a frame of " + length + " bytes is not a " + messageName + ": " + e.getMessage());
  }
}
