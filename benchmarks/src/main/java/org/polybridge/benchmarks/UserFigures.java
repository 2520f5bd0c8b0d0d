package org.polybridge.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * The figures a user feels, measured as whole processes against the shipped launcher, each beside
 * a baseline measured in the same run: how soon the daemon answers with the example scripts and
 * how much memory it holds, how soon a script saved into a running daemon answers, an RPC's
 * latency from another process, a one-shot {@code polybridge invoke}, {@code polybridge pty}. Run
 * by {@code ./polybridge bench}, which adds the in-process JMH figures; prints one Markdown table.
 *
 * <pre>{@code
 * java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' org.polybridge.benchmarks.UserFigures .
 * }</pre>
 */
public final class UserFigures {
  private static final String COMPOSITION = "add(a: 1, b: times(a: 2, b: 3))";
  private static final Duration READY_LIMIT = Duration.ofMinutes(3);

  private final Path root;
  private final Path launcher;
  private final Path work;
  private final List<String[]> rows = new ArrayList<>();
  /** How long a daemon idles after its first answer before its settled memory is read. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private UserFigures(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.launcher = this.root.resolve("polybridge");
    this.work = Files.createTempDirectory("polybridge-bench");
  }

  /**
   * {@code UserFigures ROOT} measures everything; {@code UserFigures ROOT ready ENV…} only the
   * daemon's start and memory, and then how fast it answers as it warms, once per environment given ({@code NAME=VALUE,NAME=VALUE}, {@code -}
   * for none), in turns, to choose launcher defaults by. {@code -Dready.rounds=N} turns (2);
   * {@code -Dready.memoryOnly=true}: the RSS 5 s after the answer instead of the calls. {@code
   * -Dready.profiler=…/libasyncProfiler.so}: async-profiler records each daemon from its JVM's start
   * until the composition answers ({@code -Dready.event=wall}, or {@code cpu}…; {@code
   * -Dready.interval=5ms}), collapsed stacks by thread, one file per daemon (its path printed).
   */
  public static void main(String[] args) throws Exception {
    UserFigures figures = new UserFigures(Path.of(args.length > 0 ? args[0] : "."));
    if (args.length > 1 && args[1].equals("ready")) {
      for (int round = 0; round < Integer.getInteger("ready.rounds", 2); round++) {
        for (int i = 2; i < args.length; i++) {
          Map<String, String> environment = environment(args[i]);
          String profiler = System.getProperty("ready.profiler");
          if (profiler != null) {
            // from the JVM's start (an agent on its command line) until the composition answers
            environment.merge("POLYBRIDGE_JAVA_OPTS", "-agentpath:" + profiler + "=start,event=" + System.getProperty("ready.event", "wall")
                + ",interval=" + System.getProperty("ready.interval", "5ms") + ",threads", (given, agent) -> given + " " + agent);
          }
          try (Daemon daemon = Daemon.start(figures, "ready-" + round + "-" + i, environment)) {
            long ready = daemon.awaitAnswer(COMPOSITION, 7L);
            StringBuilder line = new StringBuilder(args[i] + ": ready " + ms(ready) + ", CPU " + daemon.cpuMs() + " ms, RSS " + daemon.rssMb() + " MB");
            if (profiler != null) {
              Path profile = figures.work.resolve("ready-" + round + "-" + i + ".collapsed");
              daemon.profiler(profiler, "stop,collapsed,file=" + profile);
              line.append(", profile ").append(profile);
            }
            if (Boolean.getBoolean("ready.memoryOnly")) {
              // what the daemon gives back once its scripts have loaded (RunCommand's StartupHeap)
              Thread.sleep(5000);
              System.out.println(line + ", RSS 5 s later " + daemon.rssMb() + " MB");
              continue;
            }
            // How calls to a Python function speed up as the JVM compiles the guest interpreter: the
            // p50 of each further block, so a JIT that pays later shows it.
            int done = 0;
            for (int upTo : new int[] {1_000, 5_000, 20_000, 40_000}) {
              Map<String, Long> cpuBefore = daemon.threadCpuNanos();
              List<Long> block = daemon.latencies("add(a: 1, b: 2)", upTo - done);
              if (upTo == 40_000) {
                // where the last block's calls spent the daemon's CPU: a daemon whose threads landed
                // badly on the cores pays its wake-ups twice over (benchmarks/README.md)
                Map<String, Long> cpuAfter = daemon.threadCpuNanos();
                for (String thread : List.of("polybridge-io", "script-")) {
                  long used = cpuAfter.getOrDefault(thread, 0L) - cpuBefore.getOrDefault(thread, 0L);
                  line.append(", ").append(thread).append(" CPU ").append(us(used / (upTo - done))).append(" a call");
                }
              }
              if (done == 0) {
                line.append(", first 200 ").append(us(p50(block.subList(0, 200))));
              }
              done = upTo;
              line.append(", p50 to ").append(upTo / 1000).append("k ").append(us(p50(block.subList(block.size() / 2, block.size()))));
            }
            System.out.println(line);
          }
        }
      }
      System.exit(0);
    }
    if (args.length > 1 && args[1].equals("floor")) {
      figures.floor();
      System.exit(0);
    }
    if (args.length > 1 && args[1].equals("saved")) {
      figures.saved(java.util.Arrays.copyOfRange(args, 2, args.length));
      System.exit(0);
    }
    try {
      figures.run();
    } finally {
      figures.print();
    }
    System.exit(0); // the clients' I/O threads are daemons, but a stuck child must not hold us
  }

