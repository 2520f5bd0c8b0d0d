package org.polybridge.internal.protocol;

import org.polybridge.Bridge;
import org.polybridge.host.Session;
import org.polybridge.proto.NotificationType;

/** Test kit: what the connections of a bridge listen to. */
public final class Subscribers {
  private Subscribers() {}

  public static boolean listenToControlSequences(Bridge bridge, Session session) {
    return ApiServer.of(bridge).connections().stream()
        .anyMatch(c -> c.subscribed(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE, session));
  }

  /** How many variable monitors the bridge's connections hold. */
  public static int variableMonitors(Bridge bridge) {
    return ApiServer.of(bridge).connections().stream().mapToInt(c -> c.variableMonitors().size()).sum();
  }
}
