package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * How a failure on an open WebSocket ends it: the close code that names what went wrong, sent in a
 * close frame before the channel closes. Only the one connection ends; the server serves on.
 */
final class WireFailures {
  private WireFailures() {}

  /** The close status for {@code cause}: the decoder's own, 1009 for an oversized message, else 1011. */
  static WebSocketCloseStatus closeStatus(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof CorruptedWebSocketFrameException c && c.closeStatus() != null) {
        return c.closeStatus();
      }
      if (t instanceof TooLongFrameException) {
        return WebSocketCloseStatus.MESSAGE_TOO_BIG;
      }
    }
    return WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
  }

  /** Whether {@code cause} is the peer vanishing (reset, broken pipe) rather than a fault to report. */
  static boolean isDisconnect(Throwable cause) {
    return cause instanceof IOException && !(cause instanceof java.io.InterruptedIOException);
  }

  /**
   * Ends the channel after {@code cause}: quietly when the peer went away, else with the close code
   * that names the fault and a warning that names {@code what} ({@code "the connection of x"}).
   */
  static void closeAfter(ChannelHandlerContext ctx, Throwable cause, System.Logger log, String what) {
    escalateOutOfMemory(cause);
    if (isDisconnect(cause)) {
      log.log(Level.DEBUG, what + " went away: " + cause);
      ctx.close();
      return;
    }
    WebSocketCloseStatus status = closeStatus(cause);
    log.log(Level.WARNING, "closing " + what + " (close code " + status.code() + "): " + cause.getMessage());
    close(ctx.channel(), status, cause.getMessage());
  }

  /**
   * An {@link OutOfMemoryError} (in {@code cause} or its causes) is no fault of one connection, and
   * the process may not survive it: it goes to the thread's uncaught-exception handler, where the
   * application decides (the daemon's exits, so that its service manager restarts it). Netty would
   * otherwise have caught it, and the process served on without the memory to.
   */
  static void escalateOutOfMemory(Throwable cause) {
    Throwable t = cause;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        Thread thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, oom);
        return;
      }
    }
  }

  /** Sends a close frame with {@code status} and {@code reason} (cut to fit), then closes. */
  static void close(Channel channel, WebSocketCloseStatus status, String reason) {
    if (!channel.isActive()) {
      channel.close();
      return;
    }
    channel.writeAndFlush(new CloseWebSocketFrame(status.code(), fit(reason))).addListener(ChannelFutureListener.CLOSE);
  }

  /** A close frame's reason is at most 123 bytes of UTF-8. */
  private static String fit(String reason) {
    String s = reason == null ? "" : reason;
    while (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
      s = s.substring(0, s.length() - 2) + "…";
    }
    return s;
  }
}
