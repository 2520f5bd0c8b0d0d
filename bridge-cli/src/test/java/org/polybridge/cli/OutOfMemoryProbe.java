package org.polybridge.cli;

import io.netty.channel.DefaultEventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that runs out of memory as {@code polybridge run} would be set up to: the daemon's
 * logging and {@link OutOfMemoryExit}, then allocation without end on a thread of the kind named
 * by the argument. {@code thread}: a plain thread that dies of it; {@code event-loop}: a task on a
 * Netty event loop, which catches it and logs it. Used by {@link OutOfMemoryExitTest} in a child
 * JVM with a small heap.
 */
final class OutOfMemoryProbe {
  private OutOfMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    DaemonLogging.configure(java.nio.file.Path.of(args[1]));
    OutOfMemoryExit.install();
    Runnable hog = () -> {
      List<long[]> kept = new ArrayList<>();
      while (true) {
        kept.add(new long[128 * 1024]);
      }
    };
    switch (args[0]) {
      case "thread" -> new Thread(hog, "polybridge-probe").start();
      case "event-loop" -> new DefaultEventLoop().execute(hog);
      default -> throw new IllegalArgumentException("thread or event-loop: " + args[0]);
    }
    Thread.sleep(Long.MAX_VALUE); // the exit must come from the handler, not from main returning
  }
}
