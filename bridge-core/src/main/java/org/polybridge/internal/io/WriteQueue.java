package org.polybridge.internal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Bytes for a stream that may stop reading: they wait in a queue and one writer thread writes them
 * in order, so callers never wait on the reader. It is the keyboard of a pseudo-terminal (text typed
 * by scripts; a pty's input buffer is only a few kilobytes, and writing to a full one blocks), the
 * screen of {@code polybridge pty}, and its connection to the daemon. The queue holds at most
 * {@code maxPending} bytes; bytes offered beyond that are refused.
 *
 * <p>The writer is a platform daemon thread, started with the first text: a blocking native write
 * would pin a virtual thread's carrier.
 */
public final class WriteQueue {
  private static final byte[] END = new byte[0];

  private final Supplier<String> threadName;
  private final OutputStream out;
  private final long maxPending;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
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
    if (bytes.length == 0) {
      return true;
    }
    if (writer == null) {
      writer = Thread.ofPlatform().name(threadName.get()).daemon().start(this::write);
    }
    pending += bytes.length;
    queue.add(bytes);
    return true;
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
      queue.add(END);
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
      for (byte[] bytes = queue.take(); bytes != END; bytes = queue.take()) {
        out.write(bytes);
        out.flush();
        synchronized (this) {
          pending -= bytes.length;
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
