package org.polybridge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.polybridge.js.JavaScriptRuntime;
import org.polybridge.python.PythonRuntime;

/**
 * From starting a script through its runtime until its function answered, single shots:
 * {@code first*}: the first script of a fresh bridge and runtime (so a new polyglot engine);
 * {@code further*}: one more script when the bridge's engine already runs one, right after the
 * previous shot's (as at AutoLaunch, when scripts start together); {@code laterPython}: the same
 * {@value #LATER_MS} ms after the previous shot (as a hot reload or a new file, when the runtime had
 * time to prepare a context ahead). Baselines in the
 * same run: a bare {@code Context} evaluating {@code 1+1}, with a new engine ({@code freshEngine*})
 * and with a shared, used one ({@code context*}). The JVM is warm after the warm-up shot: the
 * figures leave out class loading. See README.md.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Guests.NATIVE_ACCESS, Guests.UNSAFE, Guests.NO_WARNING})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class ScriptStartupBenchmark {
  /** The pause before each {@link #laterPython} shot: time enough to bootstrap a context ahead. */
  static final long LATER_MS = 5000;

  /** A new bridge and JavaScript runtime for every shot. */
  @State(Scope.Thread)
  public static class FreshJs {
    ScriptRig rig;

    @Setup(Level.Iteration)
    public void open() {
      rig = new ScriptRig(new JavaScriptRuntime(), ".js");
    }

    @TearDown(Level.Iteration)
    public void close() {
      rig.close();
    }
  }

  /** A new bridge and Python runtime for every shot. */
  @State(Scope.Thread)
  public static class FreshPython {
    ScriptRig rig;

    @Setup(Level.Iteration)
    public void open() {
      rig = new ScriptRig(new PythonRuntime(), ".py");
    }

    @TearDown(Level.Iteration)
    public void close() {
      rig.close();
    }
  }

  /** One bridge and JavaScript runtime for the run, already running a script. */
  @State(Scope.Thread)
  public static class WarmJs {
    ScriptRig rig;

    @Setup(Level.Trial)
    public void open() {
      rig = new ScriptRig(new JavaScriptRuntime(), ".js");
      rig.startAndAwait("warm_js");
    }

    @TearDown(Level.Trial)
    public void close() {
      rig.close();
    }
  }

  /** One bridge and Python runtime for the run, already running a script (so its engine is warmed). */
  @State(Scope.Thread)
  public static class WarmPython {
    ScriptRig rig;

    @Setup(Level.Trial)
    public void open() {
      rig = new ScriptRig(new PythonRuntime(), ".py");
      rig.startAndAwait("warm_py");
    }

    @TearDown(Level.Trial)
    public void close() {
      rig.close();
    }
  }

  /** As {@link WarmPython}, and each shot comes {@value #LATER_MS} ms after the previous one. */
  @State(Scope.Thread)
  public static class LaterPython extends WarmPython {
    @Setup(Level.Iteration)
    public void pause() throws InterruptedException {
      Thread.sleep(LATER_MS);
    }
  }

  /** A JavaScript engine for the run, used once by a context before the shots. */
  @State(Scope.Thread)
  public static class JsEngine {
    Engine engine;

    @Setup(Level.Trial)
    public void open() {
      engine = Engine.create("js");
      try (Context c = Context.newBuilder("js").engine(engine).build()) {
        c.eval("js", "1+1");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      engine.close();
    }
  }

  /** A Python engine for the run, used once by a context before the shots. */
  @State(Scope.Thread)
  public static class PythonEngine {
    Engine engine;

    @Setup(Level.Trial)
    public void open() {
      engine = Engine.create("python");
      try (Context c = Context.newBuilder("python").engine(engine).build()) {
        c.eval("python", "1+1");
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      engine.close();
    }
  }

  @Benchmark
  public void firstJs(FreshJs fresh) {
    fresh.rig.startAndAwait("first_js");
  }

  @Benchmark
  public void furtherJs(WarmJs warm) {
    warm.rig.startAndAwait("further_js");
  }

  @Benchmark
  public void firstPython(FreshPython fresh) {
    fresh.rig.startAndAwait("first_py");
  }

  @Benchmark
  public void furtherPython(WarmPython warm) {
    warm.rig.startAndAwait("further_py");
  }

  @Benchmark
  public void laterPython(LaterPython warm) {
    warm.rig.startAndAwait("later_py");
  }

  /** Baseline of {@link #firstJs}: a new engine and context, {@code 1+1}. */
  @Benchmark
  public int freshEngineJs() {
    try (Engine engine = Engine.create("js"); Context c = Context.newBuilder("js").engine(engine).build()) {
      return c.eval("js", "1+1").asInt();
    }
  }

  /** Baseline of {@link #firstPython}: a new engine and context, {@code 1+1}. */
  @Benchmark
  public int freshEnginePython() {
    try (Engine engine = Engine.create("python"); Context c = Context.newBuilder("python").engine(engine).build()) {
      return c.eval("python", "1+1").asInt();
    }
  }

  /** Baseline of {@link #furtherJs}: a new context of a shared engine, {@code 1+1}. */
  @Benchmark
  public int contextJs(JsEngine shared) {
    try (Context c = Context.newBuilder("js").engine(shared.engine).build()) {
      return c.eval("js", "1+1").asInt();
    }
  }

  /** Baseline of {@link #furtherPython}: a new context of a shared engine, {@code 1+1}. */
  @Benchmark
  public int contextPython(PythonEngine shared) {
    try (Context c = Context.newBuilder("python").engine(shared.engine).build()) {
      return c.eval("python", "1+1").asInt();
    }
  }
}
