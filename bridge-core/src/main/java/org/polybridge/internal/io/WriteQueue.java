package org.polybridge.internal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bytes for a stream that may stop reading: they wait in a queue and one writer thread writes them
 * in order, so callers never wait on the reader. It is the keyboard of a pseudo-terminal (text typed
 * by scripts; a pty's input buffer is only a few kilobytes, and writing to a full one blocks), the
 * screen of {@code polybridge pty}, and its connection to the daemon. The queue holds at most
 * {@code maxPending} bytes; bytes offered beyond that are refused.
 *
 * <p>{@link #offerCopy} and {@link #putCopy} copy into arrays the queue takes back once written: a
 * stream of output (all of {@code polybridge pty}'s passes twice) then allocates nothing per chunk.
 * A short-lived JVM pays for every fresh megabyte of heap it touches (measured: a third of the
 * client's CPU time at 64 MB of output, when each chunk was a new array). A copy offered while the
 * last one still waits joins it where it fits: a writer that is behind then writes what came
 * meanwhile at once (one write, one wake-up), instead of a chunk per write, each in a fresh array.
 *
 * <p>The writer is a platform daemon thread, started with the first text: a blocking native write
 * would pin a virtual thread's carrier.
 */
public final class WriteQueue {
  /** The size of the arrays kept for copies: a pseudo-terminal's gathered read, and a frame's header. */
  public static final int KEPT_SIZE = 64 * 1024 + 64;
  /**
   * How many written arrays are kept for copies: a megabyte's worth, what the screen of {@code
   * polybridge pty} may hold back while the user's terminal is behind (a fresh array is zeroed
   * first: measured, 8 % of the reading thread's time with 4 kept).
   */
  private static final int KEPT = 16;

  /** Bytes waiting: the first {@code length} of {@code bytes}; a kept array the queue reuses, and copies join while it waits. */
  private static final class Chunk {
    final byte[] bytes;
    final boolean kept;
    int length;

    Chunk(byte[] bytes, int length, boolean kept) {
      this.bytes = bytes;
      this.length = length;
      this.kept = kept;
    }
  }

  private static final Chunk END = new Chunk(new byte[0], 0, false);

  private final Supplier<String> threadName;
  private final OutputStream out;
  private final long maxPending;
  /** Chunks not yet taken by the writer; guarded by {@code this}. */
  private final java.util.ArrayDeque<Chunk> queue = new java.util.ArrayDeque<>();
  /** Written arrays of {@link #KEPT_SIZE}, for the next copies; guarded by {@code this}. */
  private final java.util.ArrayDeque<byte[]> free = new java.util.ArrayDeque<>();
  private long pending;
  private boolean closed;
  private Thread writer;

  public WriteQueue(Supplier<String> threadName, OutputStream out, long maxPending) {
    this.threadName = threadName;
    this.out = out;
    this.maxPending = maxPending;
  }

  /**
   * Queues bytes for the program. Returns at once; {@code false} when the queue is full or the
   * program's input is closed.
   */
  public synchronized boolean offer(byte[] bytes) {
    if (closed || pending + bytes.length > maxPending) {
      return false;
    }
    if (bytes.length > 0) {
      enqueue(new Chunk(bytes, bytes.length, false));
    }
    return true;
  }

  /**
   * As {@link #offer}, with a copy of {@code length} bytes from {@code offset}: the caller may reuse
   * its array at once.
   */
  public boolean offerCopy(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    return offerFilled(length, (into, at) -> System.arraycopy(bytes, offset, into, at, length));
  }

  /** Writes the bytes of one {@link #offerFilled} into the queue's own array. */
  @FunctionalInterface
  public interface Filling {
    /** Puts exactly the length offered into {@code into}, from {@code at}; called under the queue's lock. */
    void fill(byte[] into, int at);
  }

  /**
   * As {@link #offerCopy}, for bytes that {@code filling} makes straight in the queue's array: a
   * frame around a chunk of output is made where it waits, not made and then copied.
   */
  public synchronized boolean offerFilled(int length, Filling filling) {
    if (length < 0) {
      throw new IllegalArgumentException("length " + length + " (expected: 0 or more)");
    }
    if (closed || pending + length > maxPending) {
      return false;
    }
    if (length == 0) {
      return true;
    }
    Chunk last = queue.peekLast();
    if (last != null && last.kept && last.bytes.length - last.length >= length) {
      // the writer has not taken it yet (it takes under this lock): it writes both with one call
      filling.fill(last.bytes, last.length);
      last.length += length;
      pending += length;
      return true;
    }
    boolean keep = length <= KEPT_SIZE;
    byte[] copy = !keep ? new byte[length] : free.isEmpty() ? new byte[KEPT_SIZE] : free.pop();
    filling.fill(copy, 0);
    enqueue(new Chunk(copy, length, keep));
    return true;
  }

  /** As {@link #put}, with a copy as {@link #offerCopy} makes it. */
  public synchronized boolean putCopy(byte[] bytes, int offset, int length) throws InterruptedException {
    while (!closed && pending > 0 && pending + length > maxPending) {
      wait();
    }
    return offerCopy(bytes, offset, length);
  }

  private void enqueue(Chunk chunk) {
    if (writer == null) {
      writer = Thread.ofPlatform().name(threadName.get()).daemon().start(this::write);
    }
    pending += chunk.length;
    if (queue.isEmpty()) {
      notifyAll(); // the writer waits for a chunk only when there is none
    }
    queue.addLast(chunk);
  }

  /**
   * Queues bytes for the program, waiting while the queue is full (for a reader of the user's
   * keyboard, which may wait where a script must not). {@code false} when the input is closed.
   */
  public synchronized boolean put(byte[] bytes) throws InterruptedException {
    while (!closed && pending > 0 && pending + bytes.length > maxPending) {
      wait();
    }
    return offer(bytes);
  }

  /** Stops the writer once it has written what is queued; later text is refused. */
  public synchronized void close() {
    if (!closed) {
      closed = true;
      queue.addLast(END);
      notifyAll();
    }
  }

  /** Closes, then waits up to {@code limit} for what is queued to be written. */
  public void drain(Duration limit) throws InterruptedException {
    Thread w;
    synchronized (this) {
      close();
      w = writer;
    }
    if (w != null) {
      w.join(limit);
    }
  }

  private void write() {
    try {
      while (true) {
        Chunk chunk;
        synchronized (this) {
          while (queue.isEmpty()) {
            wait();
          }
          chunk = queue.pollFirst();
        }
        if (chunk == END) {
          return;
        }
        out.write(chunk.bytes, 0, chunk.length);
        out.flush();
        synchronized (this) {
          pending -= chunk.length;
          if (chunk.kept && free.size() < KEPT) {
            free.push(chunk.bytes);
          }
          notifyAll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.getLogger(WriteQueue.class.getName())
          .log(System.Logger.Level.DEBUG, Thread.currentThread().getName() + ": input closed: " + e.getMessage());
      synchronized (this) {
        closed = true;
        queue.clear();
        notifyAll();
      }
    }
  }
}
