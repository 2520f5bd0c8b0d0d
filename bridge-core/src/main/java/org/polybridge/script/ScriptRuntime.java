package org.polybridge.script;

import java.nio.file.Path;
import java.util.List;

/**
 * A language that runs guest scripts, found with {@link java.util.ServiceLoader} (bridge-core
 * names no language). One instance serves every script of its language in a bridge, and owns
 * what they share (a polyglot {@code Engine}, caches).
 *
 * <p>Implementations start a script on its own {@link ScriptEventLoop}: the only thread that ever
 * enters the script's context. {@link #start} returns at once.
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

  /** Releases what the runtime shares between scripts; every script has been stopped before. */
  @Override
  void close();
}
