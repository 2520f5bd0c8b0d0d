package org.polybridge.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.internal.protocol.ApiServer;

/**
 * One bound server socket (Unix or TCP), serving the API to each client on its bridge's event loops
 * ({@link ServerLoops}, which it shares with the bridge's other servers and does not shut down).
 */
public final class WireServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WireServer.class.getName());

  private final ChannelGroup accepted;
  private final ChannelGroup clients;
  private final Channel channel;
  private final SocketAddress address;
  private final Path socketFile;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WireServer(ChannelGroup accepted, ChannelGroup clients, Channel channel, SocketAddress address, Path socketFile) {
    this.accepted = accepted;
    this.clients = clients;
    this.channel = channel;
    this.address = address;
    this.socketFile = socketFile;
  }

  /** Listens on a Unix socket at {@code path}: folder 0700 when made here and private in any case, a stale socket replaced, socket 0600. */
  public static WireServer unixSocket(ServerLoops loops, ApiServer server, WireSettings settings, Path path) {
    Path file = path.toAbsolutePath();
    UnixSocketFiles.prepare(file);
    Transport transport = loops.transport();
    WireServer wire = bind(loops, server, settings, transport.unixAddress(file), true, UnixDomainSocketAddress.of(file), file);
    try {
      UnixSocketFiles.restrict(file);
    } catch (UncheckedIOException e) {
      wire.close();
      throw e;
    }
    LOG.log(Level.INFO, "listening on " + file + " (" + transport.name().toLowerCase(java.util.Locale.ROOT) + ")");
    return wire;
  }

  /** Listens on TCP {@code 127.0.0.1:port} ({@code 0}: any free port). */
  public static WireServer tcp(ServerLoops loops, ApiServer server, WireSettings settings, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port : " + port + " (expected: 0 to 65535)");
    }
    InetSocketAddress address = new InetSocketAddress(loopback(), port);
    WireServer wire = bind(loops, server, settings, address, false, null, null);
    LOG.log(Level.INFO, "listening on " + describe(wire.address()));
    return wire;
  }

  private static WireServer bind(ServerLoops loops, ApiServer server, WireSettings settings,
      SocketAddress bindAddress, boolean unix, SocketAddress publicAddress, Path socketFile) {
    EventLoopGroup group = loops.group();
    ChannelGroup accepted = new DefaultChannelGroup(group.next());
    ChannelGroup clients = new DefaultChannelGroup(group.next());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channelFactory(loops.transport().serverChannel(unix))
        .childHandler(new ServerInitializer(server, settings, accepted, clients, unix))
        .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, ProtobufSizeEstimator.INSTANCE)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
    if (!unix) {
      bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
    }
    try {
      Channel channel = bootstrap.bind(bindAddress).sync().channel();
      SocketAddress address = unix ? publicAddress : channel.localAddress();
      return new WireServer(accepted, clients, channel, address, socketFile);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new UncheckedIOException("cannot listen on " + (socketFile != null ? socketFile : bindAddress) + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** An {@link InetSocketAddress} for TCP, a {@link UnixDomainSocketAddress} for a Unix socket. */
  public SocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    clients.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code(), "the host is shutting down"))
        .awaitUninterruptibly(1, TimeUnit.SECONDS);
    List<Channel> open = List.copyOf(accepted);
    accepted.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    for (Channel connection : open) { // the host has let each go when close returns, as it had when this owned its loops
      Future<Void> ended = ended(connection);
      if (!ended.awaitUninterruptibly(2, TimeUnit.SECONDS)) {
        ended.cancel(false); // stops its looking
        LOG.log(Level.WARNING, "a connection of " + describe(address) + " had not ended 2 s after it was closed");
      }
    }
    if (socketFile != null) {
      try {
        Files.deleteIfExists(socketFile);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not remove " + socketFile + ": " + e.getMessage());
      }
    }
    LOG.log(Level.INFO, "stopped listening on " + describe(address));
  }

  /**
   * Completes when the closed {@code connection} has left its loop (its handlers saw it go inactive,
   * which ends its connection to the host). Its close completes first and queues that step on the
   * loop, maybe in more than one hop: a task on the loop looks, and queues itself behind it if it has
   * not run yet.
   */
  private static Future<Void> ended(Channel connection) {
    EventLoop loop = connection.eventLoop();
    Promise<Void> ended = loop.newPromise();
    try {
      loop.execute(new Runnable() {
        @Override
        public void run() {
          if (ended.isDone()) {
            return;
          }
          if (connection.isRegistered()) {
            loop.execute(this);
          } else {
            ended.setSuccess(null);
          }
        }
      });
    } catch (RejectedExecutionException e) { // the loops are shut down: nothing is left on them
      ended.setSuccess(null);
    }
    return ended;
  }

  private static String describe(SocketAddress address) {
    return address instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort()
        : address instanceof UnixDomainSocketAddress u ? u.getPath().toString() : String.valueOf(address);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
