package org.polybridge.internal.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.ProtocolException;
import org.polybridge.client.Connection;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.internal.client.MessageExchange;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.transport.Credentials;

/**
 * A connection to a host in another process over iTerm2's wire: a WebSocket (Unix socket or TCP)
 * carrying protobuf messages. Requests may be sent from any thread. Responses complete their
 * futures, and notification listeners run, on the connection's I/O thread: dependent stages must
 * not block (use the {@code …Async} stages for work that does).
 */
public final class WebSocketConnection extends ExchangeConnection {
  /** What this client sends as {@code x-iterm2-library-version}. */
  public static final String LIBRARY_VERSION = "java 0.1.0";

  private final Channel channel;
  private final long maxQueuedBytes;
  private final AtomicBoolean closing = new AtomicBoolean();

  private WebSocketConnection(Channel channel, String name, MessageExchange exchange, long maxQueuedBytes) {
    super(name, exchange);
    this.channel = channel;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /**
   * Connects and upgrades; completes with the open connection, or fails with a {@link
   * ProtocolException} saying what to do (no daemon there, cookie refused, …).
   */
  public static CompletableFuture<Connection> connect(Transport transport, EventLoopGroup group, SocketAddress address,
      Credentials credentials, String advisoryName, int maxFrameSize) {
    MessageExchange exchange = new MessageExchange();
    WebSocketClients.Opening opening = WebSocketClients.open(transport, group, address, HandshakeRules.SUBPROTOCOL,
        credentials, advisoryName, maxFrameSize, p -> {
          p.addAfter("control", "decoder", new ProtobufFrameDecoder<>(ServerOriginatedMessage.parser(), "ServerOriginatedMessage"));
          p.addAfter("decoder", "encoder", ProtobufFrameEncoder.INSTANCE);
          p.addAfter("encoder", "api", new ClientMessageHandler(exchange));
        });
    WebSocketConnection connection = new WebSocketConnection(opening.channel(), advisoryName, exchange, 4L * maxFrameSize);
    return opening.upgraded().thenApply(ok -> connection);
  }

  @Override
  protected void send(ClientOriginatedMessage message) {
    if (!channel.isWritable() && channel.bytesBeforeWritable() > maxQueuedBytes) {
      exchange.failed(message, new ProtocolException("the host does not read: more than " + maxQueuedBytes
          + " bytes wait to be sent (the queue limit)"));
      return;
    }
    channel.writeAndFlush(message).addListener(f -> {
      if (!f.isSuccess()) {
        exchange.failed(message, new ProtocolException("could not send request " + message.getId() + ": " + f.cause(), f.cause()));
      }
    });
  }

  /** Sends a close frame and closes; requests still waiting fail at once. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    channel.attr(ClientMessageHandler.LOCAL_FAILURE).setIfAbsent("closed by the client");
    exchange.closed("closed by the client");
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "WebSocketConnection[" + name() + " " + channel.remoteAddress() + "]";
  }
}
