package org.polybridge.internal.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.polybridge.client.Connection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * Every {@link Connection} the bridge makes: the protocol's messages out and in, which the public
 * interface does not show. Its client half is a {@link MessageExchange}: requests are numbered and
 * matched to their responses there, whatever carries them. A transport only says how a numbered
 * request reaches the host ({@link #send}) and hands what comes back to {@link #exchange}.
 */
public abstract class ExchangeConnection implements Connection {
  protected final MessageExchange exchange;
  private final String name;

  protected ExchangeConnection(String name, MessageExchange exchange) {
    this.name = name;
    this.exchange = exchange;
  }

  /**
   * Sends a request; the connection sets its {@code id}. Completes with the response that carries
   * the same id, or fails with a {@link org.polybridge.ProtocolException} when the connection closes
   * first.
   */
  public final CompletableFuture<ServerOriginatedMessage> request(ClientOriginatedMessage.Builder request) {
    CompletableFuture<ServerOriginatedMessage> response = new CompletableFuture<>();
    ClientOriginatedMessage message = exchange.prepare(request, response);
    if (message != null) {
      send(message);
    }
    return response;
  }

  /** Carries a numbered request to the host; a failure to do so goes to {@link MessageExchange#failed}. */
  protected abstract void send(ClientOriginatedMessage message);

  /**
   * Adds a listener of notifications. Listeners run on the connection's delivery thread, in order,
   * and must not block: hand work on to an executor.
   */
  public final void addNotificationListener(Consumer<Notification> listener) {
    exchange.addListener(listener);
  }

  @Override
  public final CompletableFuture<Void> closeFuture() {
    return exchange.closeFuture();
  }

  @Override
  public final String name() {
    return name;
  }
}
