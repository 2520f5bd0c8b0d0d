package org.polybridge.internal.script;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * How full the heap is with what survived the last collections: the JVM's own measure of live
 * data (each pool's collection usage), not the allocation going on. Past {@code limit} (a fraction
 * of the largest heap) it is over its limit; below three quarters of that it is healthy. The JVM reports a
 * collection that ended over the limit at once ({@link MemoryNotificationInfo#MEMORY_COLLECTION_THRESHOLD_EXCEEDED},
 * handed to {@code executor}); {@link #check} reads it whenever the owner asks (its polls).
 *
 * <p>One live object is not one script's: the scripts share the heap (and Python scripts one
 * context), so who keeps what cannot be read here. The owner asks who allocated the most since
 * the heap was last healthy ({@link org.polybridge.script.ScriptEventLoop#allocatedBytes}).
 */
final class HeapPressure implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.polybridge.scripts");

  /** What the owner does about it; called on {@code executor}. */
  interface Listener {
    /** Live data is well below the limit: a good moment to note what each script has allocated so far. */
    void healthy();

    /** Live data is over the limit after a collection. */
    void overLimit(long used, long max);
  }

  /** Below this share of the limit the heap is healthy: where the window of who allocated the most starts. */
  private static final double HEALTHY = 0.75;

  private final double limit;
  private final long max;
  private final List<MemoryPoolMXBean> pools;
  private final Listener listener;
  private final Executor executor;
  private final NotificationListener notified;
  /** How many collections had ended over the limit when the listener was last told. */
  private long overSeen;

  private HeapPressure(double limit, Listener listener, Executor executor) {
    this.limit = limit;
    this.max = Runtime.getRuntime().maxMemory();
    this.listener = listener;
    this.executor = executor;
    this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
        .toList();
    this.notified = this::notified;
  }

  /**
   * Watches the heap against {@code limit} (a fraction of the largest heap, in (0, 1)); {@code null}
   * when the limit is off (0 or 1 and over) or the JVM cannot tell (no largest heap, no pool that
   * reports what survived).
   */
  static HeapPressure watch(double limit, Listener listener, Executor executor) {
    if (!(limit > 0 && limit < 1) || Runtime.getRuntime().maxMemory() == Long.MAX_VALUE) {
      return null;
    }
    HeapPressure pressure = new HeapPressure(limit, listener, executor);
    if (pressure.pools.isEmpty()) {
      return null;
    }
    for (MemoryPoolMXBean pool : pressure.pools) {
      long poolMax = pool.getUsage().getMax();
      // Each pool's share of the limit; a pool without a maximum of its own may hold the whole heap.
      pool.setCollectionUsageThreshold((long) (limit * (poolMax > 0 ? poolMax : pressure.max)));
    }
    ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(pressure.notified, null, null);
    return pressure;
  }

  /** The live data (what survived each pool's last collection), in bytes. */
  long used() {
    long used = 0;
    for (MemoryPoolMXBean pool : pools) {
      var usage = pool.getCollectionUsage();
      used += usage == null ? 0 : usage.getUsed();
    }
    return used;
  }

  long max() {
    return max;
  }

  /**
   * Tells the listener where the heap stands: over the limit (once per collection that ended
   * over it: what a collection left is read again until the next one), healthy, or neither. On
   * the owner's executor only (one thread: the listener takes the owner's lock).
   */
  void check() {
    long used = used();
    if (used >= limit * max) {
      long over = pools.stream().mapToLong(MemoryPoolMXBean::getCollectionUsageThresholdCount).sum();
      if (over > overSeen) {
        overSeen = over;
        listener.overLimit(used, max);
      }
    } else if (used < HEALTHY * limit * max) {
      listener.healthy();
    }
  }

  double limit() {
    return limit;
  }

  private void notified(Notification notification, Object handback) {
    if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
      return;
    }
    try {
      executor.execute(this::check);
    } catch (RejectedExecutionException closing) {
      // the owner closed meanwhile
    }
  }

  @Override
  public void close() {
    try {
      ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(notified);
    } catch (ListenerNotFoundException e) {
      LOG.log(Level.DEBUG, "the heap listener was gone already");
    }
  }
}
