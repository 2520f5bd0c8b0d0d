package org.polybridge.script;

/**
 * A failure of a language runtime itself (its engine), not of the script's code: what a runtime
 * puts as the cause of a script's failure when the engine failed internally. The loader starts a
 * script that met one while loading once more, after the back-off of a crash, rather than leave it
 * {@code FAILED} until its files change: an engine's fault may not recur (a race between two
 * scripts loading at once), a script's own error would.
 *
 * <pre>{@code
 * catch (PolyglotException e) {
 *   fail(e.isInternalError()
 *       ? new ScriptException(e.getMessage(), null, new RuntimeFault(e))
 *       : new ScriptException(e.getMessage(), null, e));
 * }
 * }</pre>
 */
public final class RuntimeFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The engine's own failure, {@code cause}, as its message says it. */
  public RuntimeFault(Throwable cause) {
    super("the language runtime failed internally: " + cause, cause);
  }

  /** Whether {@code failure}, or one of its causes, is a runtime's fault. */
  public static boolean in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RuntimeFault) {
        return true;
      }
    }
    return false;
  }
}
