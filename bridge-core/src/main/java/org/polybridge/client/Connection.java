package org.polybridge.client;

import java.util.concurrent.CompletableFuture;

/**
 * A client's end of a connection to a host, in the same JVM ({@code Bridge.connect}) or over a
 * WebSocket ({@code Connections}); the bridge makes it, and {@link ApiClient} speaks over it.
 * Closing it ends what the client registered and subscribed to.
 *
 * <pre>{@code
 * try (Connection connection = bridge.connect("my-tool")) {
 *   ApiClient api = new ApiClient(connection, Executors.newVirtualThreadPerTaskExecutor());
 *   AppSnapshot app = api.app().join();
 * }
 * }</pre>
 */
public interface Connection extends AutoCloseable {
  /** Completes when the connection has closed, from either end. */
  CompletableFuture<Void> closeFuture();

  /** A name for people: the advisory name the host shows for this client. */
  String name();

  /** Closes the connection; requests still waiting fail. */
  @Override
  void close();

  /**
   * Closes the connection, telling the host why: callers of this client's functions whose calls
   * it cuts short hear {@code reason} ({@code "the script was stopped by request"}). A connection
   * that cannot carry it (the wire's) closes as {@link #close()} does.
   */
  default void close(String reason) {
    close();
  }
}
