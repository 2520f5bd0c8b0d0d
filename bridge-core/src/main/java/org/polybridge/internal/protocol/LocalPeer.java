package org.polybridge.internal.protocol;

import java.util.Map;

/**
 * A peer in this JVM that can take function calls as Java values: the host hands it the arguments
 * and it answers with {@link ServerConnection#answer}, so neither side encodes a protocol message
 * or JSON text for the call. What it does not take goes to it as the protocol's notification.
 */
public interface LocalPeer extends Peer {
  /**
   * Queues a call of the function the peer registered as {@code name}; the arguments are the
   * peer's own (a fresh map, values in the bridge's value model). When the peer comes to run it,
   * it asks {@link ServerConnection#started} first, and runs it only if that says yes. Returns
   * false, having done nothing, when nothing on the peer's side serves calls directly.
   */
  boolean call(String requestId, String name, Map<String, Object> arguments);
}
