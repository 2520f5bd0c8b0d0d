package org.polybridge.internal.rpc;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls of one owner (a script) that wait for their turn, and how many it holds that it has not
 * started yet. The owner runs calls one after another; it is handed at most {@code window} calls
 * ahead of the one it runs, and the rest wait here, taken round-robin by caller: a caller that sends
 * a thousand calls at once does not make another caller's one call wait for all of them, and the
 * script's own timers and callbacks do not queue behind them either. One caller's calls keep their
 * order.
 *
 * <p>Thread-safe; its methods are short and do not call out.
 */
final class CallQueue<T> {
  private final int window;
  private final LinkedHashMap<Object, ArrayDeque<T>> byCaller = new LinkedHashMap<>();
  private int handedOver;
  private int waiting;

  CallQueue(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window : " + window + " (expected: > 0)");
    }
    this.window = window;
  }

  /** True when the call is to be handed over now (it counts as not started yet); else it waits here. */
  synchronized boolean admit(Object caller, T call) {
    if (waiting == 0 && handedOver < window) {
      handedOver++;
      return true;
    }
    byCaller.computeIfAbsent(caller, c -> new ArrayDeque<>()).add(call);
    waiting++;
    return false;
  }

  /**
   * A call handed over has started, or ended without starting: the next call to hand over (it
   * counts as handed over), or null when none waits.
   */
  synchronized T started() {
    handedOver = Math.max(0, handedOver - 1);
    if (waiting == 0) {
      return null;
    }
    Iterator<Map.Entry<Object, ArrayDeque<T>>> callers = byCaller.entrySet().iterator();
    Map.Entry<Object, ArrayDeque<T>> first = callers.next();
    T next = first.getValue().poll();
    callers.remove();
    if (!first.getValue().isEmpty()) {
      byCaller.put(first.getKey(), first.getValue()); // to the back of the round
    }
    waiting--;
    handedOver++;
    return next;
  }

  /** Calls waiting, for tests and diagnostics. */
  synchronized int waiting() {
    return waiting;
  }
}