  /**
   * {@code UserFigures ROOT saved ENV…}: the row "a JavaScript script saved into a running daemon
   * answers after" alone, once per environment given ({@code NAME=VALUE,NAME=VALUE}, {@code -} for
   * none), in turns, {@code -Dsaved.rounds=N} rounds (5). Each daemon starts with the example
   * scripts; once its composition answers and its CPU time has stood still (the start settled, the
   * runtimes warmed up) {@code -Dsaved.scripts=N} JavaScript scripts (3) are saved one after the
   * other, each once the one before answered and the daemon idles again; printed: how soon each answered, the daemon's RSS
   * before the first and after the last. At the end, the medians per environment. {@code
   * -Dsaved.profiler=…/libasyncProfiler.so}: async-profiler records the daemon while the scripts
   * are saved ({@code -Dsaved.event=cpu}, or {@code wall}…), collapsed stacks by thread, one file per daemon.
   */
  private void saved(String[] environments) throws Exception {
    int scripts = Integer.getInteger("saved.scripts", 3);
    Map<String, List<List<Long>>> answers = new java.util.LinkedHashMap<>();
    Map<String, List<Long>> idleRss = new java.util.LinkedHashMap<>();
    for (int round = 0; round < Integer.getInteger("saved.rounds", 5); round++) {
      for (int i = 0; i < environments.length; i++) {
        try (Daemon daemon = Daemon.start(this, "saved-" + round + "-" + i, environment(environments[i]))) {
          daemon.awaitAnswer(COMPOSITION, 7L);
          daemon.awaitIdle();
          long rssBefore = daemon.rssMb();
          List<Long> took = new ArrayList<>();
          String profiler = System.getProperty("saved.profiler");
          Path profile = work.resolve("saved-" + round + "-" + i + ".collapsed");
          if (profiler != null) {
            daemon.profiler(profiler, "start,event=" + System.getProperty("saved.event", "cpu") + ",interval=1ms,threads");
          }
          for (int n = 0; n < scripts; n++) {
            String name = "saved_js_" + n;
            if (n > 0) {
              daemon.awaitIdle(); // as a user's next save finds it
            }
            took.add(daemon.addScript(name + ".js", jsScript(name), name + "(x: 1)"));
          }
          if (profiler != null) {
            daemon.profiler(profiler, "stop,collapsed,file=" + profile);
            System.out.println("profile: " + profile);
          }
          daemon.awaitIdle();
          long rssAfter = daemon.rssMb();
          answers.computeIfAbsent(environments[i], e -> new ArrayList<>()).add(took);
          idleRss.computeIfAbsent(environments[i], e -> new ArrayList<>()).add(rssBefore);
          System.out.println(environments[i] + ": answered after " + String.join(", ", took.stream().map(UserFigures::ms).toList())
              + "; RSS idle before " + rssBefore + " MB, after " + rssAfter + " MB");
        }
      }
    }
    for (String environment : environments) {
      List<List<Long>> runs = answers.get(environment);
      StringBuilder line = new StringBuilder(environment + ": medians:");
      for (int n = 0; n < scripts; n++) {
        int script = n;
        line.append(" script ").append(n + 1).append(' ').append(ms(median(runs.stream().map(r -> r.get(script)).toList())));
      }
      line.append("; idle RSS ").append(median(idleRss.get(environment))).append(" MB");
      System.out.println(line);
    }
  }

