package org.polybridge.benchmarks;

import static java.util.concurrent.TimeUnit.SECONDS;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.transport.Transport;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.transport.ApiListener;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * A round trip over the wire: {@code add(a: 1, b: 2)} from the project's Java client ({@link
 * ApiClient} over {@link Connections}) to a bridge serving a Java {@code add} on a Unix socket or on
 * TCP, against a baseline in the same run: a plain Netty WebSocket echo of a binary frame of the
 * request's size over the same kind of socket. Latency (SampleTime: p50, p99), the throughput of
 * one caller, and the throughput with {@value #IN_FLIGHT} requests in flight. See README.md.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Guests.NATIVE_ACCESS, Guests.UNSAFE})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireBenchmark {
  static final String INVOCATION = "add(a: 1, b: 2)";
  /** Requests sent before waiting, in the pipelined benchmarks. */
  static final int IN_FLIGHT = 16;
  /** A hung round trip fails the benchmark instead of stalling it. */
  static final long TIMEOUT_SECONDS = 10;

  @Param({"unix", "tcp"})
  String transport;

  Path temp;
  Bridge bridge;
  ApiClient client;
  Echo plainEcho;

  @Setup
  public void start() throws Exception {
    boolean unix = switch (transport) {
      case "unix" -> true;
      case "tcp" -> false;
      default -> throw new IllegalArgumentException("transport : " + transport + " (expected: unix or tcp)");
    };
    temp = Guests.tempFolder("polybridge-bench-wire");
    bridge = Bridge.newBuilder().logFolder(temp.resolve("logs")).build();
    bridge.register(RpcDefinition.of("add", "a", "b"), GuestRpcBenchmark.ADD);
    Credentials credentials = Credentials.random();
    ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).build();
    ApiListener listener = unix
        ? ApiListener.unixSocket(bridge, temp.resolve("private").resolve("socket"), options)
        : ApiListener.tcp(bridge, 0, options);
    // The connection's I/O threads are Connections' own (shared, daemon): they outlive the trial.
    client = new ApiClient(Connections.connect(listener.address(), credentials, "wire-benchmark")
        .get(TIMEOUT_SECONDS, SECONDS), Runnable::run);
    plainEcho = Echo.start(unix, temp.resolve("echo"), requestSize());
    add();
    echo();
  }

  @TearDown
  public void stop() {
    if (client != null) {
      client.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (plainEcho != null) {
      plainEcho.close();
    }
    Guests.delete(temp);
  }

  /**
   * The request as the client encodes it. Its id is a varint: 1,000,000 takes 3 bytes, as every id
   * from 16,384 to about 2 million does, which is where a trial's ids are most of the time.
   */
  static int requestSize() {
    return ClientOriginatedMessage.newBuilder().setId(1_000_000)
        .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation(INVOCATION)
            .setApp(InvokeFunctionRequest.App.getDefaultInstance()))
        .build().getSerializedSize();
  }

  /** Ours: the invocation over the wire, answered by the registered Java function. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object add() throws Exception {
    return checked(client.invoke(INVOCATION, InvocationContext.app(), null).get(TIMEOUT_SECONDS, SECONDS));
  }

  /** Baseline of {@link #add}: a frame of the request's size, echoed. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object echo() throws Exception {
    return plainEcho.send().get(TIMEOUT_SECONDS, SECONDS);
  }

  /** {@link #add} as round trips per second of one caller. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object addThroughput() throws Exception {
    return add();
  }

  /** Baseline of {@link #addThroughput}. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object echoThroughput() throws Exception {
    return echo();
  }

  /** {@value #IN_FLIGHT} invocations sent, then their answers awaited; ops/s counts invocations. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public Object addPipelined() throws Exception {
    List<CompletableFuture<Object>> calls = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      calls.add(client.invoke(INVOCATION, InvocationContext.app(), null));
    }
    Object last = null;
    for (CompletableFuture<Object> call : calls) {
      last = checked(call.get(TIMEOUT_SECONDS, SECONDS));
    }
    return last;
  }

  /** Baseline of {@link #addPipelined}: {@value #IN_FLIGHT} frames sent, then their echoes awaited. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(IN_FLIGHT)
  public Object echoPipelined() throws Exception {
    List<CompletableFuture<Void>> echoes = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      echoes.add(plainEcho.send());
    }
    for (CompletableFuture<Void> e : echoes) {
      e.get(TIMEOUT_SECONDS, SECONDS);
    }
    return echoes;
  }

  private static Object checked(Object answer) {
    if (!(answer instanceof Long n) || n != 3) {
      throw new IllegalStateException(INVOCATION + " answered " + answer + " (expected: 3)");
    }
    return answer;
  }

  /**
   * A plain Netty WebSocket echo, no polybridge code: a server that writes each binary frame back,
   * and one client that sends a frame and completes a future when it is back. Same transport as
   * the bridge's (epoll where it loads), same socket options (TCP_NODELAY on both ends), and, as
   * on the wire, the server on other threads than the client.
   */
  static final class Echo implements AutoCloseable {
    private static final int MAX_FRAME = 64 * 1024;

    private final EventLoopGroup serverLoops;
    private final EventLoopGroup clientLoops;
    private final Channel server;
    private final Channel client;
    private final byte[] payload;
    /** The frames sent and not yet back: echoes come back in order on one connection. */
    private final Queue<CompletableFuture<Void>> waiting;

    private Echo(EventLoopGroup serverLoops, EventLoopGroup clientLoops, Channel server, Channel client, byte[] payload,
        Queue<CompletableFuture<Void>> waiting) {
      this.serverLoops = serverLoops;
      this.clientLoops = clientLoops;
      this.server = server;
      this.client = client;
      this.payload = payload;
      this.waiting = waiting;
    }

    /** Listens on {@code socketFile} (unix) or an ephemeral TCP port of 127.0.0.1, and connects to it. */
    static Echo start(boolean unix, Path socketFile, int frameSize) throws Exception {
      Transport transport = Transport.preferred();
      EventLoopGroup serverLoops = transport.newGroup(1, "wire-echo-server");
      EventLoopGroup clientLoops = transport.newGroup(1, "wire-echo-client");
      try {
        Channel server = new ServerBootstrap().group(serverLoops).channelFactory(transport.serverChannel(unix))
            .childHandler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                if (!unix) {
                  ch.config().setOption(ChannelOption.TCP_NODELAY, true);
                }
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_FRAME),
                    new WebSocketServerProtocolHandler("/", null, false, MAX_FRAME), new EchoHandler());
              }
            })
            .bind(unix ? transport.unixAddress(socketFile) : new InetSocketAddress("127.0.0.1", 0)).sync().channel();

        Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        URI uri = unix ? URI.create("ws://localhost/")
            : URI.create("ws://localhost:" + ((InetSocketAddress) server.localAddress()).getPort() + "/");
        Bootstrap bootstrap = new Bootstrap().group(clientLoops).channelFactory(transport.clientChannel(unix))
            .handler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_FRAME),
                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), MAX_FRAME)),
                    new ClientHandler(frameSize, waiting, upgraded));
              }
            });
        if (!unix) {
          bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        Channel client = bootstrap.connect(server.localAddress()).sync().channel();
        upgraded.get(TIMEOUT_SECONDS, SECONDS);
        return new Echo(serverLoops, clientLoops, server, client, new byte[frameSize], waiting);
      } catch (Exception e) {
        shutDown(serverLoops, clientLoops);
        throw e;
      }
    }

    /** Sends one frame of the request's size; completes when it is back. */
    CompletableFuture<Void> send() {
      CompletableFuture<Void> echoed = new CompletableFuture<>();
      waiting.add(echoed);
      // wrappedBuffer does not copy; the masking encoder writes a new buffer and leaves the array as it is
      client.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))).addListener(f -> {
        if (!f.isSuccess()) {
          echoed.completeExceptionally(f.cause());
        }
      });
      return echoed;
    }

    @Override
    public void close() {
      client.close().syncUninterruptibly();
      server.close().syncUninterruptibly();
      shutDown(serverLoops, clientLoops);
    }

    private static void shutDown(EventLoopGroup... groups) {
      for (EventLoopGroup group : groups) {
        group.shutdownGracefully(0, 1, SECONDS);
      }
      for (EventLoopGroup group : groups) {
        group.terminationFuture().syncUninterruptibly();
      }
    }
  }

  /** Writes each binary frame back as it came. */
  private static final class EchoHandler extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
      ctx.writeAndFlush(frame.retain());
    }
  }

  /** Completes the oldest waiting send with each echo; fails them all if the connection goes. */
  private static final class ClientHandler extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
    private final int frameSize;
    private final Queue<CompletableFuture<Void>> waiting;
    private final CompletableFuture<Void> upgraded;

    ClientHandler(int frameSize, Queue<CompletableFuture<Void>> waiting, CompletableFuture<Void> upgraded) {
      this.frameSize = frameSize;
      this.waiting = waiting;
      this.upgraded = upgraded;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        upgraded.complete(null);
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
      CompletableFuture<Void> echoed = waiting.poll();
      if (echoed == null) {
        throw new IllegalStateException("an echo nobody waits for");
      }
      if (frame.content().readableBytes() != frameSize) {
        echoed.completeExceptionally(new IllegalStateException(
            "echo of " + frame.content().readableBytes() + " bytes (expected: " + frameSize + ")"));
      } else {
        echoed.complete(null);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      IllegalStateException closed = new IllegalStateException("the echo connection closed");
      upgraded.completeExceptionally(closed);
      for (CompletableFuture<Void> echoed; (echoed = waiting.poll()) != null; ) {
        echoed.completeExceptionally(closed);
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      upgraded.completeExceptionally(cause);
      ctx.close();
    }
  }
}
