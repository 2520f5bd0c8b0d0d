package org.polybridge.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.polybridge.Bridge;
import org.polybridge.script.ScriptStatus;

/**
 * Gives back the memory the daemon's start took. Loading the AutoLaunch scripts (a Python context's
 * start above all) allocates fast, and G1 grows the heap to keep up: with the four example scripts
 * the heap stood at 2.2 GB committed, 180 MB of it in use, and the daemon at 515 MB resident when the
 * last script had loaded; one full collection then left 274 MB committed (78 MB live) and 321 MB
 * resident. So the daemon collects once when no script is loading any more and the functions they
 * register have stayed the same for a while (a script leaves LOADING when its top level has run,
 * before its {@code main} registers anything: a collection then, a stop of a few hundred
 * milliseconds on two busy cores, would delay the first answers), and lets G1 collect while
 * it idles ({@code G1PeriodicGCInterval}, JEP 346: after a minute without a collection), which gives
 * back what a later burst (a reload, a script saved into the folder) took. Before that collection
 * it warms up the runtimes ({@link Bridge#warmUp}: the daemon with the four Python examples readies
 * JavaScript, and JavaScript keeps a spare context), so that a script saved later does not pay for
 * its language's first context, and the warm-up's garbage goes with the start's.
 *
 * <p>Only {@code polybridge run} does this: an application that embeds a bridge owns its heap.
 *
 * <pre>{@code
 * StartupHeap.settle(bridge, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10));
 * }</pre>
 */
final class StartupHeap {
  private static final System.Logger LOG = System.getLogger(StartupHeap.class.getName());
  /** How long the daemon idles without a collection before G1 makes one and gives memory back. */
  static final Duration IDLE_COLLECTION = Duration.ofMinutes(1);
  /** How long the bridge may take to find its scripts and start them before this gives up. */
  private static final Duration FIRST_LOOK = Duration.ofMinutes(10);

  /**
   * {@code -Dpolybridge.warmUp=false}: no warm-up of the runtimes ({@link Bridge#warmUp}); a
   * JavaScript script saved later then pays for the first context itself, and no spare is kept.
   */
  static final String WARM_UP_PROPERTY = "polybridge.warmUp";
  private static final Duration WARM_UP_PATIENCE = Duration.ofMinutes(2);

  private StartupHeap() {}

  /** What the daemon had when it collected: its scripts' states and the functions registered. */
  record Settled(List<ScriptStatus> scripts, Set<String> functions) {}

  /**
   * On a thread of its own, waits until the bridge has found and started its scripts, none of them
   * is loading any more and the functions registered stayed unchanged for {@code quiet} (looking
   * every {@code every}, for at most {@code patience}: a script that loads or registers for ever
   * does not keep the memory of the others), warms up the runtimes, then collects
   * once and turns on G1's collection when idle. Completes with what it saw at that moment; a
   * failure reaches the log.
   */
  static CompletableFuture<Settled> settle(Bridge bridge, Duration every, Duration quiet, Duration patience) {
    CompletableFuture<Settled> settled = new CompletableFuture<>();
    Thread.ofVirtual().name("polybridge-startup-heap").start(() -> {
      try {
        // the first look starts the scripts found (a runtime's first start: seconds on a busy machine)
        bridge.scriptsFound().get(FIRST_LOOK.toNanos(), TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + patience.toNanos();
        List<ScriptStatus> scripts = bridge.scripts();
        Set<String> functions = Set.copyOf(bridge.functions());
        long unchangedSince = System.nanoTime();
        while (!settled(scripts, unchangedSince, quiet) && System.nanoTime() < deadline) {
          Thread.sleep(every);
          scripts = bridge.scripts();
          Set<String> now = Set.copyOf(bridge.functions());
          if (!now.equals(functions) || loading(scripts)) {
            functions = now;
            unchangedSince = System.nanoTime();
          }
        }
        if (!"false".equals(System.getProperty(WARM_UP_PROPERTY))) {
          // before the collection, which then takes the warm-up's garbage with the start's
          try {
            bridge.warmUp().get(WARM_UP_PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "the runtimes' warm-up goes on after " + WARM_UP_PATIENCE.toSeconds() + " s; collecting meanwhile");
          }
        }
        System.gc();
        collectWhenIdle();
        settled.complete(new Settled(scripts, functions));
      } catch (InterruptedException e) {
        settled.completeExceptionally(e);
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        LOG.log(Level.WARNING, "could not give back the memory of the start", e);
        settled.completeExceptionally(e);
      }
    });
    return settled;
  }

  private static boolean settled(List<ScriptStatus> scripts, long unchangedSince, Duration quiet) {
    return !loading(scripts) && System.nanoTime() - unchangedSince >= quiet.toNanos();
  }

  private static boolean loading(List<ScriptStatus> scripts) {
    return scripts.stream().anyMatch(s -> s.state() == ScriptStatus.State.LOADING);
  }

  /** G1's periodic collection, where the JVM has it (another collector, or no such option: nothing). */
  private static void collectWhenIdle() {
    try {
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .setVMOption("G1PeriodicGCInterval", Long.toString(IDLE_COLLECTION.toMillis()));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.log(Level.DEBUG, "no periodic collection when idle: " + e.getMessage());
    }
  }
}
