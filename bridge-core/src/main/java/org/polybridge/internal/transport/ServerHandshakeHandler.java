package org.polybridge.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.protocol.OneShotInvocations;
import org.polybridge.proto.ClientOriginatedMessage;

/**
 * The server's side of the opening handshake: checks the upgrade request as iTerm2 does ({@link
 * HandshakeRules}), refuses it with the status iTerm2's clients expect (400, 401, 406; 404 for another path) and closes,
 * or upgrades and puts the message handlers of the subprotocol it speaks in its own place (iTerm2's
 * protobuf API, or polybridge's terminal or REPL extension). On a Unix socket it also lets in
 * polybridge's one-shot invocation, {@code POST /invoke}, under the same checks, and hands it to
 * {@link OneShotInvocationHandler}. A client that does not finish its request within the handshake
 * timeout is dropped.
 */
final class ServerHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final System.Logger LOG = System.getLogger(ServerHandshakeHandler.class.getName());
  static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

  private final ApiServer server;
  private final WireSettings settings;
  private final ChannelGroup clients;
  private final UnauthenticatedConnections unauthenticated;
  private final OneShotInvocations invocations;
  private final boolean unixSocket;
  private ScheduledFuture<?> timeout;

  /**
   * {@code unauthenticated} counted this connection in; it is counted out when this handler goes.
   * {@code unixSocket}: the connection came to a Unix socket, the one place {@code POST /invoke} is
   * served ({@link HandshakeRules#checkInvocation}).
   */
  ServerHandshakeHandler(ApiServer server, WireSettings settings, ChannelGroup clients, UnauthenticatedConnections unauthenticated,
      OneShotInvocations invocations, boolean unixSocket) {
    this.server = server;
    this.settings = settings;
    this.clients = clients;
    this.unauthenticated = unauthenticated;
    this.invocations = invocations;
    this.unixSocket = unixSocket;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> {
      unauthenticated.refused("dropped " + ctx.channel().remoteAddress() + ": no upgrade request within "
          + HANDSHAKE_TIMEOUT_SECONDS + " s");
      ctx.close();
    }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Upgraded, refused or closed: either way no longer in the handshake. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    unauthenticated.left();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      refuse(ctx, new HandshakeRules.Rejection(HttpResponseStatus.BAD_REQUEST,
          "malformed HTTP request: " + request.decoderResult().cause().getMessage()));
      return;
    }
    if (HandshakeRules.isInvocation(request)) {
      Optional<HandshakeRules.Rejection> rejection = HandshakeRules.checkInvocation(request, settings.credentials(), unixSocket);
      if (rejection.isPresent()) {
        refuse(ctx, rejection.get());
      } else {
        invoke(ctx, request);
      }
      return;
    }
    Optional<HandshakeRules.Rejection> rejection = HandshakeRules.check(request, settings.credentials());
    if (rejection.isPresent()) {
      refuse(ctx, rejection.get());
      return;
    }
    upgrade(ctx, request);
  }

  /** Let in: the one-shot invocation's handler takes the request, and this handler's place. */
  private void invoke(ChannelHandlerContext ctx, FullHttpRequest request) {
    ChannelPipeline p = ctx.pipeline();
    p.addAfter(ctx.name(), "invoke", new OneShotInvocationHandler(invocations));
    ctx.fireChannelRead(request.retain());
    p.remove(this);
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(settings.maxFrameSize())
        .expectMaskedFrames(true)
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
    String subprotocol = HandshakeRules.subprotocol(request);
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory("ws://localhost/", subprotocol, decoder).newHandshaker(request);
    String name = advisoryName(ctx, request);
    handshaker.handshake(ctx.channel(), request,
            new DefaultHttpHeaders().set(HandshakeRules.PROTOCOL_VERSION_HEADER, HandshakeRules.PROTOCOL_VERSION),
            ctx.newPromise())
        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    ChannelPipeline p = ctx.pipeline();
    p.addAfter(ctx.name(), "frames", new WebSocketFrameAggregator(settings.maxFrameSize()));
    p.addAfter("frames", "control", new ControlFrameHandler(name, settings.maxQueuedBytes()));
    if (HandshakeRules.TERMINAL_SUBPROTOCOL.equals(subprotocol)) {
      p.addAfter("control", "terminal", new TerminalFrameHandler(server, name, settings.maxQueuedBytes()));
    } else if (HandshakeRules.REPL_SUBPROTOCOL.equals(subprotocol)) {
      p.addAfter("control", "repl", new ReplFrameHandler(server.repls(), name, settings.maxQueuedBytes()));
    } else {
      p.addAfter("control", "decoder", new ProtobufFrameDecoder<>(ClientOriginatedMessage.parser(), "ClientOriginatedMessage"));
      p.addAfter("decoder", "encoder", ProtobufFrameEncoder.INSTANCE);
      p.addAfter("encoder", "api", new ServerMessageHandler(server, name, settings));
    }
    p.remove(this);
    clients.add(ctx.channel());
    LOG.log(Level.DEBUG, "upgraded " + name + " (" + subprotocol + ")");
  }

  private void refuse(ChannelHandlerContext ctx, HandshakeRules.Rejection rejection) {
    unauthenticated.refused("refused " + ctx.channel().remoteAddress() + ": " + rejection.status().code() + " " + rejection.reason());
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, rejection.status(),
        Unpooled.copiedBuffer(rejection.reason() + "\n", StandardCharsets.UTF_8));
    if (rejection.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST);
    }
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    HttpUtil.setContentLength(response, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static String advisoryName(ChannelHandlerContext ctx, FullHttpRequest request) {
    String name = request.headers().get(HandshakeRules.ADVISORY_NAME_HEADER);
    if (name != null && !name.isBlank()) {
      return name.strip();
    }
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? "client " + a.getAddress().getHostAddress() + ":" + a.getPort()
        : "client " + ctx.channel().id().asShortText() + " on the Unix socket";
  }
}
