package org.polybridge.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.System.Logger.Level;
import org.polybridge.ProtocolException;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.pty.AttachedTerminal;

/**
 * Joins one WebSocket of the {@code pty.polybridge.org} extension to an {@link AttachedTerminal}:
 * binary frames are the program's output, text frames JSON control messages; the terminal's
 * answers go back as frames of the same kinds. When the channel goes, the session ends. A message
 * the extension does not allow closes the connection with 1008 and the reason.
 */
final class TerminalFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final System.Logger LOG = System.getLogger(TerminalFrameHandler.class.getName());

  private final ApiServer server;
  private final String name;
  private final long maxQueuedBytes;
  private AttachedTerminal terminal;
  /** The output of the frame being read; the channel's event loop alone uses it. */
  private byte[] buffer = new byte[16 * 1024];

  TerminalFrameHandler(ApiServer server, String name, long maxQueuedBytes) {
    this.server = server;
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    terminal = new AttachedTerminal(server, new ChannelLink(ctx.channel(), name, maxQueuedBytes));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    try {
      switch (frame) {
        case BinaryWebSocketFrame binary -> {
          // one array for every frame: the session's readers copy what they keep (Session.OutputListener)
          int length = binary.content().readableBytes();
          if (length > buffer.length) {
            buffer = new byte[Math.max(length, 2 * buffer.length)];
          }
          binary.content().getBytes(binary.content().readerIndex(), buffer, 0, length);
          terminal.output(buffer, 0, length);
        }
        case TextWebSocketFrame text -> terminal.control(text.text());
        default -> throw new ProtocolException(frame.getClass().getSimpleName() + " (expected: binary or text frames)");
      }
    } catch (ProtocolException e) {
      LOG.log(Level.WARNING, "closing the terminal of " + name + ": " + e.getMessage());
      WireFailures.close(ctx.channel(), WebSocketCloseStatus.POLICY_VIOLATION, e.getMessage());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    terminal.closed();
    LOG.log(Level.DEBUG, "closed the terminal of " + name);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    WireFailures.closeAfter(ctx, cause, LOG, "the terminal of " + name);
  }

  /** The terminal's view of the channel: bytes as binary frames, control messages as text frames. */
  private static final class ChannelLink implements AttachedTerminal.Link {
    private final BoundedSend out;

    ChannelLink(Channel channel, String name, long maxQueuedBytes) {
      this.out = new BoundedSend(channel, name, maxQueuedBytes);
    }

    @Override
    public void display(byte[] bytes) {
      out.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    @Override
    public void control(String json) {
      out.send(new TextWebSocketFrame(json));
    }

    @Override
    public String name() {
      return out.name();
    }
  }
}
