package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.protocol.OneShotInvocations;

/**
 * A new connection starts as HTTP: the codec, a small bounded aggregator for the upgrade request
 * (or a one-shot invocation), and the handshake handler, which puts the WebSocket message handlers
 * (or the invocation's handler) in its place on success.
 * While {@link WireSettings#maxUnauthenticated} of them are in their handshake, one more is
 * closed at once.
 */
public final class ServerInitializer extends ChannelInitializer<Channel> {
  /**
   * The upgrade request has no body; its headers fit in this. A one-shot invocation's body (the
   * invocation's text) must fit too: a longer one is answered 413 ({@code polybridge invoke} then
   * takes the WebSocket, whose frames carry up to {@link WireSettings#maxFrameSize}).
   */
  static final int MAX_REQUEST = 64 * 1024;

  private final ApiServer server;
  private final WireSettings settings;
  private final ChannelGroup accepted;
  private final ChannelGroup clients;
  private final UnauthenticatedConnections unauthenticated;
  private final OneShotInvocations invocations;
  private final boolean unixSocket;

  /**
   * {@code accepted} collects every connection and {@code clients} the upgraded ones, so that a
   * closing server can say goodbye to its clients and close the rest: the event loops outlive it.
   * {@code unixSocket}: the listener is a Unix socket, where one-shot invocations ({@code POST
   * /invoke}) are served as well; a TCP listener refuses them.
   */
  public ServerInitializer(ApiServer server, WireSettings settings, ChannelGroup accepted, ChannelGroup clients, boolean unixSocket) {
    this.server = server;
    this.settings = settings;
    this.accepted = accepted;
    this.clients = clients;
    this.unauthenticated = new UnauthenticatedConnections(settings.maxUnauthenticated());
    this.invocations = new OneShotInvocations(server);
    this.unixSocket = unixSocket;
  }

  @Override
  protected void initChannel(Channel channel) {
    if (!unauthenticated.admit()) {
      unauthenticated.refused("refused " + channel.remoteAddress() + ": " + unauthenticated.max()
          + " connections are in their handshake already (the limit)");
      channel.close();
      return;
    }
    accepted.add(channel);
    channel.pipeline()
        .addLast("http", new HttpServerCodec(4096, 16 * 1024, 8192))
        .addLast("upgrade-request", new RequestAggregator(MAX_REQUEST))
        .addLast("handshake", new ServerHandshakeHandler(server, settings, clients, unauthenticated, invocations, unixSocket));
  }
}
