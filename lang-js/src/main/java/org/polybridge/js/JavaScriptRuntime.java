package org.polybridge.js;

import java.util.List;
import org.graalvm.polyglot.Engine;
import org.polybridge.js.internal.SharedJs;
import org.polybridge.js.internal.JsRepl;
import org.polybridge.js.internal.JsScript;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptRuntime;

/**
 * Runs JavaScript scripts ({@code .js}, {@code .mjs}, folders with {@code main.js} or {@code
 * index.js}) on GraalJS, each in its own context on its own event loop, all on the bridge's one
 * polyglot engine ({@link ScriptEnvironment#engine()}), which Python scripts share. Found by {@link
 * java.util.ServiceLoader}; scripts see the {@code iterm2} module described in {@code
 * docs/SCRIPTS.md}.
 *
 * <pre>{@code
 * // Scripts/AutoLaunch/add.js
 * iterm2.runForever(async connection => {
 *   const add = iterm2.rpc(async function add(a, b) { return a + b; });
 *   await add.register(connection);
 * });
 * }</pre>
 */
public final class JavaScriptRuntime implements ScriptRuntime {
  private final SharedJs shared = new SharedJs();

  @Override
  public String language() {
    return "JavaScript";
  }

  @Override
  public List<String> extensions() {
    return List.of(".js", ".mjs");
  }

  @Override
  public List<String> mainFileNames() {
    return List.of("main.js", "main.mjs", "index.js", "index.mjs");
  }

  @Override
  public Script start(ScriptEnvironment environment) {
    return JsScript.start(shared, environment);
  }

  /**
   * Throwaway contexts that parse and run the {@code iterm2} prelude (unless scripts did), then a
   * spare context for the next script, kept from then on (see {@code SharedJs.warmUp}).
   */
  @Override
  public void warmUp(Engine engine) {
    shared.warmUp(engine);
  }

  /** Whether a spare context waits for the next script (tests). */
  boolean spareReady() {
    return shared.spareReady();
  }

  /**
   * A REPL in a context of its own ({@code polybridge repl --js}): values echoed, top-level {@code
   * await}, {@code connection} and {@code iterm2} defined; see {@code JsRepl}.
   */
  @Override
  public Repl startRepl(ScriptEnvironment environment, Repl.Output output) {
    return JsRepl.start(shared, environment, output);
  }

  @Override
  public void close() {
    shared.close();
  }
}
