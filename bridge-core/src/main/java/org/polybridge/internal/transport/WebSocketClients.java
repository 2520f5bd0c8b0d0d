package org.polybridge.internal.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.polybridge.ProtocolException;
import org.polybridge.transport.Credentials;

/**
 * Opens a client WebSocket to a host, as iTerm2's client library does (its upgrade headers, the
 * cookie and key), for either subprotocol; the caller's handlers go in once the upgrade succeeds.
 */
final class WebSocketClients {
  /** The channel (still upgrading) and what completes when the upgrade has succeeded or failed. */
  record Opening(Channel channel, CompletableFuture<Void> upgraded) {}

  private WebSocketClients() {}

  /**
   * Connects to {@code address} and upgrades to {@code subprotocol}; {@code messageHandlers} adds
   * the subprotocol's handlers after the one named {@code "control"}. The upgrade fails with a
   * {@link ProtocolException} saying what to do (no daemon there, cookie refused, …).
   */
  static Opening open(Transport transport, EventLoopGroup group, SocketAddress address, String subprotocol,
      Credentials credentials, String advisoryName, int maxFrameSize, Consumer<ChannelPipeline> messageHandlers) {
    boolean unix = Transport.isUnix(address);
    CompletableFuture<Void> upgraded = new CompletableFuture<>();
    WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
        uri(address), WebSocketVersion.V13, subprotocol, false,
        headers(credentials, advisoryName), maxFrameSize, true, false, -1, false, false);
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channelFactory(transport.clientChannel(unix))
        .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, ProtobufSizeEstimator.INSTANCE)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline()
                .addLast("http", new HttpClientCodec())
                .addLast("upgrade-response", new HttpObjectAggregator(ServerInitializer.MAX_UPGRADE_REQUEST))
                .addLast("handshake", new ClientHandshakeHandler(handshaker, maxFrameSize, messageHandlers, upgraded));
          }
        });
    if (!unix) {
      bootstrap.option(ChannelOption.TCP_NODELAY, true);
    }
    ChannelFuture connecting = bootstrap.connect(transport.convert(address));
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        upgraded.completeExceptionally(failOnConnect(address, f.cause()));
      }
    });
    return new Opening(connecting.channel(), upgraded);
  }

  private static URI uri(SocketAddress address) {
    return address instanceof InetSocketAddress a
        ? URI.create("ws://localhost:" + a.getPort() + "/")
        : URI.create("ws://localhost/");
  }

  private static HttpHeaders headers(Credentials credentials, String advisoryName) {
    HttpHeaders headers = new DefaultHttpHeaders()
        .set(HttpHeaderNames.ORIGIN, "ws://localhost/")
        .set(HandshakeRules.LIBRARY_VERSION_HEADER, WebSocketConnection.LIBRARY_VERSION)
        .set(HandshakeRules.ADVISORY_NAME_HEADER, advisoryName);
    if (credentials != null) {
      headers.set(HandshakeRules.COOKIE_HEADER, credentials.cookie());
      if (credentials.key() != null) {
        headers.set(HandshakeRules.KEY_HEADER, credentials.key());
      }
    }
    return headers;
  }

  private static ProtocolException failOnConnect(SocketAddress address, Throwable cause) {
    String where = address instanceof UnixDomainSocketAddress u ? u.getPath().toString()
        : address instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort()
        : String.valueOf(address);
    boolean nobody = false;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      nobody |= t instanceof ConnectException || t instanceof FileNotFoundException || t instanceof NoSuchFileException;
    }
    return new ProtocolException(nobody
        ? "no polybridge daemon at " + where + ": start one with `polybridge run`"
        : "cannot connect to " + where + ": " + cause, cause);
  }
}
