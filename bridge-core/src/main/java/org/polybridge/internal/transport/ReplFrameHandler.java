package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.System.Logger.Level;
import org.polybridge.ProtocolException;
import org.polybridge.internal.script.ReplSession;
import org.polybridge.internal.script.Repls;

/**
 * Joins one WebSocket of the {@code repl.polybridge.org} extension to a {@link ReplSession}: text
 * frames are JSON messages both ways. When the channel goes, the REPL stops; when the REPL ends,
 * the channel closes (1000, with the reason). A message the extension does not allow closes the
 * connection with 1008 and the reason.
 */
final class ReplFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final System.Logger LOG = System.getLogger(ReplFrameHandler.class.getName());

  private final Repls repls;
  private final String name;
  private final long maxQueuedBytes;
  private ReplSession session;

  ReplFrameHandler(Repls repls, String name, long maxQueuedBytes) {
    this.repls = repls;
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    session = new ReplSession(repls, new ChannelLink(ctx.channel(), name, maxQueuedBytes));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    try {
      if (!(frame instanceof TextWebSocketFrame text)) {
        throw new ProtocolException(frame.getClass().getSimpleName() + " (expected: text frames)");
      }
      session.control(text.text());
    } catch (ProtocolException e) {
      LOG.log(Level.WARNING, "closing the REPL of " + name + ": " + e.getMessage());
      WireFailures.close(ctx.channel(), WebSocketCloseStatus.POLICY_VIOLATION, e.getMessage());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.closed();
    LOG.log(Level.DEBUG, "closed the REPL of " + name);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    WireFailures.closeAfter(ctx, cause, LOG, "the REPL of " + name);
  }

  /** The REPL's view of the channel: messages as text frames. */
  private static final class ChannelLink implements ReplSession.Link {
    private final Channel channel;
    private final BoundedSend out;

    ChannelLink(Channel channel, String name, long maxQueuedBytes) {
      this.channel = channel;
      this.out = new BoundedSend(channel, name, maxQueuedBytes);
    }

    @Override
    public void send(String json) {
      out.send(new TextWebSocketFrame(json));
    }

    @Override
    public void close(String reason) {
      WireFailures.close(channel, WebSocketCloseStatus.NORMAL_CLOSURE, reason);
    }

    @Override
    public String name() {
      return out.name();
    }
  }
}
