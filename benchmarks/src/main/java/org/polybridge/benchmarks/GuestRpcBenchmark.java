package org.polybridge.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.polybridge.Bridge;
import org.polybridge.JavaFunction;
import org.polybridge.client.RpcDefinition;

/**
 * A warm round trip of {@code add(a: 1, b: 2)}: {@code bridge.invoke(…).join()} through the
 * expression evaluator and the registry to a JavaScript, a Python and a Java function, against a
 * baseline in the same run: the same function called straight (GraalVM {@code Value.execute} in a
 * plain {@code Context}; the Java function's {@code apply}). See README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Guests.NATIVE_ACCESS, Guests.UNSAFE, Guests.NO_WARNING})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class GuestRpcBenchmark {
  static final JavaFunction ADD = args -> (Long) args.get("a") + (Long) args.get("b");
  static final String JS = "add_js";
  static final String PYTHON = "add_py";
  static final String JAVA = "add_java";
  static final String CALL_JS = Guests.call(JS);
  static final String CALL_PYTHON = Guests.call(PYTHON);
  static final String CALL_JAVA = Guests.call(JAVA);

  /** A bridge running add_js.js and add_py.py from a temp AutoLaunch folder, and serving add_java. */
  @State(Scope.Benchmark)
  public static class Scripts {
    Path temp;
    Bridge bridge;

    @Setup
    public void start() {
      temp = Guests.tempFolder("polybridge-bench-rpc");
      Path autoLaunch = temp.resolve("Scripts/AutoLaunch");
      Path logs = temp.resolve("logs");
      Guests.write(autoLaunch.resolve(JS + ".js"), Guests.js(JS));
      Guests.write(autoLaunch.resolve(PYTHON + ".py"), Guests.python(PYTHON));
      bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(logs).build();
      bridge.register(RpcDefinition.of(JAVA, "a", "b"), ADD);
      for (String name : new String[] {JS, PYTHON, JAVA}) {
        Guests.awaitAnswer(bridge, name, () -> "scripts: " + bridge.scripts()
            + "\n" + Guests.read(logs.resolve(JS + ".js.log")) + "\n" + Guests.read(logs.resolve(PYTHON + ".py.log")));
      }
    }

    @TearDown
    public void stop() {
      bridge.close();
      Guests.delete(temp);
    }
  }

  /** {@code (a, b) => a + b} in a plain context, entered by the benchmark thread only. */
  @State(Scope.Thread)
  public static class RawJs {
    Context context;
    Value add;

    @Setup
    public void open() {
      context = Context.create("js");
      add = context.eval("js", "(a, b) => a + b");
    }

    @TearDown
    public void close() {
      context.close();
    }
  }

  /** {@code lambda a, b: a + b} in a plain context, entered by the benchmark thread only. */
  @State(Scope.Thread)
  public static class RawPython {
    Context context;
    Value add;

    @Setup
    public void open() {
      context = Context.create("python");
      add = context.eval("python", "lambda a, b: a + b");
    }

    @TearDown
    public void close() {
      context.close();
    }
  }

  @Benchmark
  public Object rpcJs(Scripts scripts) {
    return scripts.bridge.invoke(CALL_JS).join();
  }

  @Benchmark
  public Object rpcPython(Scripts scripts) {
    return scripts.bridge.invoke(CALL_PYTHON).join();
  }

  @Benchmark
  public Object rpcJava(Scripts scripts) {
    return scripts.bridge.invoke(CALL_JAVA).join();
  }

  /** Baseline of {@link #rpcJs}. */
  @Benchmark
  public long rawJs(RawJs js) {
    return js.add.execute(1L, 2L).asLong();
  }

  /** Baseline of {@link #rpcPython}. */
  @Benchmark
  public long rawPython(RawPython python) {
    return python.add.execute(1L, 2L).asLong();
  }

  /** Baseline of {@link #rpcJava}: the registered function called with its arguments' map. */
  @Benchmark
  public Object directJava() throws Exception {
    return ADD.apply(Map.of("a", 1L, "b", 2L));
  }
}
