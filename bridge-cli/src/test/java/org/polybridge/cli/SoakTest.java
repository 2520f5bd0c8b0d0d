package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.transport.ApiListener;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * A daemon under mixed load for a while — calls to Python and JavaScript functions from wire
 * clients that come and go, a script rewritten (reloaded) again and again, sessions in real
 * pseudo-terminals opened, typed into and closed — gives back what it took: after the load, the
 * heap after a full collection, the threads and the open file descriptors are back near where they
 * were after the warm-up. Its figures are printed (and written to {@code target/soak.txt}).
 *
 * <p>{@code -Dsoak.seconds=N} sets the load's length: 90 s by default (the CI run); the 10-minute
 * soak is {@code ./polybridge test -pl bridge-cli -Dtest=SoakTest -Dsoak.seconds=600}.
 */
@Tag("slow")
class SoakTest {
  private static final long SECONDS = Long.getLong("soak.seconds", 90);
  private static final Duration LOAD = Duration.ofSeconds(180);

  @TempDir Path folder;

  @Test
  void underMixedLoadTheDaemonGivesBackItsMemoryThreadsAndFiles() throws Exception {
    Path autoLaunch = Files.createDirectories(folder.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("echo_py.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def echo_py(x):
                return [x, str(x) * 10]
            await echo_py.async_register(connection)

        iterm2.run_forever(main)
        """);
    Files.writeString(autoLaunch.resolve("echo_js.js"), """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function echo_js(x) { return {x, text: String(x).repeat(10)}; }).register(connection);
        });
        """);
    Path reloaded = autoLaunch.resolve("reloaded.py");
    writeReloaded(reloaded, 0);
    Credentials credentials = Credentials.random();
    Path socket = folder.resolve("private").resolve("socket");
    try (PtyHost host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
        Bridge bridge = Bridge.newBuilder().host(host).scriptsFolder(autoLaunch).logFolder(folder.resolve("logs")).build()) {
      ApiListener.unixSocket(bridge, socket, ApiListener.Options.newBuilder().credentials(credentials).build());
      Eventually.until(LOAD, "the scripts run", () -> bridge.scripts().size() == 3
          && bridge.scripts().stream().allMatch(s -> s.state() == ScriptStatus.State.RUNNING)
          && !ApiServer.of(bridge).registry().named("echo_py").isEmpty() && !ApiServer.of(bridge).registry().named("echo_js").isEmpty()
          && !ApiServer.of(bridge).registry().named("version").isEmpty());

      Load warmUp = run(bridge, host, socket, credentials, reloaded, Duration.ofSeconds(Math.min(30, SECONDS / 3)), 0);
      Figures before = Figures.now();
      Load load = run(bridge, host, socket, credentials, reloaded, Duration.ofSeconds(SECONDS), warmUp.reloads);
      Figures after = Figures.now();

      String report = "soak of " + SECONDS + " s: " + load + "\n  after the warm-up: " + before + "\n  after the load:    " + after + "\n";
      System.out.print(report);
      Files.writeString(Path.of("target", "soak.txt"), report);
      assertThat(load.failures.get()).as(report).isZero();
      assertThat(after.heapMb).as(report).isLessThanOrEqualTo(before.heapMb * 5 / 4 + 16);
      assertThat(after.threads).as(report).isLessThanOrEqualTo(before.threads + 4);
      assertThat(after.files).as(report).isLessThanOrEqualTo(before.files + 8);
    }
  }

  /** What a stretch of load did. */
  private record Load(long calls, AtomicLong failures, int reloads, int sessions, int clients) {
    @Override
    public String toString() {
      return calls + " calls (" + failures.get() + " failed), " + reloads + " reloads, " + sessions + " sessions, " + clients + " clients";
    }
  }

  /**
   * Two callers (each a wire client that reconnects every 500 calls) and, on this thread, a
   * session opened, typed into and closed, and a reload of {@code reloaded}, in turn, until {@code length} passed.
   */
  private static Load run(Bridge bridge, PtyHost host, Path socket, Credentials credentials, Path reloaded, Duration length,
      int reloadsSoFar) throws Exception {
    long end = System.nanoTime() + length.toNanos();
    AtomicLong calls = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong clients = new AtomicLong();
    List<Thread> callers = new ArrayList<>();
    for (String function : List.of("echo_py", "echo_js")) {
      callers.add(Thread.ofPlatform().name("soak-" + function).start(() -> {
        long i = 0;
        while (System.nanoTime() < end) {
          clients.incrementAndGet();
          try (ApiClient client = new ApiClient(Connections.unixSocket(socket, credentials, "soak-" + function)
              .get(10, TimeUnit.SECONDS), Executors.newVirtualThreadPerTaskExecutor())) {
            for (int n = 0; n < 500 && System.nanoTime() < end; n++, i++) {
              client.invoke(function + "(x: " + i + ")", InvocationContext.app(), Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
              calls.incrementAndGet();
            }
          } catch (Exception e) {
            failures.incrementAndGet();
            System.err.println("soak: " + function + " failed: " + e);
          }
        }
      }));
    }
    int reloads = reloadsSoFar;
    int sessions = 0;
    while (System.nanoTime() < end) {
      Session session = host.createTab(bridge.app(), null, "Default").get(20, TimeUnit.SECONDS);
      session.io().type("echo soak " + sessions + "; exit\n");
      sessions++;
      writeReloaded(reloaded, ++reloads);
      int expected = reloads;
      Eventually.until(LOAD, "version " + expected + " answers", () -> {
        try {
          return Long.valueOf(expected).equals(bridge.invoke("version()").get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          return false; // between the old script's end and the new one's registration
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
          throw new AssertionError("version() did not answer", e);
        }
      });
      Eventually.until(Duration.ofSeconds(30), "the session ended", () -> bridge.app().session(session.id()).isEmpty());
    }
    for (Thread caller : callers) {
      caller.join();
    }
    return new Load(calls.get(), failures, reloads - reloadsSoFar, sessions, (int) clients.get());
  }

  private static void writeReloaded(Path file, int version) throws IOException {
    Path partial = file.resolveSibling(".reloaded.tmp");
    Files.writeString(partial, """
        import iterm2

        payload = [%d] * 100000

        async def main(connection):
            @iterm2.RPC
            async def version():
                return payload[0]
            await version.async_register(connection)

        iterm2.run_forever(main)
        """.formatted(version));
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The heap after a full collection, the live threads, the open file descriptors. */
  private record Figures(long heapMb, int threads, long files) {
    static Figures now() throws IOException, InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200); // not synchronisation: time for reference processing between collections
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        return new Figures(heap, ManagementFactory.getThreadMXBean().getThreadCount(), fds.count());
      }
    }

    @Override
    public String toString() {
      return "heap " + heapMb + " MB, " + threads + " threads, " + files + " file descriptors";
    }
  }
}
