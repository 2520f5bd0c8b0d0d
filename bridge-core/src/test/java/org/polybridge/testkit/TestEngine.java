package org.polybridge.testkit;

import org.graalvm.polyglot.Engine;

/**
 * One polyglot engine for the tests of a JVM that start scripts outside a bridge (straight through
 * a runtime, or with a loader of their own), as a bridge shares one between its scripts: contexts
 * of one engine share its code cache, so GraalPy parses its standard library once per test run,
 * not once per test class. Made on first use; never closed, it lives as long as the JVM.
 */
public final class TestEngine {
  private TestEngine() {}

  public static Engine shared() {
    return Holder.ENGINE;
  }

  private static final class Holder {
    static final Engine ENGINE = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build();
  }
}