  /** {@code NAME=VALUE,NAME=VALUE} as a map; {@code -} (or anything without {@code =}) for none. */
  private static Map<String, String> environment(String pairs) {
    Map<String, String> environment = new java.util.HashMap<>();
    for (String pair : pairs.split(",")) {
      if (pair.contains("=")) {
        environment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return environment;
  }

  /**
   * {@code UserFigures ROOT floor}: the daemon's start against its floor ({@link StartFloor}), in
   * turns, {@code -Dfloor.rounds=N} rounds (3): a daemon with the example scripts until the
   * composition answers; a bare JVM on the daemon's flags and an AOT cache of its own (recorded
   * first, once) that creates one GraalPy context, imports what the example scripts' path imports
   * and answers the composition; the same with one GraalJS context. Each: wall time from the
   * process's start, its CPU time, RSS; at the end the medians.
   */
  private void floor() throws Exception {
    Path dist = root.resolve("bridge-cli/target/dist/lib");
    String classPath = root.resolve("benchmarks/target/benchmarks.jar") + java.io.File.pathSeparator + dist + "/*";
    Map<String, List<long[]>> took = new java.util.LinkedHashMap<>();
    for (String language : List.of("python", "js")) {
      Path configuration = work.resolve("floor-" + language + ".aotconf");
      floorProcess(classPath, language, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration));
      floorProcess(classPath, language, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
          "-XX:AOTCache=" + work.resolve("floor-" + language + ".aot")));
    }
    for (int round = 0; round < Integer.getInteger("floor.rounds", 3); round++) {
      try (Daemon daemon = Daemon.start(this, "floor-" + round, Map.of())) {
        long ready = daemon.awaitAnswer(COMPOSITION, 7L);
        long[] figures = {ready, daemon.cpuMs(), daemon.rssMb()};
        took.computeIfAbsent("daemon", k -> new ArrayList<>()).add(figures);
        System.out.println("daemon: answer after " + ms(ready) + ", CPU " + figures[1] + " ms, RSS " + figures[2] + " MB");
      }
      for (String language : List.of("python", "js")) {
        long[] figures = floorProcess(classPath, language, List.of("-XX:AOTMode=on", "-XX:AOTCache=" + work.resolve("floor-" + language + ".aot")));
        took.computeIfAbsent("floor " + language, k -> new ArrayList<>()).add(figures);
        System.out.println("floor " + language + ": answer after " + ms(figures[0]) + ", CPU " + figures[1] + " ms, RSS " + figures[2] + " MB");
      }
    }
    took.forEach((what, all) -> System.out.println("median, " + what + ": answer after "
        + ms(median(all, 0)) + ", CPU " + median(all, 1) + " ms, RSS " + median(all, 2) + " MB"));
    for (String language : List.of("python", "js")) {
      // a hundred MB each
      Files.deleteIfExists(work.resolve("floor-" + language + ".aot"));
      Files.deleteIfExists(work.resolve("floor-" + language + ".aotconf"));
    }
  }

  private static long median(List<long[]> all, int index) {
    return all.stream().mapToLong(f -> f[index]).sorted().toArray()[all.size() / 2];
  }

