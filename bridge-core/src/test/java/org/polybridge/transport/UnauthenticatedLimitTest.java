package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;

/**
 * Connections that never finish their handshake cannot take every file descriptor: past a
 * listener's limit of them, one more is closed at once, and logged at most once in a while; those
 * let in are served, and when they go others are let in.
 */
class UnauthenticatedLimitTest {
  private static final int LIMIT = 4;
  private static final int EXTRA = 3;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener listener = ApiListener.tcp(bridge, 0,
      ApiListener.Options.newBuilder().credentials(credentials).maxUnauthenticated(LIMIT).build());
  private final List<SocketChannel> opened = new ArrayList<>();
  /** The transport's loggers, all of them: what is refused must not be logged elsewhere either. */
  private final Logger log = Logger.getLogger("org.polybridge.internal.transport");
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler recorder = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void record() {
    log.setLevel(java.util.logging.Level.INFO); // the tests' logging configuration shows warnings only
    log.addHandler(recorder);
  }

  @AfterEach
  void close() throws IOException {
    log.removeHandler(recorder);
    log.setLevel(null);
    for (SocketChannel c : opened) {
      c.close();
    }
    bridge.close();
  }

  private SocketChannel open() throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", listener.port()));
    opened.add(channel);
    return channel;
  }

  @Test
  void pastTheLimitAConnectionIsClosedAtOnceAndThoseLetInAreServed() throws Exception {
    for (int i = 0; i < LIMIT + EXTRA; i++) {
      open();
    }

    Set<SocketChannel> closed = closedByTheServer(EXTRA);

    assertThat(closed).hasSize(EXTRA);
    for (SocketChannel letIn : opened) {
      if (!closed.contains(letIn)) {
        assertUpgrades(letIn);
      }
    }
    assertUpgrades(open()); // the handshakes finished: room again
    assertThat(logged).as("one line for the burst").hasSize(1);
    assertThat(logged.get(0)).endsWith(": " + LIMIT + " connections are in their handshake already (the limit)");
  }

  @Test
  void aFloodOfRefusedHandshakesIsLoggedOnceNotOnceEach() throws Exception {
    for (int i = 0; i < 50; i++) {
      try (RawWebSocket socket = new RawWebSocket(listener.port())) {
        assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(listener.port(), Credentials.random())).status())
            .isEqualTo(401);
      }
    }

    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).contains(": 401 ");
  }

  /** Waits until {@code count} of the opened channels read the end of the stream; those channels. */
  private Set<SocketChannel> closedByTheServer(int count) throws IOException {
    Set<SocketChannel> closed = new HashSet<>();
    try (Selector selector = Selector.open()) {
      for (SocketChannel c : opened) {
        c.configureBlocking(false);
        c.register(selector, SelectionKey.OP_READ, c);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); // handshakes time out after 10 s
      ByteBuffer buffer = ByteBuffer.allocate(1024);
      while (closed.size() < count && System.nanoTime() < deadline) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel c = (SocketChannel) key.attachment();
          buffer.clear();
          if (c.read(buffer) < 0) {
            closed.add(c);
            key.cancel();
          }
        }
        selector.selectedKeys().clear();
      }
    }
    for (SocketChannel c : opened) {
      c.configureBlocking(true);
    }
    return closed;
  }

  private void assertUpgrades(SocketChannel channel) throws IOException {
    RawWebSocket socket = new RawWebSocket(channel);
    assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(listener.port(), credentials)).status()).isEqualTo(101);
  }
}
