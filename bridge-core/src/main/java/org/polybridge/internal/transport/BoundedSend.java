package org.polybridge.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Writes to a client without waiting and without end: a write from any thread is queued to the
 * event loop (Netty counts queued bytes), and when more than {@code maxQueuedBytes} wait because
 * the client does not read, the client is dropped rather than buffered for.
 */
final class BoundedSend {
  private static final System.Logger LOG = System.getLogger(BoundedSend.class.getName());
  private static final ChannelFutureListener LOG_FAILURE = f -> {
    if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException)) {
      WireFailures.escalateOutOfMemory(f.cause());
      LOG.log(Level.WARNING, "could not send a message on " + f.channel() + ": " + f.cause());
    }
  };

  private final Channel channel;
  private final String name;
  private final long maxQueuedBytes;
  private final AtomicBoolean dropped = new AtomicBoolean();

  BoundedSend(Channel channel, String name, long maxQueuedBytes) {
    this.channel = channel;
    this.name = name;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Queues {@code message}; drops it when the channel is closed (and releases it, if counted). */
  void send(Object message) {
    if (admit(message)) {
      channel.writeAndFlush(message).addListener(LOG_FAILURE);
    }
  }

  /**
   * As {@link #send(Object)}, and when the message could not be written for another reason than
   * the channel closing (it did not encode, say), {@code onFailure} hears why.
   */
  void send(Object message, Consumer<Throwable> onFailure) {
    if (admit(message)) {
      channel.writeAndFlush(message).addListener(LOG_FAILURE).addListener(f -> {
        if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException) && channel.isActive()) {
          onFailure.accept(f.cause());
        }
      });
    }
  }

  /** Whether {@code message} may go: the channel is open and its reader keeps up; else it is released. */
  private boolean admit(Object message) {
    if (!channel.isActive()) {
      io.netty.util.ReferenceCountUtil.release(message);
      return false;
    }
    if (!channel.isWritable() && channel.bytesBeforeWritable() > maxQueuedBytes) {
      io.netty.util.ReferenceCountUtil.release(message);
      failOnSlowReader();
      return false;
    }
    return true;
  }

  String name() {
    return name;
  }

  private void failOnSlowReader() {
    if (dropped.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "dropping " + name + ": it does not read, and more than " + maxQueuedBytes
          + " bytes wait for it (the queue limit)");
      // Close at once: a close frame would queue behind what the client does not read.
      channel.close();
    }
  }
}
