package org.polybridge.internal.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.ProtocolException;
import org.polybridge.internal.json.Json;
import org.polybridge.transport.Credentials;
import org.polybridge.transport.TerminalLink;

/** The client's end of the {@code pty.polybridge.org} extension: a {@link TerminalLink} over a WebSocket. */
public final class TerminalClient implements TerminalLink {
  private static final System.Logger LOG = System.getLogger(TerminalClient.class.getName());

  private final Channel channel;
  private final BoundedSend out;
  private final CompletableFuture<String> session;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  private TerminalClient(Channel channel, String name, long maxQueuedBytes, CompletableFuture<String> session) {
    this.channel = channel;
    this.out = new BoundedSend(channel, name, maxQueuedBytes);
    this.session = session;
    channel.closeFuture().addListener(f -> {
      session.completeExceptionally(new ProtocolException("the host closed the connection before it opened the session"));
      closed.complete(null);
    });
  }

  /** Connects and upgrades; fails with a {@link ProtocolException} saying what to do. */
  public static CompletableFuture<TerminalLink> connect(Transport transport, EventLoopGroup group, SocketAddress address,
      Credentials credentials, String advisoryName, int maxFrameSize, Listener listener) {
    CompletableFuture<String> session = new CompletableFuture<>();
    WebSocketClients.Opening opening = WebSocketClients.open(transport, group, address, HandshakeRules.TERMINAL_SUBPROTOCOL,
        credentials, advisoryName, maxFrameSize, p -> p.addAfter("control", "terminal", new Handler(session, listener)));
    TerminalClient client = new TerminalClient(opening.channel(), advisoryName, 4L * maxFrameSize, session);
    return opening.upgraded().thenApply(ok -> client);
  }

  @Override
  public CompletableFuture<String> hello(String command, int columns, int rows, String cwd) {
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("command", command);
    hello.put("columns", columns);
    hello.put("rows", rows);
    if (cwd != null) {
      hello.put("cwd", cwd);
    }
    control("hello", hello);
    return session;
  }

  @Override
  public void output(byte[] bytes, int offset, int length) {
    out.send(new BinaryWebSocketFrame(Unpooled.copiedBuffer(bytes, offset, length)));
  }

  @Override
  public void resize(int columns, int rows) {
    control("resize", Map.of("columns", columns, "rows", rows));
  }

  @Override
  public void job(String name) {
    control("job", Map.of("name", name));
  }

  @Override
  public void exit(int status) {
    control("exit", Map.of("status", status));
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closed;
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  private void control(String name, Map<String, Object> body) {
    out.send(new TextWebSocketFrame(Json.write(Map.of(name, body))));
  }

  /** Frames from the host: bytes to show, and JSON control messages. */
  private static final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final CompletableFuture<String> session;
    private final Listener listener;

    Handler(CompletableFuture<String> session, Listener listener) {
      this.session = session;
      this.listener = listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      switch (frame) {
        case BinaryWebSocketFrame binary -> listener.display(ByteBufUtil.getBytes(binary.content()));
        case TextWebSocketFrame text -> control(text.text());
        default -> LOG.log(Level.DEBUG, "ignored a " + frame.getClass().getSimpleName());
      }
    }

    private void control(String text) {
      if (!(Json.parse(text) instanceof Map<?, ?> message)) {
        throw new ProtocolException("the host sent " + text + " (expected: a JSON object)");
      }
      message.forEach((name, value) -> {
        switch (String.valueOf(name)) {
          case "session" -> session.complete(String.valueOf(value));
          case "type" -> listener.type(String.valueOf(value));
          case "close" -> listener.close();
          default -> LOG.log(Level.DEBUG, "ignored the control message " + name);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      WireFailures.closeAfter(ctx, cause, LOG, "the terminal's connection");
    }
  }
}
