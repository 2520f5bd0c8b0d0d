package org.polybridge.internal.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.polybridge.client.Connection;
import org.polybridge.internal.host.ApiServer;
import org.polybridge.internal.host.Peer;
import org.polybridge.internal.host.ServerConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * A connection to a host in the same JVM: the protocol's messages change hands as objects, with no
 * encoding and no sockets. Requests are handled on the caller's thread; answers that take time
 * arrive on whichever thread finishes them.
 */
public final class InJvmConnection implements Connection {
  private final String name;
  private final MessageExchange exchange = new MessageExchange();
  private final ServerConnection server;

  public InJvmConnection(ApiServer host, String name) {
    this.name = name;
    this.server = host.accept(new Peer() {
      @Override
      public void send(ServerOriginatedMessage message) {
        exchange.received(message);
      }

      @Override
      public String name() {
        return name;
      }
    });
  }

  @Override
  public CompletableFuture<ServerOriginatedMessage> request(ClientOriginatedMessage.Builder request) {
    CompletableFuture<ServerOriginatedMessage> response = new CompletableFuture<>();
    ClientOriginatedMessage message = exchange.prepare(request, response);
    if (message != null) {
      server.receive(message);
    }
    return response;
  }

  @Override
  public void addNotificationListener(Consumer<Notification> listener) {
    exchange.addListener(listener);
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return exchange.closeFuture();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    server.close();
    exchange.closed("closed by the client");
  }
}
