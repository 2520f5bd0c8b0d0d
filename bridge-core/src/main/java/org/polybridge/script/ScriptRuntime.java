package org.polybridge.script;

import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.Engine;

/**
 * A language that runs guest scripts, found with {@link java.util.ServiceLoader} (bridge-core
 * names no language). One instance serves every script of its language in a bridge, and owns
 * what they share but the engine (a prelude, caches, a watchdog thread). The polyglot engine is
 * the bridge's, one for all languages ({@link ScriptEnvironment#engine()}): a runtime builds its
 * contexts on it and does not close it. What a runtime keeps must stay correct if its scripts
 * come with different engines (a {@code Source} may serve any engine).
 *
 * <p>Implementations start a script on its own {@link ScriptEventLoop}: the only thread that ever
 * enters the script's context. {@link #start} returns at once.
 *
 * <pre>{@code
 * // a language module names its runtime in META-INF/services/org.polybridge.script.ScriptRuntime
 * public final class LuaRuntime implements ScriptRuntime {
 *   public String language() { return "Lua"; }
 *   public List<String> extensions() { return List.of(".lua"); }
 *   public List<String> mainFileNames() { return List.of("main.lua"); }
 *   public Script start(ScriptEnvironment environment) { return LuaScript.start(environment); }
 *   public void close() { }
 * }
 * }</pre>
 */
public interface ScriptRuntime extends AutoCloseable {
  /** For people: {@code "JavaScript"}, {@code "Python"}. */
  String language();

  /** File name endings of single-file scripts: {@code ".js"}, {@code ".mjs"}, {@code ".py"}. */
  List<String> extensions();

  /** Names of the main file of a script folder, in order of preference: {@code "main.py"}. */
  List<String> mainFileNames();

  /** Whether this runtime runs {@code file} as a single-file script. */
  default boolean accepts(Path file) {
    String name = file.getFileName().toString();
    return extensions().stream().anyMatch(name::endsWith);
  }

  /** Starts loading and running a script; failures go to its log and to {@link Script#completion()}. */
  Script start(ScriptEnvironment environment);

  /**
   * Readies, on the calling thread, what the first script of this language pays for in a JVM that
   * has run none (its language's first context on {@code engine}, a prelude's parse, the JVM's
   * first pass over that code), so that a script saved later starts as fast as a second one; a
   * runtime may also keep something ready for its next script from then on (JavaScript: a spare
   * context, the prelude run in it). It runs none of the user's code; the bridge calls it when asked
   * ({@code Bridge.warmUp()}: the daemon does once its scripts have settled), for every runtime,
   * whether a script of its language started or not (one that did need not warm up again). A
   * runtime whose first script costs little, or whose warm-up would cost more than it saves, does
   * nothing (the default). Closing the runtime meanwhile cuts it short and releases what it kept.
   */
  default void warmUp(Engine engine) {}

  /**
   * Starts an interactive session ({@code polybridge repl}) in {@code environment}, as a script of
   * this runtime without a main file ({@link ScriptEnvironment#mainFile()} names it and {@link
   * ScriptEnvironment#directory()} is where its imports look first). Returns at once; {@link
   * Script#loaded()} completes when it takes input.
   *
   * @throws UnsupportedOperationException when this runtime has none (the default)
   */
  default Repl startRepl(ScriptEnvironment environment, Repl.Output output) {
    throw new UnsupportedOperationException("the " + language() + " runtime has no REPL");
  }

  /**
   * Releases what the runtime shares between scripts; every script has been stopped before, and
   * the bridge closes the engine after.
   */
  @Override
  void close();
}
