package org.polybridge.internal.tmux;

/**
 * Finds {@code ESC P 1000 p}, what {@code tmux -CC} prints before it speaks control mode, in a
 * session's plain output. The bytes before it go on to the session's own reader; the marker is
 * consumed. Bytes that may start the marker are held until the next byte decides, so chunks may
 * split it anywhere. Not thread-safe: one reader feeds it.
 */
public final class ControlModeStart {
  /** Where plain bytes go. */
  @FunctionalInterface
  public interface Plain {
    void feed(byte[] bytes, int offset, int length);
  }

  private static final byte[] MARKER = {0x1b, 'P', '1', '0', '0', '0', 'p'};

  /** How many bytes of the marker were matched, some perhaps in earlier chunks. */
  private int matched;

  /**
   * Passes the plain bytes of {@code [offset, end)} to {@code plain} and returns the index just
   * after the marker, or {@code -1} when the marker was not completed there (bytes that may start
   * it are then held for the next call).
   */
  public int find(byte[] bytes, int offset, int end, Plain plain) {
    int runStart = offset;
    int markerStart = -1; // where the marker began in this chunk; -1: in an earlier one (or not at all)
    for (int i = offset; i < end; i++) {
      byte b = bytes[i];
      if (matched > 0 && b != MARKER[matched]) {
        if (markerStart < 0) {
          plain.feed(MARKER, 0, matched); // held from an earlier chunk: they were these bytes
          runStart = i;
        }
        matched = 0;
      }
      if (b == MARKER[matched]) {
        if (matched == 0) {
          markerStart = i;
        }
        if (++matched == MARKER.length) {
          matched = 0;
          int before = Math.max(markerStart, offset);
          if (before > runStart) {
            plain.feed(bytes, runStart, before - runStart);
          }
          return i + 1;
        }
      }
    }
    int stop = matched > 0 ? Math.max(runStart, markerStart) : end;
    if (stop > runStart) {
      plain.feed(bytes, runStart, stop - runStart);
    }
    return -1;
  }
}
