package org.polybridge.python;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle the Python script tests share: one {@link PythonRuntime} per test class (a
 * runtime's first context is the slow one), and per test a fresh {@link ScriptFixture} — its own
 * bridge, session, log and folder.
 */
abstract class ScriptFixtureTest {
  static PythonRuntime runtime;
  @TempDir Path folder;
  ScriptFixture fixture;

  @BeforeAll
  static void startRuntime() {
    runtime = new PythonRuntime();
  }

  @AfterAll
  static void closeRuntime() {
    runtime.close();
  }

  @BeforeEach
  void openBridge() {
    fixture = new ScriptFixture(runtime, folder);
  }

  @AfterEach
  void closeBridge() {
    fixture.close();
  }
}
