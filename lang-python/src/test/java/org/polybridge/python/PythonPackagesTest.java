package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.internal.script.ScriptControl;
import org.polybridge.internal.script.ScriptLoader;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;
import org.polybridge.testkit.TestEngine;

/**
 * Python script folders with a {@code requirements.txt}, run by the loader: pip installs a wheel this
 * test builds (no index is reachable from these machines: {@code --no-index --find-links} in the
 * file itself), the script imports it, a second start installs nothing, and a requirement no wheel
 * satisfies fails the script with pip's words and leaves nothing in the cache. pip runs in GraalPy
 * interpreted: a minute or more on a busy machine, hence {@code slow}.
 */
@Tag("slow")
class PythonPackagesTest {
  private static final Duration PIP = Duration.ofMinutes(6);

  @TempDir Path temp;
  private Bridge bridge;
  private PythonRuntime runtime;
  private ScriptLoader loader;
  private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
  private Path autoLaunch;
  private Path logs;
  private Path cache;

  @BeforeEach
  void open() throws IOException {
    autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    logs = temp.resolve("logs");
    cache = temp.resolve("cache");
    String before = System.getProperty("polybridge.cache.dir");
    System.setProperty("polybridge.cache.dir", cache.toString()); // read once, as the runtime is made
    try {
      runtime = new PythonRuntime();
    } finally {
      if (before == null) {
        System.clearProperty("polybridge.cache.dir");
      } else {
        System.setProperty("polybridge.cache.dir", before);
      }
    }
    bridge = Bridge.newBuilder().build();
    loader = new ScriptLoader(new ScriptLoader.Settings(autoLaunch, logs, Duration.ofMillis(50), Duration.ofMillis(200),
        Duration.ofSeconds(2)), List.of(runtime), bridge::connect, TestEngine::shared, Clock.systemUTC(), executor);
  }

  @AfterEach
  void close() {
    loader.close();
    runtime.close();
    executor.shutdownNow();
    bridge.close();
  }

  @Test
  void requirementsAreInstalledOnceByPipAndImportedByTheScriptOnly() throws Exception {
    Path wheels = Files.createDirectories(temp.resolve("wheels"));
    wheel(wheels, "tinypkg", "1.0", Map.of("tinypkg/__init__.py", "VALUE = 42\n"));
    script("tiny", "--no-index\n--find-links " + wheels + "\ntinypkg==1.0\n", """
        import iterm2
        import tinypkg

        async def main(connection):
            @iterm2.RPC
            async def tiny_value():
                return tinypkg.VALUE
            await tiny_value.async_register(connection)

        iterm2.run_forever(main)
        """);
    long first = System.nanoTime();
    loader.start();

    await(() -> status("tiny") != null && status("tiny").detail() != null, () -> "tiny to say it installs: " + loader.statuses(),
        Duration.ofSeconds(30));
    assertThat(status("tiny").state()).isEqualTo(State.LOADING);
    assertThat(status("tiny").detail()).isEqualTo("installing packages: pip install -r requirements.txt");
    awaitState("tiny", State.RUNNING, PIP);
    long firstStart = System.nanoTime() - first;
    assertThat(status("tiny").detail()).isNull();
    assertThat(invoke("tiny_value()")).isEqualTo(42L);
    assertThat(log("tiny")).contains("pip: Successfully installed tinypkg-1.0", "packages installed in ",
        "Python ready in ", "(a context of its own)");
    try (Stream<Path> installed = Files.list(cache.resolve("python-packages"))) {
      Path site = installed.findFirst().orElseThrow();
      assertThat(site.resolve("tinypkg/__init__.py")).exists();
      assertThat(site.resolve("tinypkg-1.0.dist-info/METADATA")).exists();
    }

    long second = System.nanoTime();
    loader.act("tiny", ScriptControl.Action.RESTART);
    awaitState("tiny", State.RUNNING, PIP);
    awaitFunction("tiny_value()");
    long secondStart = System.nanoTime() - second;
    assertThat(invoke("tiny_value()")).isEqualTo(42L);
    assertThat(count(log("tiny"), "installing packages")).isEqualTo(1);
    assertThat(log("tiny")).contains("(installed before)");

    script("plain", null, """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def plain_value():
                return 1
            await plain_value.async_register(connection)

        iterm2.run_forever(main)
        """);
    long plain = System.nanoTime();
    awaitState("plain", State.RUNNING, PIP);
    long plainStart = System.nanoTime() - plain;
    long again = System.nanoTime();
    loader.act("plain", ScriptControl.Action.RESTART);
    awaitState("plain", State.RUNNING, PIP);
    awaitFunction("plain_value()");
    long plainAgain = System.nanoTime() - again;
    assertThat(log("plain")).contains("(shared context)").doesNotContain("pip");
    assertThat(invoke("plain_value()")).isEqualTo(1L);

    System.out.printf("python packages: first start with one requirement %d ms; second (cached) %d ms; "
        + "without requirements %d ms (the shared context's first start), again %d ms; ratios first/cached %.1f, "
        + "cached/plain-first %.2f, cached/plain-again %.1f%n", ms(firstStart), ms(secondStart), ms(plainStart),
        ms(plainAgain), (double) firstStart / secondStart, (double) secondStart / plainStart, (double) secondStart / plainAgain);
  }

