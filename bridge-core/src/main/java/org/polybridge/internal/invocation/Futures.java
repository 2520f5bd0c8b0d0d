package org.polybridge.internal.invocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Combinators the evaluator needs and {@link CompletableFuture} lacks. */
public final class Futures {
  private Futures() {}

  /**
   * All values in order, or the first failure as soon as it happens (not after the others finish,
   * as {@code allOf} would).
   */
  static CompletableFuture<List<Object>> allOrFirstFailure(List<CompletableFuture<Object>> futures) {
    if (futures.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (allSucceeded(futures)) { // literals and variables: no callbacks to chain
      Object[] values = new Object[futures.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = futures.get(i).resultNow();
      }
      return CompletableFuture.completedFuture(Collections.unmodifiableList(java.util.Arrays.asList(values)));
    }
    CompletableFuture<List<Object>> all = new CompletableFuture<>();
    Object[] values = new Object[futures.size()];
    AtomicInteger remaining = new AtomicInteger(futures.size());
    for (int i = 0; i < futures.size(); i++) {
      int index = i;
      futures.get(i).whenComplete((value, failure) -> {
        if (failure != null) {
          all.completeExceptionally(unwrap(failure));
        } else {
          values[index] = value;
          if (remaining.decrementAndGet() == 0) {
            all.complete(Collections.unmodifiableList(new ArrayList<>(java.util.Arrays.asList(values))));
          }
        }
      });
    }
    return all;
  }

  private static boolean allSucceeded(List<CompletableFuture<Object>> futures) {
    for (CompletableFuture<Object> f : futures) {
      if (f.state() != Future.State.SUCCESS) {
        return false;
      }
    }
    return true;
  }

  public static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
