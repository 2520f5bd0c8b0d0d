package org.polybridge.transport;

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
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.client.RpcDefinition;
import org.polybridge.internal.transport.Transport;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.InvokeFunctionRequest;

/**
 * Round-trip latency (p50, p99) and throughput of {@code add(a: 1, b: 2)} through the bridge over
 * the wire (Unix socket and TCP), against a plain Netty WebSocket echo of a binary frame of the
 * same size over the same socket kind, in the same run; prints the ratios. Not a JMH benchmark: a
 * harness for an order of magnitude. Arguments: seconds per measurement (default 3).
 *
 * <pre>
 * mvn -q -pl bridge-core test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * cd bridge-core &amp;&amp; java --enable-native-access=ALL-UNNAMED -cp \
 *     "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     org.polybridge.transport.WireLatencyHarness 3
 * </pre>
 */
public final class WireLatencyHarness {
  private static final String INVOCATION = "add(a: 1, b: 2)";

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int frameSize = ClientOriginatedMessage.newBuilder().setId(1_000_000)
        .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation(INVOCATION)
            .setApp(InvokeFunctionRequest.App.getDefaultInstance())).build().getSerializedSize();
    Transport transport = Transport.preferred();
    System.out.printf(Locale.ROOT, "transport %s, %d cores, %s s per measurement, frame %d bytes, Java %s%n",
        transport, Runtime.getRuntime().availableProcessors(), seconds, frameSize, Runtime.version());
    Path folder = Files.createTempDirectory("wire-harness");
    try (Bridge bridge = Bridge.newBuilder().build()) {
      bridge.register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
      Credentials credentials = Credentials.random();
      ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).build();
      ApiListener unix = ApiListener.unixSocket(bridge, folder.resolve("private").resolve("socket"), options);
      ApiListener tcp = ApiListener.tcp(bridge, 0, options);
      EventLoopGroup group = transport.newGroup(1, "echo");
      try {
        for (ApiListener listener : new ApiListener[] {unix, tcp}) {
          boolean isUnix = listener.port() < 0;
          String kind = isUnix ? "unix socket" : "tcp";
          SocketAddress echoAddress = isUnix ? UnixDomainSocketAddress.of(folder.resolve("echo")) : new InetSocketAddress("127.0.0.1", 0);
          Channel echoServer = echoServer(transport, group, echoAddress, isUnix);
          SocketAddress echoAt = isUnix ? echoAddress : echoServer.localAddress();
          EchoClient echo = EchoClient.connect(transport, group, echoAt, isUnix);
          byte[] payload = new byte[frameSize];

          Connection connection = Connections.connect(listener.address(), credentials, "harness").get(10, TimeUnit.SECONDS);
          ApiClient api = new ApiClient(connection, Runnable::run);
          Supplier<CompletableFuture<?>> add = () -> api.invoke(INVOCATION, InvocationContext.app(), null);
          Supplier<CompletableFuture<?>> ping = () -> echo.send(payload);

          Result bridgeResult = measure(add, seconds);
          Result echoResult = measure(ping, seconds);
          System.out.printf(Locale.ROOT, "%n%s%n", kind);
          System.out.printf(Locale.ROOT, "  %-28s %s%n", "bridge add(a: 1, b: 2)", bridgeResult);
          System.out.printf(Locale.ROOT, "  %-28s %s%n", "netty echo, " + frameSize + " B frame", echoResult);
          System.out.printf(Locale.ROOT, "  %-28s p50 x%.1f, p99 x%.1f, throughput x%.2f%n", "bridge / echo",
              bridgeResult.p50 / echoResult.p50, bridgeResult.p99 / echoResult.p99, bridgeResult.perSecond / echoResult.perSecond);
          connection.close();
          echo.channel.close().sync();
          echoServer.close().sync();
        }
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    } finally {
      Files.deleteIfExists(folder.resolve("echo"));
      Files.deleteIfExists(folder.resolve("private").resolve("auth"));
      Files.deleteIfExists(folder.resolve("private"));
      Files.deleteIfExists(folder);
    }
  }

  record Result(double p50, double p99, double perSecond) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "p50 %7.1f us   p99 %7.1f us   throughput %,9.0f/s (64 in flight)", p50, p99, perSecond);
    }
  }

  /** Warm-up, then sequential round trips for latency, then 64 in flight for throughput. */
  private static Result measure(Supplier<CompletableFuture<?>> op, double seconds) throws Exception {
    run(op, seconds / 2, 64);
    long[] samples = new long[2_000_000];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end && n < samples.length) {
      long t0 = System.nanoTime();
      op.get().get(10, TimeUnit.SECONDS);
      samples[n++] = System.nanoTime() - t0;
    }
    long[] sorted = Arrays.copyOf(samples, n);
    Arrays.sort(sorted);
    double perSecond = run(op, seconds, 64);
    return new Result(sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3, perSecond);
  }

  private static double run(Supplier<CompletableFuture<?>> op, double seconds, int inFlight) throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      slots.acquire();
      op.get().whenComplete((v, e) -> {
        if (e != null) {
          e.printStackTrace();
        }
        done.incrementAndGet();
        slots.release();
      });
    }
    slots.acquire(inFlight);
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static Channel echoServer(Transport transport, EventLoopGroup group, SocketAddress address, boolean unix) throws Exception {
    return new ServerBootstrap().group(group).channelFactory(transport.serverChannel(unix))
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (!unix) {
              ch.config().setOption(ChannelOption.TCP_NODELAY, true);
            }
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/", null, false, 65536),
                new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
                    ctx.writeAndFlush(frame.retain());
                  }
                });
          }
        }).bind(transport.convert(address)).sync().channel();
  }

  /** A WebSocket client whose echoes come back in order on one connection. */
  private static final class EchoClient {
    final Channel channel;
    final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();

    private EchoClient(Channel channel) {
      this.channel = channel;
    }

    static EchoClient connect(Transport transport, EventLoopGroup group, SocketAddress address, boolean unix) throws Exception {
      CompletableFuture<Void> ready = new CompletableFuture<>();
      EchoClient[] self = new EchoClient[1];
      URI uri = address instanceof InetSocketAddress a ? URI.create("ws://localhost:" + a.getPort() + "/") : URI.create("ws://localhost/");
      Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(transport.clientChannel(unix))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                  new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                      uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 65536)),
                  new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                        ready.complete(null);
                      }
                    }

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
                      self[0].waiting.poll().complete(null);
                    }
                  });
            }
          });
      if (!unix) {
        bootstrap.option(ChannelOption.TCP_NODELAY, true);
      }
      Channel channel = bootstrap.connect(transport.convert(address)).sync().channel();
      self[0] = new EchoClient(channel);
      ready.get(10, TimeUnit.SECONDS);
      return self[0];
    }

    CompletableFuture<Void> send(byte[] payload) {
      CompletableFuture<Void> echoed = new CompletableFuture<>();
      waiting.add(echoed);
      channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
      return echoed;
    }
  }
}
