package org.polybridge.internal.rpc;

import java.time.Duration;
import java.util.Map;
import org.polybridge.internal.time.Timeouts;

/**
 * A function registered by a connection: its signature (namespaced when its role has one), the
 * name the owner knows it by, its reference defaults, its own timeout (at most {@link
 * Timeouts#MAX}: a longer one is cut to it) and its owner.
 */
public record RpcRegistration(
    Signature signature, String localName, Map<String, Reference> defaults, Duration timeout, String role, RpcOwner owner) {
  /** The timeout of a function that did not ask for one, as in iTerm2. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public RpcRegistration {
    defaults = Map.copyOf(defaults);
    for (String name : defaults.keySet()) {
      if (!signature.arguments().contains(name)) {
        throw new IllegalArgumentException(
            "default for '" + name + "' names no argument of " + signature);
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout : " + timeout + " (expected: > 0)");
    }
    timeout = Timeouts.clamp(timeout);
  }
}