  @Test
  void unsatisfiableRequirementFailsTheScriptWithPipsReasonAndLeavesNothingInTheCache() throws Exception {
    Path wheels = Files.createDirectories(temp.resolve("wheels"));
    script("wants", "--no-index\n--find-links " + wheels + "\nnot-a-package-anywhere==9.9\n", "import not_a_package_anywhere\n");
    loader.start();

    ScriptStatus failed = awaitState("wants", State.FAILED, PIP);
    assertThat(failed.lastError())
        .startsWith("pip could not install " + autoLaunch.resolve("wants/requirements.txt") + " (exit status 1): ")
        .contains("No matching distribution found for not-a-package-anywhere==9.9");
    assertThat(log("wants")).contains("pip: ERROR: Could not find a version that satisfies the requirement");
    try (Stream<Path> left = Files.list(cache.resolve("python-packages"))) {
      assertThat(left).isEmpty();
    }
  }

  private void script(String name, String requirements, String main) throws IOException {
    Path folder = Files.createDirectories(autoLaunch.resolve(name));
    if (requirements != null) {
      Files.writeString(folder.resolve("requirements.txt"), requirements);
    }
    Files.writeString(folder.resolve("main.py"), main);
  }

  /** A pure-Python wheel: the package's files, METADATA, WHEEL and RECORD, zipped. */
  private static void wheel(Path folder, String name, String version, Map<String, String> files) throws IOException {
    String info = name + "-" + version + ".dist-info/";
    Map<String, String> entries = new java.util.LinkedHashMap<>(files);
    entries.put(info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
    entries.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: polybridge-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    StringBuilder record = new StringBuilder();
    entries.keySet().forEach(file -> record.append(file).append(",,\n"));
    record.append(info).append("RECORD,,\n");
    entries.put(info + "RECORD", record.toString());
    try (OutputStream out = Files.newOutputStream(folder.resolve(name + "-" + version + "-py3-none-any.whl"));
         ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private Object invoke(String invocation) throws Exception {
    return bridge.invoke(invocation, InvocationContext.app(), null).get(30, TimeUnit.SECONDS);
  }

  private void awaitFunction(String invocation) throws InterruptedException {
    await(() -> {
      try {
        invoke(invocation);
        return true;
      } catch (Exception e) {
        return false;
      }
    }, () -> invocation + " to be served", Duration.ofSeconds(60));
  }

  private ScriptStatus status(String name) {
    return loader.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private ScriptStatus awaitState(String name, State state, Duration within) throws InterruptedException {
    await(() -> {
      ScriptStatus now = status(name);
      if (now != null && now.state() == State.FAILED && state != State.FAILED) {
        throw new AssertionError(name + " failed: " + now.lastError());
      }
      return now != null && now.state() == state;
    }, () -> {
      try {
        return name + " to be " + state + ": " + loader.statuses() + "\n" + log(name);
      } catch (IOException e) {
        return e.toString();
      }
    }, within);
    return status(name);
  }

  private String log(String name) throws IOException {
    Path file = logs.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static void await(BooleanSupplier condition, Supplier<String> what, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
      Thread.sleep(20);
    }
  }

  private static int count(String text, String part) {
    return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
