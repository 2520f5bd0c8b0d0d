package org.polybridge.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A program's output, read from its pseudo-terminal's master side: the one read loop of both ways
 * to start a program ({@link SessionProgram}, {@link Pty4jProgram}), over the two calls each makes
 * in its own way ({@link Master}).
 *
 * <p>The process that started the program keeps the terminal's other side open, so the end of the
 * program is no end of file here: the stream ends once {@code ended} says the program is gone and
 * nothing is left to read (looked at while the terminal is quiet: {@link #FIRST_WAKE_UP_MS} after
 * the last output, then at twice the wait each time up to every {@link #WAKE_UP_MS}; output
 * written before the end is read first), or when the master says the terminal is closed here. A
 * program that ends soon after its last output (a command's last line) is so seen gone within a
 * few milliseconds, not up to 50, and an idle terminal still costs one wake-up each 50 ms. A
 * program that has written nothing yet is looked at every {@link #FIRST_WAKE_UP_MS} for its first
 * {@link #YOUNG_LOOKS} looks (200 ms) before the waits grow: one that ends at once, without a word
 * ({@code polybridge pty -- true}), was seen gone 10-30 ms late, at the look after 4, 12, 28 or 60 ms.
 *
 * <p>A read returns what is there already, up to the buffer's length: the kernel hands out about
 * 4 KB per read, and a program that writes fast then reaches the screen and the daemon in a few
 * large chunks rather than many small ones, each of which costs a write to the screen, a frame to
 * the daemon and the threads that carry them. Only the thread that copies the output reads here.
 * Public for the pty4j way, which may live in a class loader of its own ({@link Pty4jLauncher}).
 */
public final class MasterOutput extends InputStream {
  static final int WAKE_UP_MS = 50;
  static final int FIRST_WAKE_UP_MS = 4;
  /** How many looks at {@link #FIRST_WAKE_UP_MS} a program gets before its first output. */
  static final int YOUNG_LOOKS = 50;

  /** How one way of starting programs polls and reads its terminal's master side. */
  public interface Master {
    /**
     * Waits at most {@code timeoutMs} for a read that would not block (data, or an end it reports):
     * {@code true} then; {@code false} when there is none yet.
     *
     * @throws java.io.EOFException when the terminal was closed here (hung up): the stream ends
     */
    boolean poll(int timeoutMs) throws IOException;

    /** Reads what is there: the count (at least one), or -1 when the terminal's other side is closed everywhere. */
    int read(byte[] buffer, int offset, int length) throws IOException;
  }

  private final Master master;
  private final BooleanSupplier ended;
  /** How long the next poll of a quiet terminal waits; back to the first wait after output. */
  private int wait = FIRST_WAKE_UP_MS;
  /** The looks left at the first wait while the program has written nothing; none after its first output. */
  private int youngLooks = YOUNG_LOOKS;

  /** The output read from {@code master}; it ends once {@code ended} is true and nothing is left to read. */
  public MasterOutput(Master master, BooleanSupplier ended) {
    this.master = master;
    this.ended = ended;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Reads what is there, waiting for some; -1 at the end. */
  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    try {
      while (true) {
        boolean gone = ended.getAsBoolean(); // before the poll: output written before the end is read first
        if (!master.poll(gone ? 0 : wait)) {
          if (gone) {
            return -1;
          }
          if (youngLooks > 0) {
            youngLooks--;
          } else {
            wait = Math.min(wait * 2, WAKE_UP_MS);
          }
          continue;
        }
        wait = FIRST_WAKE_UP_MS;
        youngLooks = 0;
        int n = master.read(buffer, offset, length);
        if (n <= 0) {
          return -1;
        }
        int filled = n;
        while (filled < length) {
          int more;
          try {
            if (!master.poll(0)) {
              break;
            }
            more = master.read(buffer, offset + filled, length - filled);
          } catch (IOException e) {
            break; // the next read reports it, after these bytes
          }
          if (more <= 0) {
            break;
          }
          filled += more;
        }
        return filled;
      }
    } catch (java.io.EOFException e) {
      return -1;
    }
  }
}
