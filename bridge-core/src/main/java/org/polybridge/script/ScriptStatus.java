package org.polybridge.script;

import java.util.Objects;

/**
 * Where one AutoLaunch script stands, as {@code Bridge.scripts()} reports it.
 *
 * @param name the script's file or folder name in AutoLaunch: {@code "clear_session.py"}
 * @param language the language of its runtime: {@code "JavaScript"}
 * @param state what it is doing now
 * @param lastError the reason of its last failure, or {@code null}
 * @param detail what a {@code LOADING} script is busy with ({@code "installing packages"}), or {@code null}
 *
 * <pre>{@code
 * for (ScriptStatus s : bridge.scripts()) {
 *   System.out.println(s.name() + " " + s.state() + (s.lastError() == null ? "" : ": " + s.lastError()));
 * }
 * }</pre>
 */
public record ScriptStatus(String name, String language, State state, String lastError, String detail) {
  /** The states of a script, from start to stop. */
  public enum State {
    /** Started; its main file has not run to its end yet (Python's imports take seconds). */
    LOADING,
    /** Loaded: serving its functions, or running its daemon. */
    RUNNING,
    /** Ran to its end; started again only when its files change. */
    FINISHED,
    /** Failed while loading; started again only when its files change. */
    FAILED,
    /** Crashed after it had loaded; starts again when its back-off delay is over. */
    WAITING_TO_RESTART,
    /** Stopped by the bridge, which is closing. */
    STOPPED
  }

  public ScriptStatus {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(language, "language == null");
    Objects.requireNonNull(state, "state == null");
  }

  /** A status without a detail. */
  public ScriptStatus(String name, String language, State state, String lastError) {
    this(name, language, state, lastError, null);
  }
}
