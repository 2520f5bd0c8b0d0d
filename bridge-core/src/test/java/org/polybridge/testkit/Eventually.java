package org.polybridge.testkit;

import java.time.Duration;

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
}
