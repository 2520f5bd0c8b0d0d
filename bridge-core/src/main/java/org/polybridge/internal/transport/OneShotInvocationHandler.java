package org.polybridge.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.internal.invocation.Futures;
import org.polybridge.internal.protocol.OneShotInvocations;

/**
 * {@code POST /invoke}, once {@link ServerHandshakeHandler} has let it in: reads the invocation (the
 * body, UTF-8) and its context and timeout (the query) into a {@link OneShotInvocations.Call},
 * and answers with what {@code polybridge invoke} prints: 200 and the value's JSON, or the failure's
 * status and message (docs/PROTOCOL.md, "One-shot invocations"). Then it closes: one request per
 * connection. A connection that closes first gives its invocation up.
 */
final class OneShotInvocationHandler extends SimpleChannelInboundHandler<HttpObject> {
  private static final System.Logger LOG = System.getLogger(OneShotInvocationHandler.class.getName());
  /** The invocation's status, on an answer that says it failed: a client tells it from a refusal by this. */
  static final String STATUS_HEADER = "x-polybridge-invocation-status";
  private static final List<String> CONTEXTS = List.of("session", "tab", "window");

  private final OneShotInvocations invocations;
  private CompletableFuture<OneShotInvocations.Answer> answer;

  OneShotInvocationHandler(OneShotInvocations invocations) {
    this.invocations = invocations;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
    if (answer != null || !(message instanceof FullHttpRequest request)) {
      return; // one request per connection: whatever follows it is dropped
    }
    OneShotInvocations.Call call;
    try {
      call = call(request);
    } catch (IllegalArgumentException e) {
      answer = CompletableFuture.completedFuture(null);
      respond(ctx, HttpResponseStatus.BAD_REQUEST, null, e.getMessage() + "\n");
      return;
    }
    answer = invocations.invoke(call);
    answer.whenComplete((text, error) -> {
      if (error == null) {
        respond(ctx, status(text.failure()), text.failure(), text.text());
      } else if (!(Futures.unwrap(error) instanceof CancellationException)) {
        Throwable cause = Futures.unwrap(error);
        LOG.log(Level.WARNING, "POST /invoke of " + ctx.channel().remoteAddress() + " failed", cause);
        respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, InvocationException.Status.FAILED,
            (cause.getMessage() != null ? cause.getMessage() : cause.toString()) + "\n");
      }
    });
  }

  /** The client went away before its answer: the invocation is given up. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (answer != null) {
      answer.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  /**
   * The call the request asks for: the body is the invocation; the query may name one of {@code
   * session}, {@code tab}, {@code window} and a {@code timeout} in seconds, as {@code polybridge
   * invoke}'s options do.
   *
   * @throws IllegalArgumentException naming the parameter and the rule it broke
   */
  static OneShotInvocations.Call call(FullHttpRequest request) {
    Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
    InvocationContext context = InvocationContext.app();
    String given = null;
    Duration timeout = null;
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      String name = parameter.getKey();
      if (parameter.getValue().size() > 1) {
        throw new IllegalArgumentException("query parameter " + name + " is given " + parameter.getValue().size()
            + " times (expected: once)");
      }
      String value = parameter.getValue().getFirst();
      if (CONTEXTS.contains(name)) {
        if (given != null) {
          throw new IllegalArgumentException("query parameters " + given + " and " + name
              + " exclude each other (expected: at most one of session, tab, window)");
        }
        if (value.isEmpty()) {
          throw new IllegalArgumentException("query parameter " + name + " : '' (expected: an id)");
        }
        given = name;
        context = switch (name) {
          case "session" -> InvocationContext.session(value);
          case "tab" -> InvocationContext.tab(value);
          default -> InvocationContext.window(value);
        };
      } else if (name.equals("timeout")) {
        timeout = timeout(value);
      } else {
        throw new IllegalArgumentException("query parameter " + name + " is not known (expected: session, tab, window, timeout)");
      }
    }
    return new OneShotInvocations.Call(request.content().toString(StandardCharsets.UTF_8), context, timeout);
  }

  /** Seconds as {@code polybridge invoke --timeout} takes them: a number greater than 0, cut to the millisecond. */
  private static Duration timeout(String value) {
    double seconds;
    try {
      seconds = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      seconds = Double.NaN;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("query parameter timeout : '" + value + "' (expected: a number of seconds greater than 0)");
    }
    return Duration.ofMillis((long) (seconds * 1000));
  }

  /**
   * A failed invocation's HTTP status: 422 when the invocation or its context is not valid, 504
   * when it ran out of time, 500 when a function failed or nothing matched. None of these is a
   * status the handshake refuses with, so a client tells the two apart by the status alone.
   */
  static HttpResponseStatus status(InvocationException.Status failure) {
    if (failure == null) {
      return HttpResponseStatus.OK;
    }
    return switch (failure) {
      case REQUEST_MALFORMED, INVALID_ID -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
      case TIMEOUT -> HttpResponseStatus.GATEWAY_TIMEOUT;
      case FAILED -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, InvocationException.Status failure, String text) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, status == HttpResponseStatus.OK
            ? HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8"
            : HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    if (failure != null) {
      response.headers().set(STATUS_HEADER, failure.name());
    }
    HttpUtil.setContentLength(response, response.content().readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
