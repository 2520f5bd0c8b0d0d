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

  /**
   * How long the waits without a limit of their own wait: what they wait for takes milliseconds on
   * a quiet machine, but seconds when two cores are shared by a full build; a wait that times out
   * still fails the test, so a long limit costs only the failing run.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Retries {@code assertion} until it passes, for up to 30 s; then its last failure is thrown. */
  public static void eventually(Runnable assertion) throws InterruptedException {
    eventually(PATIENCE, assertion);
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

  /** Waits up to 30 s for {@code condition}; fails naming {@code what} when it never holds. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(PATIENCE, what, condition);
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
   * background — a first GraalPy context alone took minutes under a load of 15–20 on two cores — so
   * "No function registered" is retried for up to 3 minutes. Any other failure is thrown
   * at once — a first call that fails for a real reason must not pass because a later one worked.
   */
  public static Object invoked(Bridge bridge, String invocation) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
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
