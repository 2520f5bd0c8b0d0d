package org.polybridge.benchmarks;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * expression evaluator and the registry to a JavaScript, a Python and a Java function, against
 * baselines in the same run: the same function called straight (GraalVM {@code Value.execute} in a
 * plain {@code Context}; the Java function's {@code apply}), and the hop each call needs at least (a
 * Java function runs on a thread of the bridge's, a script's on the script's thread). Latency per call
 * (SampleTime: mean, p50, p99). Every input comes from a {@code @State} field, so the JIT cannot
 * fold it into a constant. See README.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Guests.NATIVE_ACCESS, Guests.UNSAFE, Guests.NO_WARNING})
@Warmup(iterations = 15, time = 2) // the JS interpreter needs ~25 s of HotSpot JIT here (README.md)
@Measurement(iterations = 5, time = 1)
public class GuestRpcBenchmark {
  static final JavaFunction ADD = args -> (Long) args.get("a") + (Long) args.get("b");
  static final String JS = "add_js";
  static final String PYTHON = "add_py";
  static final String JAVA = "add_java";

  /** What the benchmarks pass: fields, not constants, so each call reads them. */
  @State(Scope.Thread)
  public static class Inputs {
    long a = 1;
    long b = 2;
    String callJs = Guests.call(JS);
    String callPython = Guests.call(PYTHON);
    String callJava = Guests.call(JAVA);
    Map<String, Object> arguments;

    @Setup
    public void make() {
      arguments = Map.of("a", a, "b", b);
    }
  }

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

  /**
   * A bridge that runs its Java functions on the caller's thread ({@code
   * Bridge.Builder.executor(Runnable::run)}), as an embedder whose functions never block may choose.
   */
  @State(Scope.Benchmark)
  public static class InlineJava {
    Bridge bridge;

    @Setup
    public void start() {
      bridge = Bridge.newBuilder().executor(Runnable::run).build();
      bridge.register(RpcDefinition.of(JAVA, "a", "b"), ADD);
    }

    @TearDown
    public void stop() {
      bridge.close();
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

  /**
   * The floors of the calls: a thread of their own, as a script's loop is, entering a plain JS
   * context; and a virtual thread per call, as a Java function gets. Shared by the benchmark's
   * threads, as a bridge is.
   */
  @State(Scope.Benchmark)
  public static class Hops {
    ExecutorService jsThread;
    Context context;
    Value add;
    ExecutorService virtualThreads;
    ExecutorService javaThread;

    @Setup
    public void open() throws Exception {
      javaThread = Executors.newSingleThreadExecutor();
      jsThread = Executors.newSingleThreadExecutor();
      jsThread.submit(() -> {
        context = Context.create("js");
        add = context.eval("js", "(a, b) => a + b");
      }).get();
      virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown
    public void close() throws Exception {
      jsThread.submit(() -> context.close()).get();
      jsThread.shutdownNow();
      virtualThreads.shutdownNow();
      javaThread.shutdownNow();
    }
  }

  @Benchmark
  public Object rpcJs(Scripts scripts, Inputs in) {
    return scripts.bridge.invoke(in.callJs).join();
  }

  @Benchmark
  public Object rpcPython(Scripts scripts, Inputs in) {
    return scripts.bridge.invoke(in.callPython).join();
  }

  @Benchmark
  public Object rpcJava(Scripts scripts, Inputs in) {
    return scripts.bridge.invoke(in.callJava).join();
  }

  /** {@link #rpcJava} with no hop: the function runs on the calling thread. */
  @Benchmark
  public Object rpcJavaInline(InlineJava inline, Inputs in) {
    return inline.bridge.invoke(in.callJava).join();
  }

  /** Baseline of {@link #rpcJs}. */
  @Benchmark
  public long rawJs(RawJs js, Inputs in) {
    return js.add.execute(in.a, in.b).asLong();
  }

  /** Baseline of {@link #rpcPython}. */
  @Benchmark
  public long rawPython(RawPython python, Inputs in) {
    return python.add.execute(in.a, in.b).asLong();
  }

  /** Baseline of {@link #rpcJava}: the registered function called with its arguments' map. */
  @Benchmark
  public Object directJava(Inputs in) throws Exception {
    return ADD.apply(in.arguments);
  }

  /** The floor of {@link #rpcJs}: the JS function called on a thread of its own, its answer awaited. */
  @Benchmark
  public Object hopJs(Hops hops, Inputs in) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    hops.jsThread.execute(() -> answer.complete(hops.add.execute(in.a, in.b).asLong()));
    return answer.join();
  }

  /**
   * The floor of {@link #rpcJava}: the Java function called on a parked platform thread, as the
   * bridge's own function threads are, its answer awaited; two wake-ups, the thread's and the caller's.
   */
  @Benchmark
  public Object hopThread(Hops hops, Inputs in) {
    return hop(hops.javaThread, in);
  }

  /** The Java function called on a new virtual thread, as {@link #rpcJava}'s were before, its answer awaited. */
  @Benchmark
  public Object hopJava(Hops hops, Inputs in) {
    return hop(hops.virtualThreads, in);
  }

  private static Object hop(ExecutorService thread, Inputs in) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    thread.execute(() -> {
      try {
        answer.complete(ADD.apply(in.arguments));
      } catch (Exception e) {
        answer.completeExceptionally(e);
      }
    });
    return answer.join();
  }
}
