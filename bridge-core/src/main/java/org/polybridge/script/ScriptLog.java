package org.polybridge.script;

/** A script's own log: a file of its own, and the bridge's log. */
public interface ScriptLog {
  void info(String message);

  /** A failure, with the guest's traceback when there is one. */
  void error(String message, String traceback);
}
