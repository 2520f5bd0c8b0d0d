package org.polybridge.internal.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.ProtocolException;
import org.polybridge.internal.io.WriteQueue;
import org.polybridge.json.Json;
import org.polybridge.transport.Credentials;
import org.polybridge.transport.TerminalLink;

/**
 * The client's end of the {@code pty.polybridge.org} extension: a {@link TerminalLink} over a
 * {@link ClientWebSocket}. Frames out wait in a {@link WriteQueue}, so neither the program's output
 * nor a resize ever waits on the host; a host that does not read what waits beyond the queue limit
 * is dropped. One platform daemon thread reads what the host sends and calls the listener.
 */
public final class TerminalClient implements TerminalLink {
  /** How long {@link #close} waits for queued frames (the program's last output, its exit) to go out. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  private final ClientWebSocket socket;
  private final String name;
  private final long maxQueuedBytes;
  private final WriteQueue out;
  private final CompletableFuture<String> session = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();

  private TerminalClient(ClientWebSocket socket, String name, long maxQueuedBytes) {
    this.socket = socket;
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
    this.out = new WriteQueue(() -> "polybridge-terminal-writer", new OutputStream() {
      @Override
      public void write(int b) {
        throw new UnsupportedOperationException("whole frames only");
      }

      @Override
      public void write(byte[] frames, int offset, int length) throws IOException {
        socket.write(frames, offset, length);
      }
    }, maxQueuedBytes);
  }

  /**
   * Connects and upgrades on a thread of its own, which then reads the host's messages; fails with a
   * {@link ProtocolException} saying what to do. Returns at once: the caller (a terminal whose program
   * starts meanwhile) does not wait for the JVM's first socket, which costs tens of milliseconds.
   */
  public static CompletableFuture<TerminalLink> connect(SocketAddress address, Credentials credentials, String advisoryName,
      int maxFrameSize, Listener listener) {
    CompletableFuture<TerminalLink> opened = new CompletableFuture<>();
    Thread.ofPlatform().name("polybridge-terminal-reader").daemon().start(() -> {
      ClientWebSocket socket;
      try {
        socket = ClientWebSocket.connect(address, maxFrameSize);
        socket.upgrade(HandshakeRules.TERMINAL_SUBPROTOCOL, credentials, advisoryName);
      } catch (RuntimeException e) {
        opened.completeExceptionally(e);
        return;
      }
      TerminalClient client = new TerminalClient(socket, advisoryName, 4L * maxFrameSize);
      opened.complete(client);
      // while the host opens the session (8-30 ms), which the caller asks for now: its answer waits in the socket
      socket.readyForClose();
      client.readUntilTheEnd(listener);
    });
    return opened;
  }

  @Override
  public CompletableFuture<String> hello(String command, int columns, int rows, String cwd) {
    return hello(command, columns, rows, cwd, null);
  }

  @Override
  public CompletableFuture<String> hello(String command, int columns, int rows, String cwd, String profile) {
    return hello(command, columns, rows, cwd, profile, null);
  }

  @Override
  public CompletableFuture<String> hello(String command, int columns, int rows, String cwd, String profile, String sessionId) {
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("command", command);
    hello.put("columns", columns);
    hello.put("rows", rows);
    if (cwd != null) {
      hello.put("cwd", cwd);
    }
    if (profile != null) {
      hello.put("profile", profile);
    }
    if (sessionId != null) {
      hello.put("session", sessionId);
    }
    control("hello", hello);
    return session;
  }

