package org.polybridge.script;

/**
 * A script's own log: a file of its own, and the bridge's log. Runtimes write a script's lifecycle,
 * its failures with the guest's traceback, and what it prints:
 *
 * <pre>{@code
 * env.log().info("Python ready in " + millis + " ms");
 * env.log().error("could not load: " + e.getMessage(), guestTraceback);
 * }</pre>
 */
public interface ScriptLog {
  void info(String message);

  /** A failure, with the guest's traceback when there is one. */
  void error(String message, String traceback);

  /**
   * What the script is busy with before its code runs, shown beside its state while it is {@code
   * LOADING} ({@code polybridge scripts}: {@code "installing packages"}); {@code null} when that is
   * over. Logged as {@link #info} too.
   */
  default void activity(String activity) {
    if (activity != null) {
      info(activity);
    }
  }
}