  /** Runs {@link StartFloor} on the daemon's JVM flags plus {@code extra}; returns its answer's nanoseconds from its start, CPU ms, RSS MB. */
  private long[] floorProcess(String classPath, String language, List<String> extra) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:MinHeapFreeRatio=10",
        "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
    command.addAll(extra);
    command.addAll(List.of("-Dfloor.pyc=" + work.resolve("floor-pyc"), "-cp", classPath, StartFloor.class.getName(), language));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("floor-" + language + ".log").toFile());
    builder.environment().put("MALLOC_ARENA_MAX", "2"); // as the launcher gives the daemon
    long started = System.nanoTime();
    Process process = builder.start();
    long answered = 0;
    long rss = 0;
    long cpu = 0;
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("answer ")) {
          answered = System.nanoTime() - started;
          rss = rssMb(process.pid());
          if (!line.equals("answer 7")) {
            throw new IllegalStateException("the floor answered " + line);
          }
        } else if (line.startsWith("cpu ")) {
          cpu = Long.parseLong(line.substring(4));
        }
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("StartFloor " + language + " " + extra + " exited with " + process.exitValue()
          + " (" + work.resolve("floor-" + language + ".log") + ")");
    }
    return new long[] {answered, cpu, rss};
  }

  /** The resident memory of process {@code pid}, in MB. */
  private static long rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** A daemon's start with the example scripts: until the composition answers, then {@link #SETTLE} idle. */
  private record Start(long readyNanos, long cpuMs, long rssMb, long settledRssMb) {}

  /** Starts a daemon, measures its {@link Start} and stops it. */
  private Start measureStart(String name, Map<String, String> environment) throws Exception {
    try (Daemon daemon = Daemon.start(this, name, environment)) {
      long ready = daemon.awaitAnswer(COMPOSITION, 7L);
      long rss = daemon.rssMb();
      long cpu = daemon.cpuMs();
      Thread.sleep(SETTLE.toMillis());
      return new Start(ready, cpu, rss, daemon.rssMb());
    }
  }

  private void run() throws Exception {
    Start isolated = measureStart("isolated", Map.of("POLYBRIDGE_JAVA_OPTS", "-Dpolybridge.python.isolation=isolated"));
    // The start is measured on a daemon of its own: what it holds once its start's garbage is given
    // back (StartupHeap, a second after the last registration) is read while it idles, and the calls
    // "right after start" below need a daemon that has not idled.
    Start shared = measureStart("shared-start", Map.of());
    row("daemon with the 4 example scripts: CPU time used until composition answers", shared.cpuMs() + " ms",
        isolated.cpuMs() + " ms (one context per script)", ratio(shared.cpuMs(), isolated.cpuMs()), "—");
    row("daemon with the 4 example scripts: composition answers after start", ms(shared.readyNanos()),
        ms(isolated.readyNanos()) + " (one context per script)", ratio(shared.readyNanos(), isolated.readyNanos()), "≤ 3 s");
    row("daemon RSS with the 4 examples, as the composition answers", shared.rssMb() + " MB",
        isolated.rssMb() + " MB (one context per script)", ratio(shared.rssMb(), isolated.rssMb()), "≤ 350 MB");
    row("daemon RSS with the 4 examples, " + SETTLE.toSeconds() + " s later (the start's garbage given back)",
        shared.settledRssMb() + " MB", isolated.settledRssMb() + " MB (one context per script)",
        ratio(shared.settledRssMb(), isolated.settledRssMb()), "≤ 350 MB");

    // closed however the rows end: a figure that throws must not leave the daemon running
    try (Daemon daemon = Daemon.start(this, "shared", Map.of())) {
      daemon.awaitAnswer(COMPOSITION, 7L);
      List<Long> first = daemon.latencies("add(a: 1, b: 2)", 200);
      Echo echo = Echo.start(work.resolve("echo"));
      List<Long> echoFirst = echo.latencies(200);
      row("first 200 RPCs to a Python function after start, p50", us(p50(first)), us(p50(echoFirst)) + " (WebSocket echo)",
          ratio(p50(first), p50(echoFirst)), "≤ 500 µs");

      long failures = daemon.pipelined("add(a: 1, b: 2)", 100, 100);
      row("100 clients × 100 pipelined calls to a Python function, failed", Long.toString(failures), "0", "—", "0");

      long before = daemon.rssMb();
      List<Long> further = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        further.add(daemon.addScript("further_py_" + i + ".py", pythonScript("further_py_" + i), "further_py_" + i + "(x: 1)"));
      }
      String perScript = String.format(java.util.Locale.ROOT, "%.1f", (daemon.rssMb() - before) / 5.0);
      long furtherIsolated = daemon.addScript("further_iso.py", "# polybridge: isolated\n" + pythonScript("further_iso"), "further_iso(x: 1)");
      long furtherJs = daemon.addScript("further_js.js", jsScript("further_js"), "further_js(x: 1)");
      row("a Python script saved into a running daemon answers after", ms(median(further)), ms(furtherIsolated) + " (isolated script)",
          ratio(median(further), furtherIsolated), "≤ 150 ms");
      row("a JavaScript script saved into a running daemon answers after", ms(furtherJs), ms(furtherIsolated) + " (isolated Python)",
          ratio(furtherJs, furtherIsolated), "≤ 100 ms");
      row("RSS per further Python script", perScript + " MB", "—", "—", "≤ 15 MB");

      daemon.latencies("further_py_0(x: 1)", 1000);
      List<Long> python = daemon.latencies("further_py_0(x: 1)", 2000);
      daemon.latencies("further_js(x: 1)", 1000);
      List<Long> js = daemon.latencies("further_js(x: 1)", 2000);
      echo.latencies(1000);
      List<Long> echoWarm = echo.latencies(2000);
      row("warm RPC to a Python function from another process, p50", us(p50(python)), us(p50(echoWarm)) + " (WebSocket echo)",
          ratio(p50(python), p50(echoWarm)), "≤ 150 µs");
      row("warm RPC to a JavaScript function from another process, p50", us(p50(js)), us(p50(echoWarm)) + " (WebSocket echo)",
          ratio(p50(js), p50(echoWarm)), "≤ 150 µs");
      echo.close();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> invokeCommand = List.of(launcher.toString(), "invoke", "--socket", daemon.socket.toString(), "add(a: 1, b: 2)");
      // curl alone, the very request the launcher sends (credentials on its standard input): what
      // the launcher adds to it is the launcher's own time
      Credentials credentials = Credentials.read(daemon.socket.resolveSibling("auth"));
      String headers = "header = \"x-iterm2-cookie: " + credentials.cookie() + "\"\nheader = \"x-iterm2-key: " + credentials.key() + "\"\n";
      List<String> curlCommand = List.of("curl", "-q", "-s", "--noproxy", "*", "--unix-socket", daemon.socket.toString(), "--config", "-",
          "-H", "Content-Type: text/plain; charset=utf-8", "-H", "Expect:", "--data-binary", "add(a: 1, b: 2)", "http://localhost/invoke");
      // the release's launcher (POSIX sh), run from the source tree (by sh: the archive makes it
      // executable, the tree does not): its lib/ there holds the same invoke-over-curl.sh
      List<String> installedCommand = List.of("sh", root.resolve("bridge-cli/src/dist/bin/polybridge").toString(),
          "invoke", "--socket", daemon.socket.toString(), "add(a: 1, b: 2)");
      List<Long> throughCurl = new ArrayList<>();
      List<Long> throughInstalled = new ArrayList<>();
      List<Long> throughJvm = new ArrayList<>();
      List<Long> curlAlone = new ArrayList<>();
      List<Long> floor = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        throughCurl.add(wall(invokeCommand, Map.of("POLYBRIDGE_CLIENT", ""), ""));
        throughInstalled.add(wall(installedCommand, Map.of("POLYBRIDGE_CLIENT", ""), ""));
        throughJvm.add(wall(invokeCommand, Map.of("POLYBRIDGE_CLIENT", "java"), ""));
        curlAlone.add(wall(curlCommand, Map.of(), headers));
        floor.add(wall(List.of(java, "-Xshare:auto", "-version")));
      }
      row("polybridge invoke, a fresh process (through curl)", ms(median(throughCurl)), ms(median(floor)) + " (java -version)",
          ratio(median(throughCurl), median(floor)), "≤ 150 ms");
      long launcherItself = median(throughCurl) - median(curlAlone);
      row("polybridge invoke through curl: the launcher itself (less curl alone)", ms(launcherItself),
          ms(median(curlAlone)) + " (curl alone, same request)", ratio(launcherItself, median(curlAlone)), "≤ 20 ms");
      long installedItself = median(throughInstalled) - median(curlAlone);
      row("… the installed launcher itself (bin/polybridge, POSIX sh; less curl alone)", ms(installedItself),
          ms(median(curlAlone)) + " (curl alone, same request)", ratio(installedItself, median(curlAlone)), "≤ 20 ms");
      row("polybridge invoke, a fresh process (JVM client: POLYBRIDGE_CLIENT=java)", ms(median(throughJvm)),
          ms(median(floor)) + " (java -version)", ratio(median(throughJvm), median(floor)), "—");

      List<Long> pty = new ArrayList<>();
      List<Long> plainPty = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        pty.add(wall(inTerminal(launcher + " pty --socket " + daemon.socket + " -- true")));
        plainPty.add(wall(inTerminal("script -qec true /dev/null")));
      }
      row("polybridge pty -- true, until it exits", ms(median(pty)), ms(median(plainPty)) + " (plain pty: script)",
          ratio(median(pty), median(plainPty)), "≤ 150 ms");

      Path text = work.resolve("text");
      writeText(text, 64 << 20);
      List<Long> throughs = new ArrayList<>();
      List<Long> plainThroughs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        throughs.add(wall(inTerminal(launcher + " pty --socket " + daemon.socket + " -- cat " + text)));
        plainThroughs.add(wall(inTerminal("script -qec 'cat " + text + "' /dev/null")));
      }
      long through = median(throughs);
      long plainThrough = median(plainThroughs);
      row("64 MB through polybridge pty -- cat, MB/s, the whole run", mbps(64, through), mbps(64, plainThrough) + " (plain pty: script)",
          ratio(plainThrough, through), "—");
      // the throughput: the same runs less each one's start and exit (the row of pty -- true), which has a row and a target of its own
      long streaming = through - median(pty);
      long plainStreaming = plainThrough - median(plainPty);
      row("64 MB through polybridge pty -- cat, MB/s, less the start and exit of pty -- true", mbps(64, streaming),
          mbps(64, plainStreaming) + " (plain pty: script, less script -qec true)", ratio(plainStreaming, streaming), "≥ 0.8");
    }
  }

  private static String pythonScript(String name) {
    return "import iterm2\n\nasync def main(connection):\n    @iterm2.RPC\n    async def " + name + "(x):\n        return x\n"
        + "    await " + name + ".async_register(connection)\n\niterm2.run_forever(main)\n";
  }

  private static String jsScript(String name) {
    return "iterm2.runForever(async connection => {\n  const f = iterm2.rpc(async function " + name + "(x) { return x; });\n"
        + "  await f.register(connection);\n});\n";
  }

  private static List<String> inTerminal(String command) {
    return List.of("script", "-qec", command, "/dev/null");
  }

  private static long wall(List<String> command) throws IOException, InterruptedException {
    return wall(command, Map.of(), "");
  }

  /** The wall time of {@code command} with {@code environment} added to this one's and {@code input} on its standard input. */
  private static long wall(List<String> command, Map<String, String> environment, String input) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    Process p = builder.start();
    try (var in = p.getOutputStream()) {
      in.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("did not end in 2 minutes: " + command);
    }
    long took = System.nanoTime() - start;
    if (p.exitValue() != 0) {
      throw new IllegalStateException("exit status " + p.exitValue() + ": " + command);
    }
    return took;
  }

  private static void writeText(Path file, int size) throws IOException {
    StringBuilder line = new StringBuilder();
    while (line.length() < 99) {
      line.append("the quick brown fox jumps over the lazy dog ");
    }
    byte[] bytes = (line.substring(0, 99) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int written = 0; written < size; written += bytes.length) {
        out.write(bytes);
      }
    }
  }

  private void row(String what, String ours, String baseline, String ratio, String target) {
    rows.add(new String[] {what, ours, baseline, ratio, target});
    System.err.println("bench: " + what + ": " + ours + " (baseline " + baseline + ")");
  }

  private void print() {
    System.out.println("| figure | polybridge | baseline, same run | ratio | target |");
    System.out.println("| --- | --- | --- | --- | --- |");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
  }

  static long p50(List<Long> nanos) {
    return median(nanos);
  }

  static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }

  private static String us(long nanos) {
    return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
  }

  private static String mbps(int mb, long nanos) {
    return String.format(Locale.ROOT, "%.1f", mb / (nanos / 1e9));
  }

  private static String ratio(long ours, long baseline) {
    return baseline == 0 ? "—" : String.format(Locale.ROOT, "%.2f", (double) ours / baseline);
  }

  /** A daemon started through the launcher, with a copy of the example scripts of its own. */
  private static final class Daemon implements AutoCloseable {
    final Path folder;
    final Path socket;
    final Process process;
    final long started;
    ApiClient api;

    private Daemon(Path folder, Path socket, Process process, long started) {
      this.folder = folder;
      this.socket = socket;
      this.process = process;
      this.started = started;
    }

    static Daemon start(UserFigures figures, String name, Map<String, String> environment) throws IOException {
      Path home = Files.createDirectories(figures.work.resolve(name));
      Path folder = Files.createDirectories(home.resolve("AutoLaunch"));
      try (Stream<Path> examples = Files.list(figures.root.resolve("examples/Scripts/AutoLaunch"))) {
        for (Path p : examples.toList()) {
          Files.copy(p, folder.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path run = Files.createDirectories(home.resolve("run"));
      Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      Path socket = run.resolve("socket");
      ProcessBuilder builder = new ProcessBuilder(figures.launcher.toString(), "run", "--scripts", folder.toString(), "--socket", socket.toString())
          .redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile());
      builder.environment().putAll(environment);
      long started = System.nanoTime();
      return new Daemon(folder, socket, builder.start(), started);
    }

    /**
     * Waits until the daemon's CPU time grew by less than 20 ms in each of 4 half-seconds in a row
     * (its start settled: scripts loaded, runtimes warmed up, the start's collection done), at
     * most a minute.
     */
    void awaitIdle() throws IOException, InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      long cpu = cpuMs();
      int quiet = 0;
      while (quiet < 4 && System.nanoTime() < deadline) {
        Thread.sleep(500);
        long now = cpuMs();
        quiet = now - cpu < 20 ? quiet + 1 : 0;
        cpu = now;
      }
    }

    /** Loads async-profiler ({@code library}) into the daemon with {@code command} ({@code start,…}, {@code stop,…}), by jcmd. */
    void profiler(String library, String command) throws IOException, InterruptedException {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      // quoted: jcmd would take the commas and equals signs of async-profiler's command for its own arguments
      wall(List.of(jcmd, Long.toString(process.pid()), "JVMTI.agent_load", library, "\"" + command + "\""));
    }

    /** Nanoseconds from the daemon's start until {@code invocation} answers {@code expected}. */
    long awaitAnswer(String invocation, Object expected) throws Exception {
      long deadline = started + READY_LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the daemon exited with status " + process.exitValue());
        }
        if (api == null && Files.exists(socket) && Files.exists(socket.resolveSibling("auth"))) {
          try {
            api = connect();
          } catch (RuntimeException notYet) {
            // listening not yet
          }
        }
        if (api != null) {
          try {
            Object answer = api.invoke(invocation, InvocationContext.app(), null).get(10, TimeUnit.SECONDS);
            if (expected.equals(answer)) {
              return System.nanoTime() - started;
            }
          } catch (java.util.concurrent.ExecutionException notYet) {
            // "No function registered": the scripts are loading
          }
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException(invocation + " did not answer " + expected + " within " + READY_LIMIT);
    }

    private ApiClient connect() throws Exception {
      Connection c = Connections.unixSocket(socket, Credentials.read(socket.resolveSibling("auth")), "bench").get(10, TimeUnit.SECONDS);
      return new ApiClient(c, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Writes a script into the folder (whole, at once) and returns the nanoseconds until {@code invocation} answers. */
    long addScript(String fileName, String source, String invocation) throws Exception {
      Path aside = folder.resolveSibling(fileName);
      Files.writeString(aside, source);
      long start = System.nanoTime();
      Files.move(aside, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
      while (true) {
        try {
          api.invoke(invocation, InvocationContext.app(), null).get(10, TimeUnit.SECONDS);
          return System.nanoTime() - start;
        } catch (java.util.concurrent.ExecutionException notYet) {
          if (System.nanoTime() - start > READY_LIMIT.toNanos()) {
            throw new IllegalStateException(fileName + " did not answer within " + READY_LIMIT, notYet);
          }
          Thread.sleep(1);
        }
      }
    }

    /** The latency of each of {@code count} calls in a row. */
    List<Long> latencies(String invocation, int count) throws Exception {
      List<Long> took = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        api.invoke(invocation, InvocationContext.app(), null).get(10, TimeUnit.SECONDS);
        took.add(System.nanoTime() - start);
      }
      return took;
    }

    /** {@code clients} connections each send {@code calls} calls at once; returns how many failed. */
    long pipelined(String invocation, int clients, int calls) throws Exception {
      List<ApiClient> apis = new ArrayList<>();
      List<CompletableFuture<Object>> all = new ArrayList<>();
      try {
        for (int c = 0; c < clients; c++) {
          apis.add(connect());
        }
        for (ApiClient client : apis) {
          for (int i = 0; i < calls; i++) {
            all.add(client.invoke(invocation, InvocationContext.app(), null));
          }
        }
        long failed = 0;
        for (CompletableFuture<Object> call : all) {
          try {
            call.get(60, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failed++;
          }
        }
        return failed;
      } finally {
        apis.forEach(ApiClient::close);
      }
    }

    /**
     * The CPU time the daemon has used, in milliseconds: on a machine other work loads, a fairer
     * measure of start-up than wall time (a daemon with more threads gets a bigger share of it).
     */
    long cpuMs() throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime, stime in 1/100 s
    }

    /**
     * The CPU time the daemon's threads have used, in nanoseconds, summed by the start of their
     * names ({@code polybridge-io}: the event loops; {@code script-}: the scripts' threads), read
     * from {@code /proc/PID/task/TID/schedstat}.
     */
    Map<String, Long> threadCpuNanos() throws IOException {
      Map<String, Long> byKind = new java.util.HashMap<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
        for (Path task : tasks.toList()) {
          try {
            String name = Files.readString(task.resolve("comm")).trim();
            long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
            for (String kind : List.of("polybridge-io", "script-")) {
              if (name.startsWith(kind)) {
                byKind.merge(kind, nanos, Long::sum);
              }
            }
          } catch (IOException | RuntimeException gone) {
            // the thread ended between the listing and the read
          }
        }
      }
      return byKind;
    }

    long rssMb() throws IOException {
      return UserFigures.rssMb(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
      if (api != null) {
        api.close();
      }
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The wire's floor: a plain Netty WebSocket echo of a frame the size of an invocation request. */
  private static final class Echo implements AutoCloseable {
    private final WireBenchmark.Echo echo;

    private Echo(WireBenchmark.Echo echo) {
      this.echo = echo;
    }

    static Echo start(Path socketFile) throws Exception {
      return new Echo(WireBenchmark.Echo.start(true, socketFile, WireBenchmark.requestSize()));
    }

    List<Long> latencies(int count) throws Exception {
      List<Long> took = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        echo.send().get(10, TimeUnit.SECONDS);
        took.add(System.nanoTime() - start);
      }
      return took;
    }

    @Override
    public void close() throws Exception {
      echo.close();
    }
  }
}
