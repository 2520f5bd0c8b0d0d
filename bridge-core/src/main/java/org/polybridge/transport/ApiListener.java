package org.polybridge.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import org.polybridge.Bridge;
import org.polybridge.UserFolders;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.transport.ServerLoops;
import org.polybridge.internal.transport.WireServer;
import org.polybridge.internal.transport.WireSettings;

/**
 * Serves a {@link Bridge} to clients in other processes, over iTerm2's wire protocol (protobuf
 * messages in WebSocket binary frames, subprotocol {@code api.iterm2.com}), on a Unix socket or
 * on TCP bound to 127.0.0.1. Clients written for iTerm2 connect as they would to iTerm2; they must
 * show the listener's {@link Credentials} ({@code x-iterm2-cookie}, {@code x-iterm2-key}). The same
 * listener, under the same checks, takes terminals attaching themselves as sessions (polybridge's
 * subprotocol {@code pty.polybridge.org}, see {@link Connections#attachTerminal} and docs/PROTOCOL.md).
 *
 * <pre>{@code
 * Bridge bridge = Bridge.newBuilder().build();
 * Credentials credentials = Credentials.random();
 * ApiListener listener = ApiListener.unixSocket(bridge, ApiListener.defaultSocketPath(),
 *     ApiListener.Options.newBuilder().credentials(credentials).build());
 * // a client: Connections.unixSocket(ApiListener.defaultSocketPath(), credentials, "my-tool")
 * bridge.close(); // closes the listener too
 * }</pre>
 *
 * <p>A listener closes with its bridge, or earlier with {@link #close()}: its clients are
 * disconnected (their functions are unregistered) and a Unix socket file is removed. Every listener
 * of a bridge runs on the bridge's one group of event loops ({@link Bridge#eventLoops()}).
 */
public final class ApiListener implements AutoCloseable {
  /** The largest message taken from a client unless {@link Options.Builder#maxFrameSize} says otherwise: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

  private final WireServer server;
  private final Credentials credentials;

  private ApiListener(WireServer server, Credentials credentials) {
    this.server = server;
    this.credentials = credentials;
  }

  /**
   * Listens on a Unix socket at {@code path}. Its folder is made (mode 0700) when missing, and must
   * be private to this user when found: its own, writable by it alone, no symbolic link, in
   * folders nobody else can replace it from (clients check the same before they connect); a stale
   * socket file that nothing listens on is replaced; the socket is made 0600.
   *
   * @throws java.io.UncheckedIOException when the folder is not private (the message names it, its
   *     owner and mode, and the fix, e.g. {@code chmod 700 DIR}), the socket cannot be made, or a
   *     server listens there already
   */
  public static ApiListener unixSocket(Bridge bridge, Path path, Options options) {
    Objects.requireNonNull(bridge, "bridge == null");
    Objects.requireNonNull(path, "path == null");
    WireServer server = WireServer.unixSocket(ServerLoops.of(bridge.eventLoops()), ApiServer.of(bridge), options.settings(), path);
    return register(bridge, new ApiListener(server, options.credentials));
  }

  /**
   * Listens on TCP at {@code 127.0.0.1:port}; port 0 picks a free one ({@link #port()}).
   *
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  public static ApiListener tcp(Bridge bridge, int port, Options options) {
    Objects.requireNonNull(bridge, "bridge == null");
    WireServer server = WireServer.tcp(ServerLoops.of(bridge.eventLoops()), ApiServer.of(bridge), options.settings(), port);
    return register(bridge, new ApiListener(server, options.credentials));
  }

  /**
   * Where the polybridge daemon listens by default: {@code $XDG_RUNTIME_DIR/polybridge/socket} when
   * that variable is set, else {@code ~/.config/polybridge/private/socket} (docs/INSTALL.md).
   */
  public static Path defaultSocketPath() {
    return UserFolders.current().socket();
  }

  /** An {@link InetSocketAddress} for TCP, a {@link java.net.UnixDomainSocketAddress} for a Unix socket. */
  public SocketAddress address() {
    return server.address();
  }

  /** The TCP port listened on, or -1 for a Unix socket. */
  public int port() {
    return server.address() instanceof InetSocketAddress a ? a.getPort() : -1;
  }

  /** What clients must show; pass {@link Credentials#environment()} to the processes you start. */
  public Credentials credentials() {
    return credentials;
  }

  /** Stops listening and disconnects every client of this listener. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "ApiListener[" + address() + "]";
  }

  private static ApiListener register(Bridge bridge, ApiListener listener) {
    bridge.closeWithBridge(listener);
    return listener;
  }

  /** How a listener admits and bounds its clients. Every setting has a default. */
  public static final class Options {
    private final Credentials credentials;
    private final int maxFrameSize;
    private final long maxQueuedBytes;
    private final int maxUnauthenticated;

    private Options(Builder b) {
      this.credentials = b.credentials != null ? b.credentials : Credentials.random();
      this.maxFrameSize = b.maxFrameSize;
      this.maxQueuedBytes = b.maxQueuedBytes > 0 ? b.maxQueuedBytes : 4L * b.maxFrameSize;
      this.maxUnauthenticated = b.maxUnauthenticated;
      settings();
    }

    public static Builder newBuilder() {
      return new Builder();
    }

    /** Fresh random credentials, 16 MiB messages. */
    public static Options defaults() {
      return newBuilder().build();
    }

    public Credentials credentials() {
      return credentials;
    }

    WireSettings settings() {
      return new WireSettings(credentials, maxFrameSize, maxQueuedBytes, maxUnauthenticated);
    }

    /** Builds {@link Options}; validates at {@link #build()}. */
    public static final class Builder {
      private Credentials credentials;
      private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
      private long maxQueuedBytes;
      private int maxUnauthenticated = WireSettings.DEFAULT_MAX_UNAUTHENTICATED;

      private Builder() {}

      /** The cookie (and key) a client must send; default: fresh random ones. */
      public Builder credentials(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials == null");
        return this;
      }

      /**
       * The largest message a client may send, one frame or continuations together (default
       * 16 MiB); a larger one closes that client's connection with code 1009.
       */
      public Builder maxFrameSize(int bytes) {
        this.maxFrameSize = bytes;
        return this;
      }

      /**
       * How many bytes may wait for a client that does not read before it is disconnected
       * (default: four times the largest message).
       */
      public Builder maxQueuedBytes(long bytes) {
        this.maxQueuedBytes = bytes;
        return this;
      }

      /**
       * How many connections may be in their handshake at once, not yet let in (default 64): one
       * more is closed as soon as it is accepted, so that connections that never show the cookie
       * cannot take every file descriptor. A handshake that does not finish within 10 s is dropped.
       */
      public Builder maxUnauthenticated(int connections) {
        this.maxUnauthenticated = connections;
        return this;
      }

      /** @throws IllegalArgumentException when a size is out of range */
      public Options build() {
        return new Options(this);
      }
    }
  }
}
