package org.polybridge.cli.console;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.polybridge.Bridge;
import org.polybridge.internal.transport.UnauthenticatedConnections;
import org.polybridge.internal.transport.WireSettings;

/**
 * The daemon's browser console (docs/CONSOLE.md): an HTTP server on 127.0.0.1, on a free port,
 * started when the first address is asked for ({@code iterm2.console()}, which {@code polybridge
 * console} calls) and closed with the daemon.
 *
 * <pre>{@code
 * ConsoleServer console = new ConsoleServer(bridge, logFolder);
 * bridge.closeWithBridge(console);
 * bridge.console(console::newAddress);
 * }</pre>
 *
 * <p>HTTP is read and written on the bridge's event loops ({@link Bridge#eventLoops()}), beside
 * the API's listeners; one thread of its own, made on first use: {@code polybridge-console}, where
 * requests are answered and open pages' data is looked at (reading logs, asking the bridge).
 *
 * <p>As every listener of the daemon, it caps the connections that have not signed in (64 at a
 * time, as the API listener's handshakes): one more is closed as soon as it is accepted.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConsoleServer.class.getName());

  private final Bridge bridge;
  private final Path logs;
  private final ConsoleGuard guard;
  private final UnauthenticatedConnections unauthenticated;
  private final ScheduledThreadPoolExecutor executor;
  private Channel channel;
  /** The connections it accepted: the loops outlive the console, so it closes them itself. */
  private ChannelGroup clients;
  private ConsoleData data;
  private ConsoleEvents events;
  private boolean closed;

  /** A console of {@code bridge}, whose scripts log to {@code logs}; nothing runs until an address is asked for. */
  public ConsoleServer(Bridge bridge, Path logs) {
    this(bridge, logs, Clock.systemUTC());
  }

  ConsoleServer(Bridge bridge, Path logs, Clock clock) {
    this(bridge, logs, clock, WireSettings.DEFAULT_MAX_UNAUTHENTICATED);
  }

  /** {@code maxUnauthenticated}: connections that have not signed in yet, at most, at a time. */
  ConsoleServer(Bridge bridge, Path logs, Clock clock, int maxUnauthenticated) {
    this.unauthenticated = new UnauthenticatedConnections(maxUnauthenticated);
    this.bridge = Objects.requireNonNull(bridge, "bridge == null");
    this.logs = Objects.requireNonNull(logs, "logs == null");
    this.guard = new ConsoleGuard(clock);
    this.executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "polybridge-console");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * A new address with a one-time token: {@code {"url": "http://127.0.0.1:PORT/?token=…", "port":
   * PORT, "token_lifetime_s": 300}}. Starts the server on first use, on its own thread.
   */
  public CompletableFuture<Object> newAddress() {
    return CompletableFuture.supplyAsync(() -> {
      int port = start();
      Map<String, Object> address = new LinkedHashMap<>();
      address.put("url", "http://127.0.0.1:" + port + "/?token=" + guard.newToken());
      address.put("port", port);
      address.put("token_lifetime_s", ConsoleGuard.TOKEN_LIFETIME.toSeconds());
      return address;
    }, executor);
  }

  /** The port, binding first if need be; runs on the console's thread only. */
  private int start() {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the console is closed (the daemon is stopping)");
      }
      if (channel != null) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
      }
    }
    ServerBootstrap bootstrap = bridge.eventLoops().newServerBootstrap(); // before what would need closing
    ChannelGroup clients = new DefaultChannelGroup(bootstrap.config().group().next());
    ConsoleData data = new ConsoleData(bridge, logs);
    ConsoleEvents events = new ConsoleEvents(data, executor);
    ConsoleRoutes routes = new ConsoleRoutes(guard, data, events);
    bootstrap
        .childOption(ChannelOption.TCP_NODELAY, true) // an answer is one write: nothing to gain from holding it back
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (!unauthenticated.admit()) {
              unauthenticated.refused("console: refused " + ch.remoteAddress() + ": " + unauthenticated.max()
                  + " connections have not signed in yet (the limit)");
              ch.close();
              return;
            }
            clients.add(ch);
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(ConsoleRoutes.MAX_BODY),
                new ConsoleHttpHandler(request -> CompletableFuture.supplyAsync(() -> routes.handle(request), executor)
                    .thenCompose(answer -> answer), unauthenticated));
          }
        });
    Channel bound;
    try {
      bound = bootstrap.bind(new InetSocketAddress(loopback(), 0)).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      data.close();
      throw new IllegalStateException("interrupted while starting the console", e);
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
    int port = ((InetSocketAddress) bound.localAddress()).getPort();
    guard.port(port);
    synchronized (this) {
      this.channel = bound;
      this.clients = clients;
      this.data = data;
      this.events = events;
    }
    LOG.log(Level.INFO, "console listening on http://127.0.0.1:" + port + "/ (`polybridge console` gives an address to sign in)");
    return port;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      events.close();
      clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      data.close();
    }
    executor.shutdownNow();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
