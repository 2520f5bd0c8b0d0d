package org.polybridge;

/** A peer sent something the protocol does not allow, or the connection to it failed. */
public final class ProtocolException extends BridgeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
