package org.polybridge.internal.script;

import java.nio.file.Path;
import org.polybridge.script.Repl;

/**
 * Opens REPLs ({@code polybridge repl}) on the runtimes of a bridge's scripts: a {@link
 * ScriptLoader}, or {@link #NONE} for a bridge without scripts.
 */
@FunctionalInterface
public interface Repls {
  /** A bridge without a scripts folder runs no guest code: it has no REPL. */
  Repls NONE = (language, directory, output) -> {
    throw new IllegalStateException("this host runs no scripts (it has no scripts folder), so it has no REPL");
  };

  /**
   * Starts a REPL of {@code language} (a runtime's {@code language()}, in any case) whose imports
   * look in {@code directory} first, printing to {@code output}. Returns at once.
   *
   * @throws IllegalArgumentException when no runtime of that language is on the class path, or it has no REPL
   * @throws IllegalStateException when the host is closed or has no scripts
   */
  Repl open(String language, Path directory, Repl.Output output);
}
