package org.polybridge.transport;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.UUID;

/**
 * Random session ids, as {@link TerminalLink#newSessionId()} makes them: version 4 UUIDs from the
 * system's random device where there is one. {@link UUID#randomUUID()} says the same, but a JVM's
 * first {@code SecureRandom} loads the security providers (15-20 ms of a terminal's start, measured
 * in {@code polybridge pty}, whose program waits for its id).
 */
final class SessionIds {
  private SessionIds() {}

  static String random() {
    byte[] bytes = new byte[16];
    try (InputStream in = new FileInputStream("/dev/urandom")) {
      if (in.readNBytes(bytes, 0, 16) != 16) {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
      }
    } catch (IOException e) {
      return UUID.randomUUID().toString().toUpperCase(Locale.ROOT); // no such device (not a Unix)
    }
    bytes[6] = (byte) (bytes[6] & 0x0f | 0x40); // version 4: random
    bytes[8] = (byte) (bytes[8] & 0x3f | 0x80); // the IETF variant
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = high << 8 | (bytes[i] & 0xff);
      low = low << 8 | (bytes[i + 8] & 0xff);
    }
    return new UUID(high, low).toString().toUpperCase(Locale.ROOT);
  }
}
