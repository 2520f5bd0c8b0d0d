package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import org.polybridge.internal.host.ApiServer;
import org.polybridge.internal.host.Peer;
import org.polybridge.internal.host.ServerConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * Joins one upgraded WebSocket to the host: the connection is accepted as a {@link
 * ServerConnection}, each decoded request goes to it, its answers go to the channel, and when the
 * channel goes the connection closes (its functions and calls in flight with it). A failure of
 * this one connection closes it with a WebSocket close code and a log line.
 *
 * <p>Outbound bound: answers are written as they come ({@link BoundedSend}; protobuf messages are
 * counted by their encoded size). When more than {@code maxQueuedBytes} wait because the client
 * does not read, the client is dropped rather than buffered without end.
 */
final class ServerMessageHandler extends SimpleChannelInboundHandler<ClientOriginatedMessage> {
  private static final System.Logger LOG = System.getLogger(ServerMessageHandler.class.getName());

  private final ApiServer server;
  private final String name;
  private final long maxQueuedBytes;
  private ServerConnection connection;

  ServerMessageHandler(ApiServer server, String name, long maxQueuedBytes) {
    this.server = server;
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection = server.accept(new ChannelPeer(ctx.channel(), name, maxQueuedBytes));
    if (!ctx.channel().isActive()) {
      connection.close();
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ClientOriginatedMessage request) {
    connection.receive(request);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.close();
    LOG.log(Level.DEBUG, "closed " + name);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    WireFailures.closeAfter(ctx, cause, LOG, "the connection of " + name);
  }

  /** The host's view of the channel: a non-blocking, bounded send. */
  private static final class ChannelPeer implements Peer {
    private final BoundedSend out;

    ChannelPeer(Channel channel, String name, long maxQueuedBytes) {
      this.out = new BoundedSend(channel, name, maxQueuedBytes);
    }

    @Override
    public void send(ServerOriginatedMessage message) {
      out.send(message);
    }

    @Override
    public String name() {
      return out.name();
    }
  }
}
