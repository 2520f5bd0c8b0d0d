package org.polybridge.internal.script;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.polybridge.script.ScriptStatus;

/**
 * One script at a time, by name, without touching the others ({@code polybridge start|stop|restart
 * NAME}, the built-in functions {@code iterm2.start_script} …): a {@link ScriptLoader}, or {@link
 * #NONE} for a bridge without scripts.
 */
public interface ScriptControl {
  /** What can be done to a script. */
  enum Action {
    /** Starts a script that is not running (stopped, finished or failed). */
    START,
    /** Stops it; it stays stopped, even when its files change, until started. */
    STOP,
    /** Stops it if it runs, and starts it again. */
    RESTART
  }

  /** A script's current run: when it started, and how often the script started again since the bridge first started it. */
  record Run(Instant startedAt, int restarts) {}

  /** A bridge without scripts folder. */
  ScriptControl NONE = new ScriptControl() {
    @Override
    public ScriptStatus act(String name, Action action) {
      throw new IllegalArgumentException("no script named " + name + ": this host runs no scripts");
    }

    @Override
    public Optional<Run> run(String name) {
      return Optional.empty();
    }
  };

  /**
   * Does {@code action} to the script named {@code name}; its status after.
   *
   * @throws IllegalArgumentException when no script has that name (the message names those there are)
   * @throws IllegalStateException when the action does not fit (starting a script that runs)
   */
  ScriptStatus act(String name, Action action);

  /** The script's current run, if it has one (it is loading or running). */
  Optional<Run> run(String name);

  /** When a script that crashed starts again, if it waits to ({@code WAITING_TO_RESTART}). */
  default Optional<Instant> restartAt(String name) {
    return Optional.empty();
  }

  /**
   * Runs the script file or folder at {@code path} on demand, as iTerm2's Scripts menu does: a
   * simple script to its end, a daemon until stopped; it is not started again after it ends or
   * crashes, nor when its files change. Its status after.
   *
   * @throws IllegalArgumentException when {@code path} is not a script (the message says what one is)
   * @throws IllegalStateException when a script of that name runs already, or AutoLaunch has another of that name
   */
  default ScriptStatus startOnDemand(Path path) {
    throw new IllegalArgumentException("cannot run " + path + ": this host runs no scripts");
  }

  /** Where a script started on demand was started from; empty for an AutoLaunch script. */
  default Optional<Path> startedFrom(String name) {
    return Optional.empty();
  }

  /** The scripts of the Scripts folder (beside AutoLaunch), by name, with their language: what {@code start NAME} finds there. */
  default Map<String, String> onDemandScripts() {
    return Map.of();
  }
}
