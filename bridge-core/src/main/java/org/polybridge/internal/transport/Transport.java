package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Which of Netty's transports carries the wire: native epoll where it loads (Linux), else NIO,
 * whose Unix-domain sockets come from the JDK (16+). Everything that differs between the two is
 * here: event loops, channel classes, and how a socket path is addressed.
 */
public enum Transport {
  EPOLL,
  NIO;

  /** Epoll when it is available, else NIO. */
  public static Transport preferred() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  public EventLoopGroup newGroup(int threads, String name) {
    IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
  }

  public ChannelFactory<? extends ServerChannel> serverChannel(boolean unix) {
    if (this == EPOLL) {
      return unix ? EpollServerDomainSocketChannel::new : EpollServerSocketChannel::new;
    }
    return unix ? NioServerDomainSocketChannel::new : NioServerSocketChannel::new;
  }

  public ChannelFactory<? extends Channel> clientChannel(boolean unix) {
    if (this == EPOLL) {
      return unix ? EpollDomainSocketChannel::new : EpollSocketChannel::new;
    }
    return unix ? NioDomainSocketChannel::new : NioSocketChannel::new;
  }

  /** The address of a Unix socket at {@code path}, as this transport wants it. */
  public SocketAddress unixAddress(Path path) {
    return this == EPOLL ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
  }

  /** An address of either kind as this transport wants it: TCP ones pass, Unix ones are converted. */
  public SocketAddress convert(SocketAddress address) {
    return switch (address) {
      case UnixDomainSocketAddress u -> unixAddress(u.getPath());
      case DomainSocketAddress d -> unixAddress(Path.of(d.path()));
      case InetSocketAddress i -> i;
      default -> throw new IllegalArgumentException("address : " + address
          + " (expected: an InetSocketAddress or a UnixDomainSocketAddress)");
    };
  }

  static boolean isUnix(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress || address instanceof DomainSocketAddress;
  }
}
