package org.polybridge.internal.rpc;

import java.util.Map;

/** The connection that registered a function, and so the one that runs it. */
public interface RpcOwner {
  /** A name for people: the script's or client's advisory name. */
  String name();

  /**
   * Asks the owner to run the function; the answer comes back through {@link RpcRegistry#complete}.
   * Returns true when the owner queues the call and will report when it starts it ({@link
   * RpcRegistry#started}), so that the registry hands it calls one or two at a time; false when
   * the call counts as started now.
   */
  boolean deliver(String requestId, RpcRegistration registration, Map<String, Object> arguments);
}
