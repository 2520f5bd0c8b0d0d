package org.polybridge;

/**
 * A peer sent something the protocol does not allow, or the connection to it failed. Its message
 * says what to do where there is something to do:
 *
 * <pre>{@code
 * Connections.unixSocket(ApiListener.defaultSocketPath(), credentials, "my-tool").exceptionally(failure -> {
 *   System.err.println(failure.getCause().getMessage()); // "no polybridge daemon at …: start one with `polybridge run`"
 *   return null;
 * });
 * }</pre>
 */
public final class ProtocolException extends BridgeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
