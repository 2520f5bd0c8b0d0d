package org.polybridge.cli.host;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;

/**
 * The program's output, read straight from the pseudo-terminal's master side through direct JNA
 * mappings of {@code poll(2)} and {@code read(2)}. pty4j's own stream marshals a JNA structure
 * for the poll before every read, which cost more CPU than the bytes themselves at a terminal's
 * pace (the kernel hands out about 4 KB per read).
 *
 * <p>pty4j keeps the terminal's other side open in this process, so the end of the program is not
 * an end of file here: the stream ends when nothing is left to read and {@code ended} says the
 * program is gone (looked at each {@link #WAKE_UP_MS} while the terminal is quiet). Only the thread
 * that copies the output reads here; pty4j owns the descriptor and closes it after.
 */
final class MasterOutput extends InputStream {
  private static final int EINTR = 4;
  private static final int EIO = 5;
  /** POLLIN in {@code events}, the first short of the struct's second int. */
  private static final int POLLIN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0x1 : 0x1 << 16;
  private static final int WAKE_UP_MS = 50;

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private final int fd;
  private final java.util.function.BooleanSupplier ended;
  /** One {@code struct pollfd} ({@code int fd; short events; short revents}) as two ints. */
  private final int[] pollfd = new int[2];
  private byte[] scratch;

  MasterOutput(int fd, java.util.function.BooleanSupplier ended) {
    this.fd = fd;
    this.ended = ended;
  }

  private static native int poll(int[] fds, NativeLong count, int timeoutMs) throws LastErrorException;

  private static native NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Reads what is there, waiting for some. */
  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (offset != 0) { // the mapping takes an array whole, from its start
      byte[] start = new byte[length];
      int n = read(start, 0, length);
      if (n > 0) {
        System.arraycopy(start, 0, buffer, offset, n);
      }
      return n;
    }
    while (true) {
      boolean gone = ended.getAsBoolean(); // before the poll: output written before the end is read first
      if (!readable(gone ? 0 : WAKE_UP_MS)) {
        if (gone) {
          return -1;
        }
        continue;
      }
      try {
        int n = (int) read(fd, buffer, new NativeLong(length)).longValue();
        if (n <= 0) {
          return -1;
        }
        return n + more(buffer, n, length);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EINTR) {
          continue;
        }
        if (e.getErrorCode() == EIO) {
          return -1; // the terminal's other side is closed everywhere
        }
        throw new IOException("reading the pseudo-terminal: errno " + e.getErrorCode(), e);
      }
    }
  }

  /**
   * What else is there already, appended after {@code filled} bytes: a program that writes fast
   * then reaches the screen and the daemon in a few large chunks rather than many of the kernel's
   * 4 KB ones, each of which costs a write to the screen, a frame to the daemon and the threads
   * that carry them. Never waits.
   */
  private int more(byte[] buffer, int filled, int length) throws IOException {
    int added = 0;
    while (filled + added < length && readable(0)) {
      if (scratch == null) {
        scratch = new byte[buffer.length];
      }
      int n;
      try {
        n = (int) read(fd, scratch, new NativeLong(length - filled - added)).longValue();
      } catch (LastErrorException e) {
        break; // the next read reports it
      }
      if (n <= 0) {
        break;
      }
      System.arraycopy(scratch, 0, buffer, filled + added, n);
      added += n;
    }
    return added;
  }

  /** Whether a read would not block (data, or an end or error it reports), within {@code timeoutMs}. */
  private boolean readable(int timeoutMs) throws IOException {
    pollfd[0] = fd;
    pollfd[1] = POLLIN; // revents cleared
    try {
      return poll(pollfd, new NativeLong(1), timeoutMs) > 0;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EINTR) {
        return false;
      }
      throw new IOException("waiting for the pseudo-terminal: errno " + e.getErrorCode(), e);
    }
  }
}
