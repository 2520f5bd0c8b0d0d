package org.polybridge.internal.script;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.graalvm.polyglot.Engine;

/**
 * The polyglot {@link Engine} every script of a bridge runs on, whatever its language: contexts of
 * one engine share its code cache, so what one script's context parsed (a prelude, a module of the
 * standard library) serves the next. Either made here on first use (a bridge without scripts never
 * pays for an engine) and closed with the bridge, or the embedder's ({@code Bridge.Builder.engine}),
 * which stays open. Thread-safe.
 */
public final class BridgeEngine implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BridgeEngine.class.getName());
  private static final String WARN_INTERPRETER_ONLY = "engine.WarnInterpreterOnly";

  private final Engine given;
  private Engine made;
  private boolean closed;

  private BridgeEngine(Engine given) {
    this.given = given;
  }

  /** An engine made at the first {@link #get()} and closed by {@link #close()}. */
  public static BridgeEngine madeOnFirstUse() {
    return new BridgeEngine(null);
  }

  /** The embedder's engine: {@link #close()} leaves it open, its owner closes it. */
  public static BridgeEngine given(Engine engine) {
    return new BridgeEngine(Objects.requireNonNull(engine, "engine == null"));
  }

  /** The engine; made now when this is its first use. */
  public synchronized Engine get() {
    if (given != null) {
      return given;
    }
    if (closed) {
      throw new IllegalStateException("the bridge is closed: its scripts' engine is gone");
    }
    if (made == null) {
      made = newEngine();
      LOG.log(Level.DEBUG, () -> "scripts' engine: " + made.getImplementationName());
    }
    return made;
  }

  /** The engine made here, if one has been: whether the bridge paid for one. */
  public synchronized Optional<Engine> made() {
    return Optional.ofNullable(made);
  }

  /**
   * Closes the engine made here, cancelling what still runs in its contexts (the scripts have been
   * stopped before); a given engine stays open.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (made != null) {
      try {
        made.close(true);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the scripts' engine failed", e);
      }
    }
  }

  /**
   * An engine for every language on the class path. Without the Graal compiler Truffle runs
   * interpreter-only (correct, only slower) and would print a warning to stderr that a bridge's
   * user cannot act on; a user who set {@code polyglot.engine.WarnInterpreterOnly} gets what they
   * asked for.
   */
  private static Engine newEngine() {
    Engine.Builder builder = Engine.newBuilder();
    if (!optimizingRuntimePresent() && System.getProperty("polyglot." + WARN_INTERPRETER_ONLY) == null) {
      builder.option(WARN_INTERPRETER_ONLY, "false");
    }
    return builder.build();
  }

  /** Whether the Graal compiler is on the module path (the launcher adds it when it is shipped). */
  private static boolean optimizingRuntimePresent() {
    return ModuleLayer.boot().findModule("jdk.graal.compiler").isPresent();
  }
}
