package org.polybridge.internal.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.polybridge.ProtocolException;

/**
 * The client's side of the opening handshake: sends the upgrade request when the socket connects,
 * and on the answer either puts the message handlers in its place ({@code done} completes) or
 * fails {@code done} with the host's refusal in words a person can act on (401: the cookie, 406:
 * the library version).
 */
final class ClientHandshakeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
  static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

  private final WebSocketClientHandshaker handshaker;
  private final int maxFrameSize;
  private final Consumer<ChannelPipeline> messageHandlers;
  private final CompletableFuture<Void> done;
  private ScheduledFuture<?> timeout;

  /** {@code messageHandlers} adds the subprotocol's handlers after the one named {@code "control"}. */
  ClientHandshakeHandler(WebSocketClientHandshaker handshaker, int maxFrameSize, Consumer<ChannelPipeline> messageHandlers,
      CompletableFuture<Void> done) {
    this.handshaker = handshaker;
    this.maxFrameSize = maxFrameSize;
    this.messageHandlers = messageHandlers;
    this.done = done;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> {
      done.completeExceptionally(new ProtocolException("the host did not answer the WebSocket upgrade within "
          + HANDSHAKE_TIMEOUT_SECONDS + " s"));
      ctx.close();
    }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    handshaker.handshake(ctx.channel()).addListener(f -> {
      if (!f.isSuccess()) {
        done.completeExceptionally(new ProtocolException("could not send the WebSocket upgrade: " + f.cause(), f.cause()));
        ctx.close();
      }
    });
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    done.completeExceptionally(new ProtocolException("the host closed the connection during the WebSocket upgrade"));
    ctx.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (!HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
      done.completeExceptionally(failOnRefusal(response));
      ctx.close();
      return;
    }
    try {
      handshaker.finishHandshake(ctx.channel(), response);
    } catch (RuntimeException e) {
      done.completeExceptionally(new ProtocolException("the host's WebSocket upgrade is not valid: " + e.getMessage(), e));
      ctx.close();
      return;
    }
    ChannelPipeline p = ctx.pipeline();
    p.addAfter(ctx.name(), "frames", new WebSocketFrameAggregator(maxFrameSize));
    p.addAfter("frames", "control", new ControlFrameHandler("the host", 4L * maxFrameSize));
    messageHandlers.accept(p);
    p.remove(this);
    done.complete(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    done.completeExceptionally(new ProtocolException("WebSocket upgrade failed: " + cause, cause));
    ctx.close();
  }

  private static ProtocolException failOnRefusal(FullHttpResponse response) {
    int code = response.status().code();
    String body = response.content().toString(StandardCharsets.UTF_8).strip();
    String detail = " (" + code + (body.isEmpty() ? "" : ": " + body) + ")";
    return switch (code) {
      case 401 -> new ProtocolException("the daemon refused the cookie: run `eval \"$(polybridge auth)\"`"
          + " or set ITERM2_COOKIE and ITERM2_KEY to the running daemon's" + detail);
      case 406 -> new ProtocolException("the host does not accept this client library's version" + detail);
      default -> new ProtocolException("the host refused the WebSocket upgrade" + detail);
    };
  }
}
