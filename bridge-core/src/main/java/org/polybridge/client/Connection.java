package org.polybridge.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * A client's end of a connection to a host: requests out, responses and notifications in, as the
 * protocol's messages. One interface for every transport: in the same JVM ({@code
 * Bridge.connect}) or over a WebSocket. Most code uses it through {@link ApiClient}.
 *
 * <pre>{@code
 * try (Connection c = bridge.connect("my-tool")) {
 *   ServerOriginatedMessage r = c.request(ClientOriginatedMessage.newBuilder()
 *       .setListSessionsRequest(ListSessionsRequest.getDefaultInstance())).join();
 * }
 * }</pre>
 */
public interface Connection extends AutoCloseable {
  /**
   * Sends a request; the connection sets its {@code id}. Completes with the response that carries
   * the same id, or fails with a {@link org.polybridge.ProtocolException} when the connection closes
   * first.
   */
  CompletableFuture<ServerOriginatedMessage> request(ClientOriginatedMessage.Builder request);

  /**
   * Adds a listener of notifications. Listeners run on the connection's delivery thread, in order,
   * and must not block: hand work on to an executor.
   */
  void addNotificationListener(Consumer<Notification> listener);

  /** Completes when the connection has closed, from either end. */
  CompletableFuture<Void> closeFuture();

  /** A name for people: the advisory name the host shows for this client. */
  String name();

  /** Closes the connection; requests still waiting fail. */
  @Override
  void close();
}
