package org.polybridge.internal.transport;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.io.IOException;
import java.util.List;

/** A protobuf message into one binary WebSocket frame holding exactly its encoding. */
@Sharable
final class ProtobufFrameEncoder extends MessageToMessageEncoder<MessageLite> {
  static final ProtobufFrameEncoder INSTANCE = new ProtobufFrameEncoder();

  private ProtobufFrameEncoder() {
    super(MessageLite.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, MessageLite message, List<Object> out) throws IOException {
    int size = message.getSerializedSize();
    ByteBuf buffer = ctx.alloc().buffer(size, size);
    boolean done = false;
    try {
      CodedOutputStream coded = CodedOutputStream.newInstance(new ByteBufOutputStream(buffer), Math.min(size, 8192));
      message.writeTo(coded);
      coded.flush();
      out.add(new BinaryWebSocketFrame(buffer));
      done = true;
    } finally {
      if (!done) {
        buffer.release();
      }
    }
  }
}
