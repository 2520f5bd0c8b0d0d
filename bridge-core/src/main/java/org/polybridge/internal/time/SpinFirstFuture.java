package org.polybridge.internal.time;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CompletableFuture} whose {@code join} and {@code get} spin for the answer a few
 * microseconds ({@link BriefSpin#until}) before they park: what {@code Bridge.invoke} gives a
 * caller in the JVM, whose answer from a Java, JavaScript or Python function often comes within
 * that time, so the caller is not woken from a park (a wake-up is most of such a call's cost on a
 * virtual machine). Futures made from it ({@code thenApply} and the like) spin too.
 *
 * <pre>{@code
 * CompletableFuture<Object> answer = new SpinFirstFuture<>();
 * worker.execute(() -> answer.complete(42));
 * Object value = answer.join();
 * }</pre>
 */
public final class SpinFirstFuture<T> extends CompletableFuture<T> {
  @Override
  public T join() {
    BriefSpin.until(this::isDone);
    return super.join();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    BriefSpin.until(this::isDone);
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    BriefSpin.until(this::isDone);
    return super.get(timeout, unit);
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new SpinFirstFuture<>();
  }
}
