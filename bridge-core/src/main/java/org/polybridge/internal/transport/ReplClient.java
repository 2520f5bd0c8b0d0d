package org.polybridge.internal.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.polybridge.ProtocolException;
import org.polybridge.internal.io.WriteQueue;
import org.polybridge.json.Json;
import org.polybridge.script.Repl;
import org.polybridge.transport.Credentials;
import org.polybridge.transport.ReplLink;

/**
 * The client's end of the {@code repl.polybridge.org} extension: a {@link ReplLink} over a {@link
 * ClientWebSocket}. Messages out wait in a {@link WriteQueue}; one platform daemon thread reads what
 * the host sends: output to the listener, outcomes to the inputs' futures.
 */
public final class ReplClient implements ReplLink {
  private static final System.Logger LOG = System.getLogger(ReplClient.class.getName());
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  private final ClientWebSocket socket;
  private final WriteQueue out;
  private final Repl.Output output;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<Repl.Outcome>> outcomes = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile String reason;

  private ReplClient(ClientWebSocket socket, long maxQueuedBytes, Repl.Output output) {
    this.socket = socket;
    this.output = output;
    this.out = new WriteQueue(() -> "polybridge-repl-writer", new OutputStream() {
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

  /** Connects and upgrades; fails with a {@link ProtocolException} saying what to do. */
  public static CompletableFuture<ReplLink> connect(SocketAddress address, Credentials credentials, String advisoryName,
      int maxFrameSize, Repl.Output output) {
    ClientWebSocket socket;
    try {
      socket = ClientWebSocket.connect(address, maxFrameSize);
    } catch (ProtocolException e) {
      return CompletableFuture.failedFuture(e);
    }
    ReplClient client = new ReplClient(socket, 4L * maxFrameSize, output);
    CompletableFuture<ReplLink> opened = new CompletableFuture<>();
    Thread.ofPlatform().name("polybridge-repl-reader").daemon().start(() -> {
      try {
        socket.upgrade(HandshakeRules.REPL_SUBPROTOCOL, credentials, advisoryName);
      } catch (RuntimeException e) {
        opened.completeExceptionally(e);
        return;
      }
      opened.complete(client);
      client.readUntilTheEnd();
    });
    return opened;
  }

  @Override
  public CompletableFuture<Void> hello(String language, String cwd) {
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("language", language);
    if (cwd != null) {
      hello.put("cwd", cwd);
    }
    send("hello", hello);
    return ready;
  }

  @Override
  public CompletableFuture<Repl.Outcome> evaluate(String input) {
    long id = ids.incrementAndGet();
    CompletableFuture<Repl.Outcome> outcome = new CompletableFuture<>();
    outcomes.put(id, outcome);
    if (ended.isDone()) {
      outcome.completeExceptionally(gone());
      outcomes.remove(id);
      return outcome;
    }
    send("evaluate", Map.of("id", id, "input", input));
    return outcome;
  }

  @Override
  public void interrupt() {
    send("interrupt", Map.of());
  }

  @Override
  public CompletableFuture<String> ended() {
    return ended;
  }

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

  private void send(String name, Map<String, Object> body) {
    byte[] text = Json.write(Map.of(name, body)).getBytes(StandardCharsets.UTF_8);
    if (!out.offer(socket.frame(ClientWebSocket.TEXT, text, 0, text.length)) && !closing.get() && socket.closeReason() == null) {
      LOG.log(Level.WARNING, "dropping the REPL's connection: the host does not read what waits for it");
      socket.closeChannel();
    }
  }

  private void readUntilTheEnd() {
    try {
      for (ClientWebSocket.Message m = socket.read(); m != null; m = socket.read()) {
        if (m.opcode() != ClientWebSocket.TEXT) {
          throw new ClientWebSocket.Violation(ClientWebSocket.INVALID_MESSAGE_TYPE, "the host sent a binary frame (expected: text)");
        }
        received(new String(m.payload(), StandardCharsets.UTF_8));
      }
    } catch (ClientWebSocket.Violation e) {
      LOG.log(Level.WARNING, "closing the REPL's connection to " + socket.where() + ": " + e.getMessage());
      socket.fail(e);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "the REPL's connection to " + socket.where() + " went away: " + e);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "the REPL's connection to " + socket.where() + " failed", e);
    } finally {
      out.close();
      socket.closeChannel();
      if (reason == null) {
        reason = socket.closeReason();
      }
      ProtocolException gone = gone();
      ready.completeExceptionally(gone);
      outcomes.values().forEach(o -> o.completeExceptionally(gone));
      ended.complete(reason);
    }
  }

  private ProtocolException gone() {
    return new ProtocolException(reason != null && !reason.isBlank() ? reason : "the host closed the REPL");
  }

  private void received(String text) throws ClientWebSocket.Violation {
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      parsed = null;
    }
    if (!(parsed instanceof Map<?, ?> message)) {
      throw new ClientWebSocket.Violation(ClientWebSocket.INVALID_PAYLOAD_DATA, "the host sent " + text + " (expected: a JSON object)");
    }
    for (Map.Entry<?, ?> e : message.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> body)) {
        continue;
      }
      switch (String.valueOf(e.getKey())) {
        case "ready" -> ready.complete(null);
        case "output" -> output.print(String.valueOf(body.get("text")), "stderr".equals(body.get("stream")));
        case "outcome" -> outcome(body);
        case "ended" -> reason = String.valueOf(body.get("reason"));
        default -> LOG.log(Level.DEBUG, "ignored the REPL message " + e.getKey());
      }
    }
  }

  private void outcome(Map<?, ?> body) {
    if (!(body.get("id") instanceof Number id)) {
      return;
    }
    CompletableFuture<Repl.Outcome> outcome = outcomes.remove(id.longValue());
    if (outcome != null) {
      Repl.Outcome.Status status = Repl.Outcome.Status.valueOf(String.valueOf(body.get("status")).toUpperCase(Locale.ROOT));
      outcome.complete(new Repl.Outcome(status, body.get("error") instanceof String error ? error : null));
    }
  }
}
