package org.polybridge.transport;

import io.netty.bootstrap.ServerBootstrap;

/**
 * The Netty event loops a {@link org.polybridge.Bridge} serves its clients on: every {@link
 * ApiListener} of the bridge runs on this one group, made when the first listener opens and shut
 * down when the bridge closes, after its listeners and whatever else closes with it. An
 * application's own server beside the API (an HTTP endpoint) can run on the same threads rather
 * than start a group of its own:
 *
 * <pre>{@code
 * Channel http = bridge.eventLoops().newServerBootstrap()
 *     .childHandler(new MyHttpInitializer())
 *     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
 * bridge.closeWithBridge(() -> http.close().sync());   // closed before the loops are
 * }</pre>
 *
 * <p>The bridge owns the loops; nothing else shuts them down. What runs on them must never block
 * (hand work to an executor of your own and write the answer when it completes): a blocked loop
 * stalls every client of the bridge that shares it.
 */
public interface EventLoops {
  /**
   * A new bootstrap for a TCP server on these loops: its group and its channel (native epoll where
   * the application ships Netty's native for the platform, else the JDK's NIO) are set; add a child
   * handler and options, then bind.
   *
   * @throws IllegalStateException when the bridge is closed
   */
  ServerBootstrap newServerBootstrap();
}
