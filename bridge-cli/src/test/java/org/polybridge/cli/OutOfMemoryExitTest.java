package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.testkit.Eventually;
import org.polybridge.client.ApiClient;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * A process out of memory outside guest code ends, with one line that says why and status 3, so
 * that its service manager restarts it; before, its event loops died and it stayed up serving
 * nothing. Each case runs a real child JVM with a small heap and drives it out of memory.
 */
class OutOfMemoryExitTest {
  private static final String LINE = "polybridge: out of memory: exiting so that the service manager restarts polybridge";

  @TempDir Path folder;
  private ChildJvm child;
  private final List<String> jvmFlags = new ArrayList<>();

  @AfterEach
  void stop() {
    if (child != null) {
      child.close();
    }
  }

  private void start(String heap, String mainClass, String... args) throws IOException {
    child = ChildJvm.start(heap, jvmFlags, mainClass, args);
  }

  private void assertExitedOutOfMemory() throws Exception {
    assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("exited; its output:\n%s", child.output()).isTrue();
    assertThat(child.process.exitValue()).as(child.output()).isEqualTo(OutOfMemoryExit.STATUS);
    assertThat(child.output).as("its output").contains(LINE);
    assertThat(Files.readString(folder.resolve("logs").resolve("polybridge0.log")))
        .contains("SEVERE org.polybridge.cli.OutOfMemoryExit: " + OutOfMemoryExit.MESSAGE);
  }

  @Test
  void aThreadThatDiesOfOutOfMemoryEndsTheProcess() throws Exception {
    start("32m", OutOfMemoryProbe.class.getName(), "thread", folder.resolve("logs").toString());

    assertExitedOutOfMemory();
  }

  @Test
  void anOutOfMemoryErrorThatNettyCatchesOnItsEventLoopEndsTheProcess() throws Exception {
    start("32m", OutOfMemoryProbe.class.getName(), "event-loop", folder.resolve("logs").toString());

    assertExitedOutOfMemory();
  }

  @Test
  @Tag("slow") // a Python context in a child JVM: a minute on a busy machine
  void aPythonFunctionThatAllocatesWithoutBoundGetsMemoryErrorAndTheDaemonServesOn() throws Exception {
    Path socket = folder.resolve("private").resolve("socket");
    Path scripts = Files.createDirectories(folder.resolve("scripts"));
    Files.writeString(scripts.resolve("hog.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC(timeout=120)
            async def hog():
                kept = []
                while True:
                    kept.append(b"x" * (8 * 1024 * 1024))
            await hog.async_register(connection)

        iterm2.run_forever(main)
        """);
    // What GraalPy does when one call runs out of memory, without the heap limit, which would
    // restart the script first (HeapLimitTest)
    jvmFlags.add("-Dpolybridge.heapLimit=0");
    start("512m", Main.class.getName(), "run", "--socket", socket.toString(), "--scripts", scripts.toString(),
        "--logs", folder.resolve("logs").toString());
    child.ready.get(60, TimeUnit.SECONDS);
    ApiClient client = new ApiClient(Connections.unixSocket(socket, Credentials.read(socket.resolveSibling("auth")), "test")
        .get(10, TimeUnit.SECONDS), Executors.newVirtualThreadPerTaskExecutor());

    Eventually.until(Duration.ofSeconds(180), "hog() is registered",
        () -> client.invoke("iterm2.functions()", InvocationContext.app(), null).join().toString().contains("hog()"));

    for (int call = 0; call < 2; call++) { // the first one's memory was given back
      assertThatThrownBy(() -> client.invoke("hog()", InvocationContext.app(), Duration.ofSeconds(150)).get(160, TimeUnit.SECONDS))
          .as("the daemon's output:\n%s", child.output())
          .rootCause().isInstanceOf(InvocationException.class).hasMessageContaining("MemoryError");
    }

    assertThat(client.invoke("1 + 1", InvocationContext.app(), null).get(10, TimeUnit.SECONDS)).isEqualTo(2L);
    assertThat(child.process.isAlive()).isTrue();
    assertThat(child.output).doesNotContain(LINE);
  }

  @Test
  void theDaemonEndsWhenAMessageRunsItsEventLoopOutOfMemory() throws Exception {
    Path socket = folder.resolve("private").resolve("socket");
    start("24m", Main.class.getName(), "run", "--socket", socket.toString(), "--scripts", folder.resolve("scripts").toString(),
        "--logs", folder.resolve("logs").toString());
    child.ready.get(60, TimeUnit.SECONDS);
    ApiClient client = new ApiClient(Connections.unixSocket(socket, Credentials.read(socket.resolveSibling("auth")), "test")
        .get(10, TimeUnit.SECONDS), Executors.newVirtualThreadPerTaskExecutor());
    assertThat(client.invoke("1 + 1", InvocationContext.app(), null).get(10, TimeUnit.SECONDS)).isEqualTo(2L);

    // within the message limit (16 MiB), beyond what a 24 MiB heap can parse
    client.invoke("\"" + "x".repeat(15 << 20) + "\"", InvocationContext.app(), null);

    assertExitedOutOfMemory();
  }
}