  /**
   * Framed straight into an array the queue reuses: all of {@code polybridge pty}'s output passes
   * here, and a new array per chunk cost more than the bytes (as did a copy of each frame).
   */
  @Override
  public void output(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    if (!out.offerFilled(ClientWebSocket.frameSize(length),
        (into, at) -> socket.frame(ClientWebSocket.BINARY, bytes, offset, length, into, at))) {
      dropOnOverflow();
    }
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
  public void key(String name) {
    control("key", Map.of("name", name));
  }

  @Override
  public void keystroke(Map<String, Object> key) {
    control("keystroke", key);
  }

  @Override
  public void exit(int status) {
    control("exit", Map.of("status", status));
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closed;
  }

  /** Sends a close frame after what is queued, waits a moment for it all to go out, and closes. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    out.offer(socket.closeFrame());
    try {
      out.drain(CLOSE_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      socket.closeChannel();
    }
  }

  private void control(String name, Map<String, Object> body) {
    byte[] text = Json.write(Map.of(name, body)).getBytes(StandardCharsets.UTF_8);
    send(socket.frame(ClientWebSocket.TEXT, text, 0, text.length));
  }

  private void send(byte[] frame) {
    if (!out.offer(frame)) {
      dropOnOverflow();
    }
  }

  private void dropOnOverflow() {
    if (!closing.get() && socket.closeReason() == null) {
      log().log(Level.WARNING, "dropping the connection of " + name + ": the host does not read, and more than "
          + maxQueuedBytes + " bytes wait for it (the queue limit)");
      socket.closeChannel();
    }
  }

  private void readUntilTheEnd(Listener listener) {
    try {
      for (ClientWebSocket.Message m = socket.read(); m != null; m = socket.read()) {
        if (m.opcode() == ClientWebSocket.BINARY) {
          listener.display(m.payload());
        } else {
          control(new String(m.payload(), StandardCharsets.UTF_8), listener);
        }
      }
    } catch (ClientWebSocket.Violation e) {
      log().log(Level.WARNING, "closing the terminal's connection to " + socket.where() + ": " + e.getMessage());
      socket.fail(e);
    } catch (IOException e) {
      log().log(Level.DEBUG, "the terminal's connection to " + socket.where() + " went away: " + e);
    } catch (RuntimeException | Error e) {
      log().log(Level.WARNING, "the terminal's connection to " + socket.where() + " failed", e);
    } finally {
      out.close();
      socket.closeChannel();
      session.completeExceptionally(new ProtocolException("the host closed the connection before it opened the session"));
      closed.complete(null);
    }
  }

  /**
   * Looked up when needed: the first logger of a JVM starts the JDK's search of the class path for
   * a logging back-end, which {@code polybridge pty} lets its warm-up thread pay, not the thread
   * that connects.
   */
  private static System.Logger log() {
    return System.getLogger(TerminalClient.class.getName());
  }

  private void control(String text, Listener listener) throws ClientWebSocket.Violation {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      parsed = null;
    }
    if (!(parsed instanceof Map<?, ?> message)) {
      throw new ClientWebSocket.Violation(ClientWebSocket.INVALID_PAYLOAD_DATA, "the host sent " + text + " (expected: a JSON object)");
    }
    message.forEach((key, value) -> {
      switch (String.valueOf(key)) {
        case "session" -> session.complete(String.valueOf(value));
        case "type" -> listener.type(String.valueOf(value));
        case "close" -> listener.close();
        case "keys" -> listener.keys(value instanceof java.util.List<?> names ? names.stream().map(String::valueOf).toList()
            : java.util.List.of());
        case "status" -> listener.status(value instanceof Map<?, ?> status ? String.valueOf(status.get("text")) : String.valueOf(value));
        case "keystrokes" -> {
          Map<?, ?> k = value instanceof Map<?, ?> m ? m : Map.of();
          java.util.List<Map<?, ?>> filters = new java.util.ArrayList<>();
          if (k.get("filters") instanceof java.util.List<?> list) {
            list.forEach(f -> {
              if (f instanceof Map<?, ?> pattern) {
                filters.add(pattern);
              }
            });
          }
          listener.keystrokes(Boolean.TRUE.equals(k.get("monitor")), filters);
        }
        case "statusbar" -> listener.statusBar(value instanceof Map<?, ?> bar ? String.valueOf(bar.get("text")) : String.valueOf(value));
        default -> log().log(Level.DEBUG, "ignored the control message " + key);
      }
    });
  }
}
