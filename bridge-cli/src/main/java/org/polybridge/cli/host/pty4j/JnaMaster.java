package org.polybridge.cli.host.pty4j;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import org.polybridge.cli.host.MasterOutput;

/**
 * The master side of a terminal pty4j opened, through direct JNA mappings of {@code poll(2)} and
 * {@code read(2)}: pty4j's own stream marshals a JNA structure for the poll before every read,
 * which cost more CPU than the bytes themselves at a terminal's pace. pty4j owns the descriptor
 * and closes it after.
 */
final class JnaMaster implements MasterOutput.Master {
  private static final int EINTR = 4;
  private static final int EIO = 5;
  /** POLLIN in {@code events}, the first short of the struct's second int. */
  private static final int POLLIN = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0x1 : 0x1 << 16;

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private final int fd;
  /** One {@code struct pollfd} ({@code int fd; short events; short revents}) as two ints. */
  private final int[] pollfd = new int[2];
  private byte[] scratch;

  JnaMaster(int fd) {
    this.fd = fd;
  }

  private static native int poll(int[] fds, NativeLong count, int timeoutMs) throws LastErrorException;

  private static native NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  @Override
  public boolean poll(int timeoutMs) throws IOException {
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

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    // the mapping takes an array whole, from its start
    byte[] into = offset == 0 ? buffer : scratch(length);
    while (true) {
      try {
        int n = (int) read(fd, into, new NativeLong(length)).longValue();
        if (n <= 0) {
          return -1;
        }
        if (into != buffer) {
          System.arraycopy(into, 0, buffer, offset, n);
        }
        return n;
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

  private byte[] scratch(int length) {
    if (scratch == null || scratch.length < length) {
      scratch = new byte[length];
    }
    return scratch;
  }
}
