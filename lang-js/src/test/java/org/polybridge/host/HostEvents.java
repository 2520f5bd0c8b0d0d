package org.polybridge.host;

/**
 * Fires host-model events for tests, as the control-sequence scanner does when a session's output
 * holds {@code OSC 1337 ; Custom=id=<identity>:<payload>}.
 */
public final class HostEvents {
  private HostEvents() {}

  public static void customControlSequence(Session session, String identity, String payload) {
    session.tab().window().app().customControlSequence(session, identity, payload);
  }
}
