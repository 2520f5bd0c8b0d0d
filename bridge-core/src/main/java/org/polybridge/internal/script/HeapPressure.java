package org.polybridge.internal.script;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How full the heap is with what survived a collection, read as each collection ends (the JVM's
 * collection notifications): each heap pool's usage after the last collection that covers it.
 * Past {@code limit} (a fraction of the largest heap) it is over its limit; so is a heap that ran
 * out of room (the JVM fell back to a full collection for an allocation, not one a program or a
 * tool asked for) with more than three quarters of the limit live: G1 gets there before the limit
 * when large arrays fragment it (a 640 MB heap of 24 MB arrays: at 75 %). Below three quarters of
 * the limit it is healthy.
 *
 * <p>Read at the collection's end, not at the owner's polls: a script that allocates 24 MB a call
 * got past the limit and the rest of the heap between two polls 500 ms apart. Not through the JVM's
 * threshold notifications either: measured, a bridge whose pools had collection thresholds and a
 * listener served in-process Python calls more slowly (p50 243–282 µs against 104–176 µs without).
 *
 * <p>One live object is not one script's: the scripts share the heap (and Python scripts one
 * context), so who keeps what cannot be read here. The owner asks who allocated the most since
 * the heap was last healthy ({@link org.polybridge.script.ScriptEventLoop#allocatedBytes}).
 */
final class HeapPressure implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HeapPressure.class.getName());
  /** Below this share of the limit the heap is healthy: where the window of who allocated the most starts. */
  private static final double HEALTHY = 0.75;
  /**
   * Causes of collections that a program or a tool asked for (HotSpot's names): a full collection
   * for one of these says nothing about room. Periodic ones are G1's when idle.
   */
  private static final Set<String> ASKED_FOR = Set.of("System.gc()", "Diagnostic Command", "Heap Inspection Initiated GC",
      "Heap Dump Initiated GC", "JvmtiEnv ForceGarbageCollection", "G1 Periodic Collection", "WhiteBox Initiated Full GC");

  /** What the owner does about it; called on the executor given to {@link #watch}. */
  interface Listener {
    /**
     * Live data is well below the limit: a good moment to note what each script has allocated so
     * far; {@code again} when the collection before did not leave it so.
     */
    void healthy(boolean again);

    /** Live data is over the limit after a collection, or the heap ran out of room with most of the limit live. */
    void overLimit(Reading reading);
  }

  /**
   * One collection's end as the JVM tells it: the heap pools the collector covers, each pool's usage
   * after it, and whether it was a full collection the JVM ran for want of room.
   */
  record Collection(Set<String> pools, Map<String, Long> usedAfter, boolean outOfRoom) {
    Collection {
      pools = Set.copyOf(pools);
      usedAfter = Map.copyOf(usedAfter);
    }

    static Collection of(GarbageCollectionNotificationInfo info, Set<String> pools) {
      Map<String, Long> used = new HashMap<>();
      info.getGcInfo().getMemoryUsageAfterGc().forEach((pool, usage) -> used.put(pool, usage.getUsed()));
      return new Collection(pools, used, outOfRoom(info.getGcAction(), info.getGcCause()));
    }

    /** A full collection ("end of major GC") that nobody asked for: the JVM's answer to an allocation that found no room. */
    static boolean outOfRoom(String action, String cause) {
      return "end of major GC".equals(action) && !ASKED_FOR.contains(cause) && !cause.startsWith("WhiteBox");
    }
  }

  /** Where the heap stood after one collection. */
  record Reading(long used, long max, double limit, boolean outOfRoom) {
    /** For a log: "the heap's live data is 577 MB of 640 MB after a collection, over the limit of 85 %". */
    String describe() {
      return outOfRoom
          ? "the heap ran out of room (the JVM fell back to a full collection) with " + mb(used) + " of " + mb(max)
              + " live, over three quarters of the limit of " + Math.round(limit * 100) + " %"
          : "the heap's live data is " + mb(used) + " of " + mb(max) + " after a collection, over the limit of "
              + Math.round(limit * 100) + " %";
    }
  }

  private final double limit;
  private final long max;
  private final Executor executor;
  private final Listener listener;
  /** Each heap pool's usage after the last collection that covered it; absent before one did. */
  private final Map<String, Long> usedAfter = new HashMap<>();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  /** Whether the last collection left the heap healthy (under {@link #usedAfter}'s lock). */
  private boolean healthy = true;

  HeapPressure(double limit, long max, Set<String> heapPools, Executor executor, Listener listener) {
    this.limit = limit;
    this.max = max;
    this.executor = executor;
    this.listener = listener;
    heapPools.forEach(pool -> usedAfter.put(pool, 0L));
  }

  /**
   * Watches the heap against {@code limit} (a fraction of the largest heap, in (0, 1)), telling
   * {@code listener} on {@code executor}; {@code null} when the limit is off (0, or 1 and over) or
   * the JVM cannot tell (no largest heap, no collector that tells when it ends).
   */
  static HeapPressure watch(double limit, Executor executor, Listener listener) {
    long max = Runtime.getRuntime().maxMemory();
    if (!(limit > 0 && limit < 1) || max == Long.MAX_VALUE) {
      return null;
    }
    Set<String> heapPools = Set.copyOf(ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList());
    HeapPressure pressure = new HeapPressure(limit, max, heapPools, executor, listener);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        Set<String> pools = Set.of(collector.getMemoryPoolNames());
        NotificationListener onEnd = (notification, handback) -> pressure.ended(notification, pools);
        emitter.addNotificationListener(onEnd, null, null);
        pressure.unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(onEnd);
          } catch (ListenerNotFoundException e) {
            // removed already
          }
        });
      }
    }
    if (pressure.unsubscribe.isEmpty()) {
      return null;
    }
    return pressure;
  }

  /** Bytes as people read them in a log: "577 MB". */
  static String mb(long bytes) {
    return (bytes >> 20) + " MB";
  }

  /** On the JVM's notification thread: reads the collection and hands what it says to the executor. */
  private void ended(Notification notification, Set<String> pools) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    try {
      collected(Collection.of(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()), pools));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reading the heap after a collection failed", e);
    }
  }

  /**
   * Takes in what one collection left and tells the listener where the heap stands: over the
   * limit (once per collection), healthy, or neither.
   */
  void collected(Collection collection) {
    long used;
    boolean wasHealthy;
    synchronized (usedAfter) {
      for (String pool : collection.pools()) {
        Long after = collection.usedAfter().get(pool);
        if (after != null && usedAfter.containsKey(pool)) {
          usedAfter.put(pool, after);
        }
      }
      used = usedAfter.values().stream().mapToLong(Long::longValue).sum();
      wasHealthy = healthy;
      healthy = used < HEALTHY * limit * max;
    }
    Runnable tell;
    if (used >= limit * max) {
      Reading reading = new Reading(used, max, limit, false);
      tell = () -> listener.overLimit(reading);
    } else if (used < HEALTHY * limit * max) {
      tell = () -> listener.healthy(!wasHealthy);
    } else if (collection.outOfRoom()) {
      Reading reading = new Reading(used, max, limit, true);
      tell = () -> listener.overLimit(reading);
    } else {
      return;
    }
    try {
      executor.execute(tell);
    } catch (RejectedExecutionException closing) {
      // the owner is closing
    }
  }

  /** Stops listening to the collectors. */
  @Override
  public void close() {
    unsubscribe.forEach(Runnable::run);
  }
}
