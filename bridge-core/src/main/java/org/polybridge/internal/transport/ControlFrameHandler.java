package org.polybridge.internal.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The WebSocket control frames, on either end: a ping is answered with a pong, a pong is dropped,
 * and a close frame is answered with a close frame and ends the connection; its code and reason
 * are kept on the channel ({@link #PEER_CLOSE}) so the closing side can be told why. Data frames
 * pass on.
 *
 * <p>Pongs go out under the same bound as every other message ({@link BoundedSend}): a peer that
 * pings without reading its pongs is dropped once {@code maxQueuedBytes} wait for it, rather than
 * have them pile up in memory.
 */
final class ControlFrameHandler extends ChannelInboundHandlerAdapter {
  /** The close frame's "code reason" that the far end sent, when it sent one. */
  static final AttributeKey<String> PEER_CLOSE = AttributeKey.valueOf(ControlFrameHandler.class, "peerClose");

  private final String name;
  private final long maxQueuedBytes;
  private BoundedSend pongs;

  /** {@code name} names the peer in the log line that says it was dropped. */
  ControlFrameHandler(String name, long maxQueuedBytes) {
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    pongs = new BoundedSend(ctx.channel(), name, maxQueuedBytes);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case PingWebSocketFrame ping -> pongs.send(new PongWebSocketFrame(ping.content()));
      case PongWebSocketFrame pong -> pong.release();
      case CloseWebSocketFrame close -> {
        int code = close.statusCode();
        String reason = close.reasonText();
        ReferenceCountUtil.release(close);
        ctx.channel().attr(PEER_CLOSE).set(code < 0 ? "no status" : code + (reason.isEmpty() ? "" : " " + reason));
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
      }
      default -> ctx.fireChannelRead(msg);
    }
  }
}
