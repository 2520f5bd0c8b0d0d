package org.polybridge.internal.client;

import org.polybridge.internal.host.ApiServer;
import org.polybridge.internal.host.Peer;
import org.polybridge.internal.host.ServerConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * A connection to a host in the same JVM: the protocol's messages change hands as objects, with no
 * encoding and no sockets. Requests are handled on the caller's thread; answers that take time
 * arrive on whichever thread finishes them.
 */
public final class InJvmConnection extends ExchangeConnection {
  private final ServerConnection server;

  public InJvmConnection(ApiServer host, String name) {
    super(name, new MessageExchange());
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
  protected void send(ClientOriginatedMessage message) {
    server.receive(message);
  }

  @Override
  public void close() {
    server.close();
    exchange.closed("closed by the client");
  }
}
