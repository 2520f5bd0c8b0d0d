package org.polybridge.internal.protocol;

import org.polybridge.proto.ServerOriginatedMessage;

/**
 * The far end of one connection, as the host sees it: where its responses and notifications go.
 * {@link #send} may be called from any thread and must not block (a transport queues the message).
 */
public interface Peer {
  void send(ServerOriginatedMessage message);

  /** The client's advisory name, for listings and logs. */
  String name();
}
