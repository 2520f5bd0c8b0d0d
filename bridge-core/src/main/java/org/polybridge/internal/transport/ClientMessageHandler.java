package org.polybridge.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.AttributeKey;
import org.polybridge.internal.client.MessageExchange;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * Hands each message from the host to the client's {@link MessageExchange}; when the channel goes,
 * the exchange fails what still waits, saying why (the host's close code and reason, if it sent one).
 */
final class ClientMessageHandler extends SimpleChannelInboundHandler<ServerOriginatedMessage> {
  private static final System.Logger LOG = System.getLogger(ClientMessageHandler.class.getName());
  /** Set when this side failed the connection: the reason the exchange reports. */
  static final AttributeKey<String> LOCAL_FAILURE = AttributeKey.valueOf(ClientMessageHandler.class, "localFailure");

  private final MessageExchange exchange;

  ClientMessageHandler(MessageExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ServerOriginatedMessage message) {
    exchange.received(message);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    String peer = ctx.channel().attr(ControlFrameHandler.PEER_CLOSE).get();
    String local = ctx.channel().attr(LOCAL_FAILURE).get();
    exchange.closed(local != null ? local
        : peer != null ? "the host closed the connection (" + peer + ")"
        : "the connection to the host was lost");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!WireFailures.isDisconnect(cause)) {
      ctx.channel().attr(LOCAL_FAILURE).set("the host sent something the protocol does not allow: " + cause.getMessage());
    }
    WireFailures.closeAfter(ctx, cause, LOG, "the connection to the host");
  }
}
