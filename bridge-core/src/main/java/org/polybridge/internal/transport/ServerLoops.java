package org.polybridge.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.polybridge.transport.EventLoops;

/**
 * One bridge's group of event loops, for all of its servers (every listener, the daemon's console):
 * made on first use, so that a bridge that serves nothing over sockets loads no transport, and shut
 * down once, by its owner, after the servers on it have closed.
 *
 * <p>Netty's default size, two threads a core, for the whole bridge rather than for each listener
 * (docs/THREADS.md has the figures): on two cores, one or two threads served as many calls a second
 * as four, but under a flood of calls a new client's handshake waited behind it for more than 10 s.
 */
public final class ServerLoops implements EventLoops, AutoCloseable {
  /** The threads of a bridge's group: two a core. */
  public static final int DEFAULT_THREADS = 2 * Runtime.getRuntime().availableProcessors();

  /** Null until first use when the preferred one is wanted: looking loads the epoll classes. */
  private Transport transport;
  private final int threads;
  private EventLoopGroup group;
  private boolean closed;

  /** Loops of {@code transport}, {@code threads} of them. */
  public ServerLoops(Transport transport, int threads) {
    this(threads);
    this.transport = Objects.requireNonNull(transport, "transport == null");
  }

  private ServerLoops(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads : " + threads + " (expected: > 0)");
    }
    this.threads = threads;
  }

  /** {@link #DEFAULT_THREADS} loops of the {@linkplain Transport#preferred preferred} transport, chosen on first use. */
  public static ServerLoops preferred() {
    return new ServerLoops(DEFAULT_THREADS);
  }

  /** The loops behind {@code loops}, which a bridge made. */
  public static ServerLoops of(EventLoops loops) {
    if (loops instanceof ServerLoops own) {
      return own;
    }
    throw new IllegalArgumentException("loops : " + loops + " (expected: a bridge's own, from Bridge.eventLoops())");
  }

  public synchronized Transport transport() {
    if (transport == null) {
      transport = Transport.preferred();
    }
    return transport;
  }

  /** The group, made on first use. */
  public synchronized EventLoopGroup group() {
    if (closed) {
      throw new IllegalStateException("the bridge is closed: its event loops are shut down");
    }
    if (group == null) {
      group = transport().newGroup(threads, "polybridge-io");
    }
    return group;
  }

  @Override
  public ServerBootstrap newServerBootstrap() {
    return new ServerBootstrap().group(group()).channelFactory(transport().serverChannel(false));
  }

  /** Shuts the loops down, letting what is queued on them finish; waits up to 5 s. Idempotent. */
  @Override
  public void close() {
    EventLoopGroup made;
    synchronized (this) {
      closed = true;
      made = group;
      group = null;
    }
    if (made != null) {
      made.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return "ServerLoops[" + transport() + ", " + threads + " threads]";
  }
}
