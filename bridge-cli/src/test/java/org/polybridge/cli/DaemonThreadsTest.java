package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * Whatever a daemon starts — its listeners' event loops, the console, the default host's sessions,
 * the script loader and a thread per script, the language runtimes and their watchdogs, the timer —
 * ends when it closes: opened and closed again and again, it leaves the JVM with the threads it had.
 * Slow (a minute and a half: each round starts Python and JavaScript afresh); CI runs it.
 */
@Tag("slow")
class DaemonThreadsTest {
  /** The JDK's shared pools (virtual threads' carriers, CompletableFuture's default pool), which idle out on their own time. */
  private static final List<String> JDK_POOLS = List.of("ForkJoinPool-", "ForkJoinPool.commonPool-", "process reaper");

  @TempDir Path folder;

  @Test
  void aDaemonWithListenersScriptsAndTheConsoleLeavesNoThreadBehindWhenItCloses() throws Exception {
    Path scripts = Files.createDirectories(folder.resolve("AutoLaunch"));
    Files.writeString(scripts.resolve("twice_py.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def twice_py(x):
                return 2 * x
            await twice_py.async_register(connection)

        iterm2.run_forever(main)
        """);
    Files.writeString(scripts.resolve("twice_js.js"), """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function twice_js(x) { return 2 * x; }).register(connection);
        });
        """);
    runOnce(scripts, 0); // what the JVM makes once for good (class loading, native libraries' helpers)
    Set<Thread> baseline = Thread.getAllStackTraces().keySet();

    for (int round = 1; round <= 2; round++) {
      runOnce(scripts, round);

      List<String> left = new ArrayList<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (baseline.contains(thread) || JDK_POOLS.stream().anyMatch(thread.getName()::startsWith)) {
          continue;
        }
        thread.join(TimeUnit.SECONDS.toMillis(10)); // ending, not ended, when close returned: give it the time to
        if (thread.isAlive()) {
          left.add(thread.getName());
        }
      }
      assertThat(left).as("threads alive after round " + round + " closed").isEmpty();
    }
  }

  /** A daemon on a Unix socket and TCP, its two scripts called over the wire and its console asked for and loaded. */
  private void runOnce(Path scripts, int round) throws Exception {
    Path socket = folder.resolve("run" + round).resolve("socket");
    try (Daemon daemon = Daemon.start(socket, 0, scripts, folder.resolve("logs"))) {
      Eventually.until(Duration.ofMinutes(2), "the scripts run", () -> daemon.bridge().scripts().size() == 2
          && daemon.bridge().scripts().stream().allMatch(s -> s.state() == ScriptStatus.State.RUNNING)
          && daemon.bridge().functions().contains("twice_py(x)")
          && daemon.bridge().functions().contains("twice_js(x)"));
      Credentials credentials = daemon.unixListener().credentials();
      try (Connection unix = Connections.unixSocket(socket, credentials, "caller").get(10, TimeUnit.SECONDS);
          Connection tcp = Connections.tcp(daemon.tcpListener().port(), credentials, "caller").get(10, TimeUnit.SECONDS)) {
        assertThat(new ApiClient(unix, Runnable::run).invoke("twice_py(x: 2)", InvocationContext.app(), null).get(30, TimeUnit.SECONDS))
            .isEqualTo(4L);
        assertThat(new ApiClient(tcp, Runnable::run).invoke("twice_js(x: 3)", InvocationContext.app(), null).get(30, TimeUnit.SECONDS))
            .isEqualTo(6L);
      }
      Object address = daemon.bridge().invoke("iterm2.console()").get(30, TimeUnit.SECONDS);
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create((String) ((Map<?, ?>) address).get("url"))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isLessThan(400);
      }
    }
  }
}
