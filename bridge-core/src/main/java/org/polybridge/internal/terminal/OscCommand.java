package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** The two OSC 1337 commands the scanner consumes; every other OSC belongs to the terminal. */
enum OscCommand {
  CUSTOM("Custom") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      // Splitting at the first '=' with the key "id" is the same as requiring the prefix "id=".
      if (!body.startsWith("id=")) {
        listener.malformed(
            "Custom sequence does not start with id= (expected: Custom=id=<identity>:<payload>); dropped");
        return;
      }
      int colon = body.indexOf(':', 3);
      if (colon < 0) {
        listener.malformed(
            "Custom sequence has no ':' after its identity (expected: Custom=id=<identity>:<payload>); dropped");
        return;
      }
      listener.custom(body.substring(3, colon), body.substring(colon + 1));
    }
  },

  SET_USER_VAR("SetUserVar") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      int equals = body.indexOf('=');
      if (equals < 0) {
        listener.malformed(
            "SetUserVar sequence has no '=' (expected: SetUserVar=<name>=<base64 value>); dropped");
        return;
      }
      if (equals == 0) {
        listener.malformed(
            "SetUserVar sequence has an empty name (expected: SetUserVar=<name>=<base64 value>); dropped");
        return;
      }
      listener.setUserVar(body.substring(0, equals), body.substring(equals + 1));
    }
  };

  /** Bytes the prefixes of all commands share: {@code ESC ] 1337 ;}. */
  static final int SHARED_PREFIX_LENGTH = 7;

  private final String label;
  private final byte[] prefix;

  OscCommand(String label) {
    this.label = label;
    this.prefix = ("\u001b]1337;" + label + "=").getBytes(US_ASCII);
  }

  String label() {
    return label;
  }

  /** A fresh copy: the scanner hands these bytes to listeners, which must not reach a shared array. */
  byte[] prefix() {
    return prefix.clone();
  }

  /** Reports the sequence's event, or {@code malformed} if its decoded body does not fit the format. */
  abstract void dispatch(String body, ControlSequenceScanner.Listener listener);
}
