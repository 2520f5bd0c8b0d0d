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
}
