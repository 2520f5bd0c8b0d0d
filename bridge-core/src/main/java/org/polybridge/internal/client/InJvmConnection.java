package org.polybridge.internal.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.polybridge.InvocationException;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.protocol.LocalPeer;
import org.polybridge.internal.protocol.ServerConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * A connection to a host in the same JVM: the protocol's messages change hands as objects, with no
 * encoding and no sockets. Requests are handled on the caller's thread; answers that take time
 * arrive on whichever thread finishes them. Calls of the functions this connection registered
 * skip the messages altogether when a {@link CallHandler} serves them ({@link ApiClient} does):
 * arguments and answers change hands as Java values.
 */
public final class InJvmConnection extends ExchangeConnection {
  private final ServerConnection server;
  private final List<CallHandler> callHandlers = new CopyOnWriteArrayList<>();

  /** Serves calls of this connection's functions, handed over as Java values. */
  @FunctionalInterface
  public interface CallHandler {
    /**
     * Queues the call (it must not block); when it comes to run it, asks {@link
     * InJvmConnection#started} and runs it only if that says yes, then answers it with {@link
     * InJvmConnection#answer}. False, having done nothing, when it serves no function {@code name}
     * with these arguments.
     */
    boolean call(String requestId, String name, Map<String, Object> arguments);
  }

  public InJvmConnection(ApiServer host, String name) {
    super(name, new MessageExchange());
    this.server = host.accept(new LocalPeer() {
      @Override
      public void send(ServerOriginatedMessage message) {
        exchange.received(message);
      }

      @Override
      public boolean call(String requestId, String function, Map<String, Object> arguments) {
        for (CallHandler handler : callHandlers) {
          if (handler.call(requestId, function, arguments)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public String name() {
        return name;
      }
    });
  }

  /** Adds a server of calls; a call none of them takes arrives as a notification. */
  public void serveCalls(CallHandler handler) {
    callHandlers.add(handler);
  }

  /**
   * A call a {@link CallHandler} took is about to run (the host hands over the next one). False
   * when the call is over (its caller gave up, it timed out): then it must not run.
   */
  public boolean started(String requestId) {
    return server.started(requestId);
  }

  /** The answer to a call a {@link CallHandler} took: {@code value} (in the value model) or {@code failure}. */
  public void answer(String requestId, Object value, InvocationException failure) {
    server.answer(requestId, value, failure);
  }

  @Override
  protected void send(ClientOriginatedMessage message) {
    server.receive(message);
  }

  @Override
  public void close() {
    close(null);
  }

  @Override
  public void close(String reason) {
    server.close(reason);
    exchange.closed("closed by the client");
  }
}
