package org.polybridge.cli.console;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.lang.System.Logger.Level;
import org.polybridge.internal.transport.UnauthenticatedConnections;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Translates HTTP to {@link ConsoleRequest} and {@link ConsoleResponse} back, with the headers every
 * answer carries (nothing from elsewhere may load, nothing is cached, no page may frame it); a
 * stream of events stays open until the page goes. What to answer is decided off the event loop.
 *
 * <p>A connection counts as unauthenticated ({@link UnauthenticatedConnections}, the same count as
 * the API listener's) until a request on it signs in; one that has not within {@link
 * #SIGN_IN_TIMEOUT} is closed, so that connections that never sign in cannot hold the cap.
 */
final class ConsoleHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final System.Logger LOG = System.getLogger(ConsoleHttpHandler.class.getName());
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cache-Control", "no-store");

  /** How long a connection may stay without a request that signs in (shows the cookie or a token). */
  static final Duration SIGN_IN_TIMEOUT = Duration.ofSeconds(10);

  private final Function<ConsoleRequest, CompletableFuture<ConsoleResponse>> answer;
  private final UnauthenticatedConnections unauthenticated;
  /** Counted in {@link #unauthenticated} (the server admitted it), until a request signs in or it closes; event loop only. */
  private boolean counted;
  private ScheduledFuture<?> timeout;

  /**
   * A handler for one connection, which {@code unauthenticated} admitted and counts until a request
   * signs in; {@code answer} decides each request's answer off the event loop.
   */
  ConsoleHttpHandler(Function<ConsoleRequest, CompletableFuture<ConsoleResponse>> answer, UnauthenticatedConnections unauthenticated) {
    this.answer = answer;
    this.unauthenticated = unauthenticated;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    counted = true;
    timeout = ctx.executor().schedule(() -> {
      if (counted) {
        unauthenticated.refused("console: dropped " + ctx.channel().remoteAddress() + ": no signed-in request within "
            + SIGN_IN_TIMEOUT.toSeconds() + " s");
        ctx.close();
      }
    }, SIGN_IN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    timeout.cancel(false);
    countOut();
  }

  private void countOut() {
    if (counted) {
      counted = false;
      unauthenticated.left();
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
    boolean keepAlive = HttpUtil.isKeepAlive(http);
    ConsoleRequest request = decode(http);
    answer.apply(request).whenComplete((response, failure) -> {
      if (failure != null) {
        LOG.log(Level.WARNING, "the console failed to answer " + request.method() + " " + request.path(), failure);
        response = ConsoleResponse.error(500, String.valueOf(failure.getMessage()));
      }
      ConsoleResponse answered = response;
      Runnable send = () -> {
        if (answered.signedIn()) {
          countOut();
          timeout.cancel(false);
        }
        write(ctx, answered, keepAlive);
      };
      if (ctx.executor().inEventLoop()) {
        send.run();
      } else {
        ctx.executor().execute(send);
      }
    });
  }

  static ConsoleRequest decode(FullHttpRequest http) {
    QueryStringDecoder uri = new QueryStringDecoder(http.uri());
    Map<String, String> query = new HashMap<>();
    uri.parameters().forEach((name, values) -> query.put(name, values.getFirst()));
    Map<String, String> cookies = new HashMap<>();
    for (String header : http.headers().getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
        cookies.putIfAbsent(c.name(), c.value());
      }
    }
    return new ConsoleRequest(http.method().name(), uri.path(), query, http.headers().get(HttpHeaderNames.HOST),
        http.headers().get(HttpHeaderNames.ORIGIN), cookies, http.content().toString(StandardCharsets.UTF_8));
  }

  private static void write(ChannelHandlerContext ctx, ConsoleResponse response, boolean keepAlive) {
    if (response.events() != null) {
      openStream(ctx, response);
      return;
    }
    DefaultFullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    headers(http.headers(), response);
    HttpUtil.setContentLength(http, response.body().length);
    HttpUtil.setKeepAlive(http, keepAlive);
    ChannelFuture written = ctx.writeAndFlush(http);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The headers, then one chunk per event for as long as the connection lasts. */
  private static void openStream(ChannelHandlerContext ctx, ConsoleResponse response) {
    HttpResponse http = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    headers(http.headers(), response);
    http.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    ctx.writeAndFlush(http);
    ConsoleEvents.Feed feed = response.events();
    feed.start((event, data) -> ctx.writeAndFlush(new DefaultHttpContent(
        Unpooled.copiedBuffer("event: " + event + "\ndata: " + data + "\n\n", StandardCharsets.UTF_8))));
    ctx.channel().closeFuture().addListener(f -> feed.stop()); // at once if the page went already
  }

  private static void headers(HttpHeaders headers, ConsoleResponse response) {
    SECURITY_HEADERS.forEach(headers::set);
    headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    response.headers().forEach(headers::set);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.DEBUG, "console connection " + ctx.channel().remoteAddress() + " closed: " + cause);
    ctx.close();
  }
}
