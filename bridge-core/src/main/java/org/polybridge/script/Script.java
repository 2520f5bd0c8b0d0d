package org.polybridge.script;

import java.util.concurrent.CompletableFuture;

/**
 * A guest script that has been started.
 *
 * <pre>{@code
 * Script script = runtime.start(environment);
 * script.loaded().join();   // its main file ran and its main function returned
 * ...
 * script.stop();
 * }</pre>
 */
public interface Script {
  /**
   * Completes normally when the script has finished (a simple script that ran to its end, or
   * {@code run_until_complete} returned); exceptionally with a {@link org.polybridge.ScriptException}
   * (guest traceback included) when it failed while loading or crashed. A daemon ({@code
   * run_forever}) completes only when stopped.
   */
  CompletableFuture<Void> completion();

  /**
   * Completes when the script has loaded: its main file ran to its end and the main function it
   * gave to {@code run_forever} or {@code run_until_complete} returned. The loader restarts a
   * script that fails after this (a crash) with back-off, and one that fails before (a load
   * failure) only when its files change. Runtimes that cannot tell return {@link #completion()}
   * (the default): every failure then counts as a load failure.
   */
  default CompletableFuture<Void> loaded() {
    return completion();
  }

  /** Stops the script: cancels what it runs and closes its context. Idempotent. */
  void stop();

  /**
   * Stops the script as {@link #stop()} does, and says why to the callers of its functions whose
   * calls this cuts short: {@code script.stop("the script was reloaded: its files changed")}. A
   * runtime that fails such calls itself (rather than leave it to the closing connection) passes
   * {@code reason} on; the default is {@link #stop()}.
   */
  default void stop(String reason) {
    stop();
  }
}
