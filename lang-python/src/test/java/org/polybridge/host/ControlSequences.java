package org.polybridge.host;

/**
 * Makes a custom control sequence arrive from a session, as the session's output scanner does when
 * it reads {@code ESC ] 1337 ; Custom=id=<identity>:<payload> BEL}.
 */
public final class ControlSequences {
  private ControlSequences() {}

  public static void arrive(Session session, String identity, String payload) {
    session.tab().window().app().customControlSequence(session, identity, payload);
  }
}
