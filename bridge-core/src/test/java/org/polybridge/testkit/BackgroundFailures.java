package org.polybridge.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Fails the test during which a background thread died of an uncaught exception or Netty reported
 * a leaked buffer: both used to be only printed, so a test passed while a thread it started was
 * gone or memory leaked. Registered for every test of every module (service files plus
 * {@code junit.jupiter.extensions.autodetection.enabled} in the build). It is also a launcher
 * session listener, so that its hooks are in place before any engine runs: Netty makes its leak
 * detectors when its buffer classes first load, which jqwik's properties may do before Jupiter's
 * extensions exist.
 *
 * <p>Netty finds a leak when a buffer is garbage-collected unreleased, which may be during a later
 * test than the one that leaked it: the failure names the leak's record (where the buffer was
 * made and last touched), which is what finds the culprit.
 */
public final class BackgroundFailures implements AfterEachCallback, LauncherSessionListener {
  private static final ConcurrentLinkedQueue<String> FAILURES = new ConcurrentLinkedQueue<>();

  static {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
      FAILURES.add("thread " + thread.getName() + " died: " + stack(failure));
      if (previous != null) {
        previous.uncaughtException(thread, failure);
      } else {
        failure.printStackTrace();
      }
    });
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingLeaks());
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    // Loading this class installed the hooks (the static block): nothing more to do.
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> found = new ArrayList<>();
    String failure;
    while ((failure = FAILURES.poll()) != null) {
      found.add(failure);
    }
    if (!found.isEmpty()) {
      throw new AssertionError("in the background of " + context.getDisplayName() + ":\n" + String.join("\n", found));
    }
  }

  /** Whether a failure waits to be reported (BackgroundFailuresTest waits for a leak report). */
  static boolean pending() {
    return !FAILURES.isEmpty();
  }

  private static String stack(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** Netty's own detector, which also records what it reports. */
  private static final class RecordingLeaks extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
      return new ResourceLeakDetector<>(resource, samplingInterval) {
        @Override
        protected void reportTracedLeak(String resourceType, String records) {
          FAILURES.add("Netty leaked a " + resourceType + ":" + records);
          super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
          FAILURES.add("Netty leaked a " + resourceType + " (no record: raise io.netty.leakDetection.level)");
          super.reportUntracedLeak(resourceType);
        }
      };
    }
  }
}
