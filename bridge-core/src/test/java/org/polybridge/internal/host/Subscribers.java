package org.polybridge.internal.host;

import org.polybridge.Bridge;
import org.polybridge.host.Session;
import org.polybridge.proto.NotificationType;

/** Test kit: whether any connection of a bridge listens to custom control sequences of a session. */
public final class Subscribers {
  private Subscribers() {}

  public static boolean listenToControlSequences(Bridge bridge, Session session) {
    return bridge.server().connections().stream()
        .anyMatch(c -> c.subscribed(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE, session));
  }
}
