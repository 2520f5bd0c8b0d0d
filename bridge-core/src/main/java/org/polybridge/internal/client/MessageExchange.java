package org.polybridge.internal.client;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.polybridge.ProtocolException;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * The client half of the protocol that every transport shares: numbering requests, matching
 * responses by id, handing notifications to listeners, and failing what is still waiting when the
 * connection closes.
 */
public final class MessageExchange {

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<ServerOriginatedMessage>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<Notification>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile String closeReason;

  /** Numbers a request and remembers it; the future completes with its response. */
  public ClientOriginatedMessage prepare(ClientOriginatedMessage.Builder request, CompletableFuture<ServerOriginatedMessage> response) {
    if (closed.isDone()) {
      response.completeExceptionally(new ProtocolException("connection is closed" + reasonSuffix()));
      return null;
    }
    long id = ids.incrementAndGet();
    pending.put(id, response);
    // closed() may have drained the map between the check above and the put: whoever removes the
    // entry first fails it, so the request is failed exactly once and never left waiting.
    if (closed.isDone() && pending.remove(id) != null) {
      response.completeExceptionally(new ProtocolException("connection is closed" + reasonSuffix()));
      return null;
    }
    return request.setId(id).build();
  }

  /** A message from the host. */
  public void received(ServerOriginatedMessage message) {
    if (message.hasNotification()) {
      for (Consumer<Notification> listener : listeners) {
        try {
          listener.accept(message.getNotification());
        } catch (RuntimeException e) {
          log().log(Level.WARNING, "a notification listener failed", e);
        }
      }
      return;
    }
    CompletableFuture<ServerOriginatedMessage> response = pending.remove(message.getId());
    if (response == null) {
      log().log(Level.DEBUG, "response to no waiting request: id " + message.getId());
      return;
    }
    response.complete(message);
  }

  /** A request could not be sent: its caller hears why. */
  public void failed(ClientOriginatedMessage request, Throwable cause) {
    CompletableFuture<ServerOriginatedMessage> response = pending.remove(request.getId());
    if (response != null) {
      response.completeExceptionally(cause);
    }
  }

  public void addListener(Consumer<Notification> listener) {
    listeners.add(listener);
  }

  /** The connection is gone: every waiting request fails with the reason. */
  public void closed(String reason) {
    closeReason = reason;
    // Closed first, then drained: a request prepared meanwhile sees the flag and fails itself
    // (prepare), one put before the flag is drained here.
    closed.complete(null);
    for (Long id : pending.keySet()) {
      CompletableFuture<ServerOriginatedMessage> response = pending.remove(id);
      if (response != null) {
        response.completeExceptionally(new ProtocolException("connection closed" + reasonSuffix()));
      }
    }
  }

  public CompletableFuture<Void> closeFuture() {
    return closed;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  private String reasonSuffix() {
    return closeReason == null ? "" : ": " + closeReason;
  }

  /**
   * Looked up when needed, not when the class loads: finding the logging backend scans the class
   * path and starts java.util.logging, which a one-shot client that logs nothing need not pay for.
   */
  private static System.Logger log() {
    return System.getLogger(MessageExchange.class.getName());
  }
}
