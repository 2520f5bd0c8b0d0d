package org.polybridge.python;

import java.util.List;
import org.polybridge.python.internal.PythonRepl;
import org.polybridge.python.internal.PythonScript;
import org.polybridge.python.internal.SharedPython;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptRuntime;

/**
 * Python scripts on GraalPy, with the {@code iterm2} module, so that scripts written for iTerm2's
 * Python API run unchanged:
 *
 * <pre>{@code
 * import iterm2
 *
 * async def main(connection):
 *     @iterm2.RPC
 *     async def add(a, b):
 *         return a + b
 *     await add.async_register(connection)
 *
 * iterm2.run_forever(main)
 * }</pre>
 *
 * <p>Found by {@link java.util.ServiceLoader}. The scripts share one GraalPy context of the
 * bridge's polyglot engine ({@link ScriptEnvironment#engine()}), each with its own namespace, its
 * own modules, its own event loop on its own thread and its own log: a further script costs tens
 * of milliseconds, not a Python start. A script that asks for it ({@code # polybridge: isolated}
 * among its first lines), or one that ran away in the shared context, runs in a context of its
 * own; {@code -Dpolybridge.python.isolation=isolated} isolates every script. A script folder with
 * a {@code requirements.txt} gets those packages from GraalPy's own pip, installed once per file
 * into the cache folder, and runs in a context of its own with them. GraalPy starts with
 * the first Python script. {@code print} goes to the script's log; {@code .pyc} files are cached
 * under {@code $XDG_CACHE_HOME/polybridge/pyc} (default {@code ~/.cache/polybridge/pyc}) (the folder is set by the {@code polybridge.cache.dir}
 * system property).
 *
 * <h2>Permissions</h2>
 * Like iTerm2's, scripts are the user's own programs: they may read and write files. They may not
 * start threads or processes, and they see no Java class but the {@code iterm2} module's own
 * bridge.
 */
public final class PythonRuntime implements ScriptRuntime {
  private final SharedPython shared = new SharedPython(SharedPython.defaultCache(),
      "isolated".equals(System.getProperty("polybridge.python.isolation")));

  @Override
  public String language() {
    return "Python";
  }

  @Override
  public List<String> extensions() {
    return List.of(".py");
  }

  @Override
  public List<String> mainFileNames() {
    return List.of("main.py");
  }

  @Override
  public Script start(ScriptEnvironment environment) {
    return PythonScript.start(shared, environment);
  }

  /**
   * A REPL in the shared context ({@code polybridge repl --python}): top-level {@code await}, echo
   * of expression values and tracebacks as in Python's own; {@code connection}, {@code iterm2} and
   * {@code asyncio} are defined. See {@code iterm2/_repl.py}.
   */
  @Override
  public Repl startRepl(ScriptEnvironment environment, Repl.Output output) {
    return PythonRepl.start(shared, environment, output);
  }

  /** What this runtime's scripts share: tests look at its contexts. */
  SharedPython shared() {
    return shared;
  }

  @Override
  public void close() {
    shared.close();
  }
}
