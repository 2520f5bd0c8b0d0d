package org.polybridge.internal.script;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * How full the heap is with what survived the last collections: the JVM's own measure of live
 * data (each heap pool's collection usage), not the allocation going on. Past {@code limit} (a
 * fraction of the largest heap) it is over its limit; below three quarters of that it is healthy.
 * Read when the owner asks ({@link #check}, the loader's polls), not through the JVM's threshold
 * notifications: measured, a bridge whose pools had collection thresholds and a listener served
 * in-process Python calls more slowly (p50 243–282 µs against 104–176 µs without).
 *
 * <p>One live object is not one script's: the scripts share the heap (and Python scripts one
 * context), so who keeps what cannot be read here. The owner asks who allocated the most since
 * the heap was last healthy ({@link org.polybridge.script.ScriptEventLoop#allocatedBytes}).
 */
final class HeapPressure {
  /** Below this share of the limit the heap is healthy: where the window of who allocated the most starts. */
  private static final double HEALTHY = 0.75;

  /** What the owner does about it; called from {@link #check}. */
  interface Listener {
    /** Live data is well below the limit: a good moment to note what each script has allocated so far. */
    void healthy();

    /** Live data is over the limit after a collection. */
    void overLimit(long used, long max);
  }

  private final double limit;
  private final long max;
  private final List<MemoryPoolMXBean> pools;
  private final List<GarbageCollectorMXBean> collectors;
  private final Listener listener;
  /** How many collections had ended when the listener was last told of the heap over its limit. */
  private long overSeen;

  private HeapPressure(double limit, Listener listener) {
    this.limit = limit;
    this.max = Runtime.getRuntime().maxMemory();
    this.listener = listener;
    this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
        .toList();
    this.collectors = ManagementFactory.getGarbageCollectorMXBeans();
  }

  /**
   * Watches the heap against {@code limit} (a fraction of the largest heap, in (0, 1)); {@code null}
   * when the limit is off (0, or 1 and over) or the JVM cannot tell (no largest heap, no pool that
   * reports what survived).
   */
  static HeapPressure watch(double limit, Listener listener) {
    if (!(limit > 0 && limit < 1) || Runtime.getRuntime().maxMemory() == Long.MAX_VALUE) {
      return null;
    }
    HeapPressure pressure = new HeapPressure(limit, listener);
    return pressure.pools.isEmpty() ? null : pressure;
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

  double limit() {
    return limit;
  }

  /**
   * Tells the listener where the heap stands: over the limit (once per collection: what a
   * collection left is read again until the next one), healthy, or neither. On the owner's one
   * thread only.
   */
  void check() {
    long used = used();
    if (used >= limit * max) {
      long collections = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
      if (collections > overSeen) {
        overSeen = collections;
        listener.overLimit(used, max);
      }
    } else if (used < HEALTHY * limit * max) {
      listener.healthy();
    }
  }
}
