package org.polybridge.js;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.host.Session;
import org.polybridge.internal.script.ScriptLoader;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.RecordingSessionIo;
import org.polybridge.testkit.TestEngine;

/**
 * A bridge with one session and an AutoLaunch folder run by the JavaScript runtime, which every test
 * shares, on the test run's one engine (the first context costs most of a second, later ones
 * milliseconds). The loader polls every 50 ms in real time.
 */
final class JsBench implements AutoCloseable {
  static final JavaScriptRuntime RUNTIME = new JavaScriptRuntime();
  static final Duration POLL = Duration.ofMillis(50);

  final Bridge bridge;
  final Path autoLaunch;
  final Path logs;
  final Session session;
  final RecordingSessionIo io;
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
  private final ScriptLoader loader;
  private int edits;

  JsBench(Path temp) throws IOException {
    this(temp, RUNTIME);
  }

  /** A bench whose scripts run on {@code runtime} (the caller closes it), for tests of what a runtime keeps. */
  JsBench(Path temp, JavaScriptRuntime runtime) throws IOException {
    bridge = Bridge.newBuilder().host((app, window, profile) -> {
      var w = window != null ? window : app.newWindow();
      return CompletableFuture.completedFuture(RecordingSessionIo.openIn(w.newTab()));
    }).build();
    session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
    io = (RecordingSessionIo) session.io();
    autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    logs = temp.resolve("logs");
    loader = new ScriptLoader(new ScriptLoader.Settings(autoLaunch, logs, POLL, Duration.ofMillis(200), Duration.ofSeconds(2)),
        List.of(runtime), bridge::connect, TestEngine::shared, Clock.systemUTC(), executor);
  }

  JsBench start() {
    loader.start();
    return this;
  }

  /** Warms the runtime up as the daemon does once its scripts settled ({@code ScriptLoader.warmUp}). */
  void warmUp() throws Exception {
    loader.warmUp().get(3, TimeUnit.MINUTES);
  }

  /** Writes a script; each write gets a later modification time, so every edit is seen. */
  Path write(String name, String source) throws IOException {
    Path file = autoLaunch.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 1000L * ++edits));
    return file;
  }

  Object invoke(String invocation) throws Exception {
    return invokeIn(InvocationContext.app(), invocation);
  }

  Object invokeIn(InvocationContext context, String invocation) throws Exception {
    try {
      return bridge.invoke(invocation, context, null).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * Invokes once the function is registered (scripts load in the background): up to 3 minutes, as
   * {@code Eventually.invoked} — a first JS context takes seconds on a loaded machine.
   */
  Object call(String invocation) throws Exception {
    return callIn(InvocationContext.app(), invocation);
  }

  Object callIn(InvocationContext context, String invocation) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (true) {
      try {
        return invokeIn(context, invocation);
      } catch (InvocationException e) {
        if (System.nanoTime() > deadline || !e.getMessage().contains("No function registered")) {
          throw e;
        }
        Thread.sleep(10);
      }
    }
  }

  /** Waits until a function is gone (its script stopped or replaced it). */
  void awaitGone(String invocation) throws Exception {
    await(() -> {
      try {
        invoke(invocation);
        return false;
      } catch (InvocationException e) {
        return e.getMessage().contains("No function registered");
      } catch (Exception e) {
        return false;
      }
    }, () -> invocation + " to be gone");
  }

  ScriptStatus awaitState(String name, ScriptStatus.State state) throws InterruptedException {
    await(() -> status(name) != null && status(name).state() == state, () -> name + " to be " + state + ": " + loader.statuses());
    return status(name);
  }

  ScriptStatus status(String name) {
    return loader.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  List<ScriptStatus> statuses() {
    return loader.statuses();
  }

  String log(String name) throws IOException {
    Path file = logs.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  void awaitLog(String name, String text) throws Exception {
    await(() -> {
      try {
        return log(name).contains(text);
      } catch (IOException e) {
        return false;
      }
    }, () -> {
      try {
        return "the log of " + name + " to contain '" + text + "'; it holds:\n" + log(name);
      } catch (IOException e) {
        return e.toString();
      }
    });
  }

  static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    await(condition, what, Duration.ofSeconds(10));
  }

  static void await(BooleanSupplier condition, Supplier<String> what, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    loader.close();
    executor.shutdownNow();
    bridge.close();
  }
}
