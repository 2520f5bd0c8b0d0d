package org.polybridge.host;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.polybridge.internal.terminal.PlainText;

/**
 * The last bytes a session's program wrote, as a terminal's scrollback would keep them: a ring of
 * at most {@link #capacity()} bytes, the oldest dropped first. For hosts whose sessions have no
 * screen of their own (the default host's pseudo-terminals, {@code polybridge pty}): a {@link
 * SessionIo#lines()} that returns its {@link #lines()} serves {@code GetBuffer}.
 *
 * <pre>{@code
 * Scrollback scrollback = new Scrollback(1 << 20);
 * scrollback.append("hello\r\n".getBytes(StandardCharsets.UTF_8));
 * List<String> lines = scrollback.lines();   // ["hello"]
 * }</pre>
 *
 * <p>The bytes are kept as written, control sequences included; {@link #lines()} renders them as
 * plain text. Thread-safe.
 */
public final class Scrollback {
  /** The default bound: 1 MiB. */
  public static final int DEFAULT_CAPACITY = 1 << 20;

  private static final int INITIAL_SIZE = 4096;

  private final int capacity;
  private byte[] ring = new byte[0];
  private int start;
  private int size;
  private long written;

  /**
   * @throws IllegalArgumentException when {@code capacity} is not positive
   */
  public Scrollback(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity : " + capacity + " (expected: > 0)");
    }
    this.capacity = capacity;
  }

  /** The most bytes kept. */
  public int capacity() {
    return capacity;
  }

  public void append(byte[] bytes) {
    append(bytes, 0, bytes.length);
  }

  /** Keeps {@code length} bytes from {@code offset}, dropping the oldest beyond the bound. */
  public synchronized void append(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return;
    }
    written += length;
    if (length >= capacity) {
      ensureSize(capacity);
      System.arraycopy(bytes, offset + length - capacity, ring, 0, capacity);
      start = 0;
      size = capacity;
      return;
    }
    ensureSize(Math.min(capacity, size + length));
    int end = (start + size) % ring.length;
    int first = Math.min(length, ring.length - end);
    System.arraycopy(bytes, offset, ring, end, first);
    System.arraycopy(bytes, offset + first, ring, 0, length - first);
    int overflow = Math.max(0, size + length - ring.length);
    start = (start + overflow) % ring.length;
    size = Math.min(ring.length, size + length);
  }

  /** Forgets every byte kept ({@link #written()} counts on). */
  public synchronized void clear() {
    start = 0;
    size = 0;
  }

  /** The bytes kept, oldest first. */
  public synchronized byte[] bytes() {
    byte[] copy = new byte[size];
    int first = Math.min(size, ring.length - start);
    System.arraycopy(ring, start, copy, 0, first);
    System.arraycopy(ring, 0, copy, first, size - first);
    return copy;
  }

  /** How many bytes were appended in all, including those dropped. */
  public synchronized long written() {
    return written;
  }

  /**
   * The bytes kept, decoded as UTF-8. When the oldest bytes were dropped in the middle of a
   * character, the rest of that character is left out.
   */
  public synchronized String text() {
    byte[] bytes = bytes();
    boolean dropped = written > bytes.length;
    int from = 0;
    while (dropped && from < bytes.length && from < 3 && (bytes[from] & 0xC0) == 0x80) {
      from++;
    }
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }

  /**
   * The text as lines a person reads ({@link PlainText}): escape sequences dropped, carriage
   * returns and backspaces applied. A last line without its newline yet is included; an empty
   * scrollback has no lines.
   */
  public List<String> lines() {
    return PlainText.lines(text());
  }

  /** Grows the ring (doubling, up to the capacity) to hold at least {@code needed} bytes in order. */
  private void ensureSize(int needed) {
    if (ring.length >= needed) {
      return;
    }
    int grown = Math.max(needed, Math.min(capacity, Math.max(INITIAL_SIZE, ring.length * 2)));
    byte[] bigger = new byte[grown];
    int first = Math.min(size, ring.length - start);
    System.arraycopy(ring, start, bigger, 0, first);
    System.arraycopy(ring, 0, bigger, first, size - first);
    ring = bigger;
    start = 0;
  }
}
