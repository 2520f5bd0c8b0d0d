package org.polybridge.internal.script;

import java.lang.System.Logger.Level;
import org.polybridge.script.Repl;
import org.polybridge.script.ScriptLog;

/**
 * A REPL's log: its lifecycle to the bridge's log ({@code polybridge.repl.<name>}, DEBUG), its
 * failures (a callback that raised, a task nobody awaited) there too and to its user, on the REPL's
 * standard error, as Python's REPL shows them.
 */
final class ReplLog implements ScriptLog {
  private final System.Logger bridgeLog;
  private final Repl.Output output;

  ReplLog(String name, Repl.Output output) {
    this.bridgeLog = System.getLogger("polybridge.repl." + name);
    this.output = output;
  }

  @Override
  public void info(String message) {
    bridgeLog.log(Level.DEBUG, message);
  }

  @Override
  public void error(String message, String traceback) {
    String text = traceback == null || traceback.isBlank() ? message : message + "\n" + traceback.stripTrailing();
    bridgeLog.log(Level.DEBUG, text);
    output.print(text + "\n", true);
  }
}
