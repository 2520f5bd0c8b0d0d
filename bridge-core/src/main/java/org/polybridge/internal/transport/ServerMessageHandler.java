package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.protocol.Peer;
import org.polybridge.internal.protocol.ServerConnection;
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
 * does not read, the client is dropped rather than buffered without end. An answer larger than
 * the connection's message limit, or one that fails to encode, reaches its caller as an {@code
 * error} answer to the same request rather than not at all.
 */
final class ServerMessageHandler extends SimpleChannelInboundHandler<ClientOriginatedMessage> {
  private static final System.Logger LOG = System.getLogger(ServerMessageHandler.class.getName());

  private final ApiServer server;
  private final String name;
  private final WireSettings settings;
  private ServerConnection connection;

  ServerMessageHandler(ApiServer server, String name, WireSettings settings) {
    this.server = server;
    this.name = name;
    this.settings = settings;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection = server.accept(new ChannelPeer(ctx.channel(), name, settings));
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
    private final int maxFrameSize;

    ChannelPeer(Channel channel, String name, WireSettings settings) {
      this.out = new BoundedSend(channel, name, settings.maxQueuedBytes());
      this.maxFrameSize = settings.maxFrameSize();
    }

    @Override
    public void send(ServerOriginatedMessage message) {
      int size = message.getSerializedSize();
      if (size > maxFrameSize) {
        failOnOversized(message, size);
        return;
      }
      if (message.hasNotification()) {
        out.send(message);
      } else {
        out.send(message, cause -> out.send(undeliverable(message, "the answer could not be sent: " + cause)));
      }
    }

    /** Too large for the client to take: the caller hears so, in place of an answer it would refuse. */
    private void failOnOversized(ServerOriginatedMessage message, int size) {
      String reason = "the answer is " + size + " bytes (expected: at most " + maxFrameSize + ", the message limit)";
      if (message.hasNotification()) {
        LOG.log(Level.WARNING, "dropped a notification for " + out.name() + ": " + reason);
      } else {
        out.send(undeliverable(message, reason));
      }
    }

    private static ServerOriginatedMessage undeliverable(ServerOriginatedMessage answer, String reason) {
      return ServerOriginatedMessage.newBuilder().setId(answer.getId()).setError(reason).build();
    }

    @Override
    public String name() {
      return out.name();
    }
  }
}
