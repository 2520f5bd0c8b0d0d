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

  private static final byte ESC = 0x1b;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final byte[] MARKER = {ESC, 'P', '1', '0', '0', '0', 'p'};

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
    int i = offset;
    while (i < end) {
      if (matched == 0) {
        i = indexOfEsc(bytes, i, end);
        if (i < end) {
          markerStart = i;
          matched = 1;
          i++;
        }
      } else if (bytes[i] == MARKER[matched]) {
        if (++matched == MARKER.length) {
          matched = 0;
          int before = Math.max(markerStart, offset);
          if (before > runStart) {
            plain.feed(bytes, runStart, before - runStart);
          }
          return i + 1;
        }
        i++;
      } else {
        if (markerStart < 0) {
          plain.feed(MARKER, 0, matched); // held from an earlier chunk: they were these bytes
          runStart = i;
        }
        matched = 0; // and this byte is looked at again: it may be an ESC
      }
    }
    int stop = matched > 0 ? Math.max(runStart, markerStart) : end;
    if (stop > runStart) {
      plain.feed(bytes, runStart, stop - runStart);
    }
    return -1;
  }

  /**
   * The first ESC in {@code [from, to)}, or {@code to}: eight bytes at a time (a byte equal to ESC
   * is a zero byte of {@code word ^ 0x1b1b…}, found by the carry trick), since every byte a session
   * prints passes here before the scanner reads it again.
   */
  static int indexOfEsc(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ 0x1b1b1b1b1b1b1b1bL;
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        // the lowest flag is exact: a borrow only flags bytes above a true zero
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    while (i < to && bytes[i] != ESC) {
      i++;
    }
    return i;
  }
}
