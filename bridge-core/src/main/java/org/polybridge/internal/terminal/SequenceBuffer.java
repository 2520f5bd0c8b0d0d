package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.util.Arrays;

/** The body of the sequence being read: grows on demand, never beyond its limit, reused between sequences. */
final class SequenceBuffer {
  // Most bodies are a short secret and a command name; start small, since there is one buffer per session.
  private static final int INITIAL_CAPACITY = 128;

  private final int limit;
  // newDecoder() reports malformed input rather than replacing it, which is what we need.
  private final CharsetDecoder decoder = UTF_8.newDecoder();
  private byte[] bytes;
  private int length;
  private int invalidAt = -1;

  SequenceBuffer(int limit) {
    this.limit = limit;
    this.bytes = new byte[Math.min(limit, INITIAL_CAPACITY)];
  }

  void clear() {
    length = 0;
  }

  /** Appends the bytes, or returns false and appends nothing if they would take the body past its limit. */
  boolean append(byte[] source, int offset, int count) {
    if (count > limit - length) {
      return false;
    }
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + count, bytes.length * 2)));
    }
    System.arraycopy(source, offset, bytes, length, count);
    length += count;
    return true;
  }

  /** The body as text, or null if it is not valid UTF-8 (then {@link #invalidAt()} says where). */
  String decodeUtf8() {
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
    // UTF-8 never decodes to more chars than it has bytes.
    CharBuffer out = CharBuffer.allocate(length);
    CoderResult result = decoder.reset().decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      invalidAt = in.position();
      return null;
    }
    return out.flip().toString();
  }

  int invalidAt() {
    return invalidAt;
  }

  int length() {
    return length;
  }

  int capacity() {
    return bytes.length;
  }
}
