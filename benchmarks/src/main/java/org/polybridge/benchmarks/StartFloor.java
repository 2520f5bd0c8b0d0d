package org.polybridge.benchmarks;

import java.nio.file.Path;
import java.util.Locale;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The floor of the daemon's start: the least a JVM does to answer what the composition needs,
 * written without our code. {@code StartFloor python}: one GraalPy context, the standard library's
 * modules that the example scripts' path imports (asyncio without ssl, as the daemon imports it,
 * and what the {@code iterm2} package and its glue import), then one {@code async def}'s answer.
 * {@code StartFloor js}: one GraalJS context and one async function's answer. Prints {@code answer
 * 7} on stdout when done and the milliseconds of each step on stderr; {@code UserFigures ROOT
 * floor} runs it in turns with the daemon, on the daemon's JVM flags and an AOT cache of its own.
 * GraalPy keeps the {@code .pyc} files in the folder {@code -Dfloor.pyc} names (a temporary one by
 * default), never in its own home, which other programs on the machine read.
 */
public final class StartFloor {
  /** What the example scripts' path imports from the standard library (sys.modules after it, less iterm2). */
  static final String PYTHON_IMPORTS = String.join("\n",
      "import sys",
      "sys.modules['ssl'] = None",
      "import asyncio",
      "del sys.modules['ssl']",
      "import ast, base64, builtins, contextvars, enum, heapq, importlib.machinery, inspect, json, os, re, threading, traceback, types",
      "async def add(a, b):",
      "    return a + b",
      "async def times(a, b):",
      "    return a * b",
      "def answer():",
      "    async def composition():",
      "        return await add(1, await times(2, 3))",
      "    try:",
      "        composition().send(None)",
      "    except StopIteration as done:",
      "        return done.value",
      "answer");

  static final String JS = String.join("\n",
      "const add = async (a, b) => a + b;",
      "const times = async (a, b) => a * b;",
      "(async () => add(1, await times(2, 3)))()");

  private StartFloor() {}

  public static void main(String[] args) {
    long started = System.nanoTime();
    String pyc = System.getProperty("floor.pyc", Path.of(System.getProperty("java.io.tmpdir"), "polybridge-floor-pyc").toString());
    int answer = answer(args.length > 0 ? args[0] : "python", Path.of(pyc), started);
    step("answer", started);
    System.out.println("answer " + answer);
    System.out.flush();
    // after the answer, which ends what is measured
    long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    System.out.println("cpu " + cpu / 1_000_000);
  }

  /**
   * The composition's answer from a new engine and one context of {@code language} ({@code python}
   * or {@code js}), Python's {@code .pyc} files kept in {@code pyc}; steps timed from {@code started}.
   */
  static int answer(String language, Path pyc, long started) {
    try (Engine engine = Engine.newBuilder().option("engine.WarnInterpreterOnly", "false").build()) {
      step("engine", started);
      if (language.equals("js")) {
        try (Context context = Context.newBuilder("js").engine(engine).build()) {
          Value promise = context.eval("js", JS);
          int[] result = new int[1];
          promise.invokeMember("then", (org.graalvm.polyglot.proxy.ProxyExecutable) a -> result[0] = a[0].asInt());
          context.eval("js", "0"); // the promise jobs queued run as an evaluation ends
          return result[0];
        }
      }
      try (Context context = Context.newBuilder("python").engine(engine).allowHostAccess(HostAccess.EXPLICIT)
          .allowIO(IOAccess.ALL).option("python.DontWriteBytecodeFlag", "false").option("python.PyCachePrefix", pyc.toString()).build()) {
        context.eval("python", "1");
        step("context", started);
        Value function = context.eval("python", PYTHON_IMPORTS);
        step("imports", started);
        return function.execute().asInt();
      }
    }
  }

  private static void step(String what, long started) {
    System.err.println(String.format(Locale.ROOT, "%s %.0f ms", what, (System.nanoTime() - started) / 1e6));
  }
}
