package org.polybridge.internal.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import org.polybridge.ProtocolException;
import org.polybridge.client.Connection;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.internal.client.MessageExchange;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.transport.Credentials;

/**
 * A connection to a host in another process over iTerm2's wire: protobuf messages in binary frames
 * of a {@link ClientWebSocket} (Unix socket or TCP). A request is written on the thread that sends
 * it, which waits only while the host does not read. One platform daemon thread of the connection
 * reads: responses complete their futures, and notification listeners run, on it, so dependent
 * stages must not block (use the {@code …Async} stages for work that does).
 */
public final class WebSocketConnection extends ExchangeConnection {
  /** What this client sends as {@code x-iterm2-library-version}. */
  public static final String LIBRARY_VERSION = "java 0.1.0";

  private final ClientWebSocket socket;

  private WebSocketConnection(ClientWebSocket socket, String name, MessageExchange exchange) {
    super(name, exchange);
    this.socket = socket;
  }

  /**
   * Connects and upgrades; completes with the open connection, or fails with a {@link
   * ProtocolException} saying what to do (no daemon there, cookie refused, …).
   */
  public static CompletableFuture<Connection> connect(SocketAddress address, Credentials credentials, String advisoryName,
      int maxFrameSize) {
    ClientWebSocket socket;
    try {
      socket = ClientWebSocket.connect(address, maxFrameSize);
    } catch (ProtocolException e) {
      return CompletableFuture.failedFuture(e);
    }
    WebSocketConnection connection = new WebSocketConnection(socket, advisoryName, new MessageExchange());
    CompletableFuture<Connection> opened = new CompletableFuture<>();
    Thread.ofPlatform().name("polybridge-client-reader").daemon().start(() -> {
      try {
        socket.upgrade(HandshakeRules.SUBPROTOCOL, credentials, advisoryName);
      } catch (RuntimeException e) {
        opened.completeExceptionally(e);
        return;
      }
      opened.complete(connection);
      connection.readUntilTheEnd();
    });
    return opened;
  }

  @Override
  protected void send(ClientOriginatedMessage message) {
    byte[] bytes = message.toByteArray();
    try {
      socket.send(ClientWebSocket.BINARY, bytes, 0, bytes.length);
    } catch (IOException e) {
      exchange.failed(message, new ProtocolException("could not send request " + message.getId() + ": "
          + (socket.closeReason() != null ? socket.closeReason() : e.toString()), e));
    }
  }

  /** Sends a close frame and closes; requests still waiting fail at once. */
  @Override
  public void close() {
    socket.close();
    exchange.closed("closed by the client");
  }

  @Override
  public String toString() {
    return "WebSocketConnection[" + name() + " " + socket.where() + "]";
  }

  private void readUntilTheEnd() {
    try {
      for (ClientWebSocket.Message m = socket.read(); m != null; m = socket.read()) {
        if (m.opcode() != ClientWebSocket.BINARY) {
          throw new ClientWebSocket.Violation(ClientWebSocket.INVALID_MESSAGE_TYPE,
              "a text frame (expected: binary frames, each one ServerOriginatedMessage)");
        }
        exchange.received(parse(m.payload()));
      }
    } catch (ClientWebSocket.Violation e) {
      log().log(Level.WARNING, "closing the connection to " + socket.where() + ": " + e.getMessage());
      socket.fail(e);
    } catch (IOException e) {
      log().log(Level.DEBUG, "the connection to " + socket.where() + " went away: " + e);
      socket.closeChannel();
    } catch (RuntimeException | Error e) {
      log().log(Level.WARNING, "the connection to " + socket.where() + " failed", e);
      socket.closeChannel();
    }
    exchange.closed(socket.closeReason() != null ? socket.closeReason() : "the connection to the host was lost");
  }

  private static ServerOriginatedMessage parse(byte[] payload) throws ClientWebSocket.Violation {
    try {
      return ServerOriginatedMessage.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new ClientWebSocket.Violation(ClientWebSocket.INVALID_PAYLOAD_DATA,
          "a frame of " + payload.length + " bytes is not a ServerOriginatedMessage: " + e.getMessage());
    }
  }

  /**
   * Looked up when needed, not when the class loads: finding the logging backend scans the class
   * path and starts java.util.logging, which a one-shot client that logs nothing need not pay for.
   */
  private static System.Logger log() {
    return System.getLogger(WebSocketConnection.class.getName());
  }
}
