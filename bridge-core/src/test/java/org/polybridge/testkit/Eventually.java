package org.polybridge.testkit;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.polybridge.Bridge;
import org.polybridge.InvocationException;

/** Test kit: waits for something asynchronous by retrying an assertion until it passes or time is up. */
public final class Eventually {
  private Eventually() {}

  /** Retries {@code assertion} until it passes, for up to 10 s; then its last failure is thrown. */
  public static void eventually(Runnable assertion) throws InterruptedException {
    eventually(Duration.ofSeconds(10), assertion);
  }

  public static void eventually(Duration limit, Runnable assertion) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  /** Waits up to 10 s for {@code condition}; fails naming {@code what} when it never holds. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(Duration.ofSeconds(10), what, condition);
  }

  public static void until(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
    eventually(limit, () -> {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
      }
    });
  }

  /**
   * The value of {@code invocation} once its functions are registered: scripts load in the
   * background, so "No function registered" is retried for up to 60 s. Any other failure is thrown
   * at once — a first call that fails for a real reason must not pass because a later one worked.
   */
  public static Object invoked(Bridge bridge, String invocation) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        return bridge.invoke(invocation).get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        boolean notYetRegistered = e.getCause() instanceof InvocationException i
            && i.getMessage().contains("No function registered for invocation");
        if (!notYetRegistered || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }
}
