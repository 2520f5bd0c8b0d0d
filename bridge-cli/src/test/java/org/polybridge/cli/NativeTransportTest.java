package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.transport.Connections;
import org.polybridge.transport.Credentials;

/**
 * The daemon runs its listeners on Netty's epoll where the native it ships loads (Linux on x86-64
 * and aarch64), and on NIO where none does, serving the same: bridge-core brings no native, so an
 * application that ships none (or runs where none loads) must still serve. Each case is a daemon in
 * a child JVM; {@code -Dio.netty.transport.noNative=true} stands for a platform without the native.
 */
class NativeTransportTest {
  @TempDir Path folder;
  private ChildJvm child;

  @AfterEach
  void stop() {
    if (child != null) {
      child.close();
    }
  }

  @Test
  void whereTheShippedNativeLoadsTheDaemonListensOnEpoll() throws Exception {
    boolean shipped = System.getProperty("os.name").equals("Linux")
        && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
    Assumptions.assumeTrue(shipped, () -> "EPOLL NOT TESTED: bridge-cli ships epoll natives for Linux x86-64 and aarch64 only, not "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));

    Path socket = runDaemon(List.of());

    assertThat(child.output).anySatisfy(line -> assertThat(line).contains("listening on " + socket + " (epoll)"));
    assertServes(socket);
  }

  @Test
  void withoutANativeTheDaemonListensOnNioAndServesTheSame() throws Exception {
    Path socket = runDaemon(List.of("-Dio.netty.transport.noNative=true"));

    assertThat(child.output).anySatisfy(line -> assertThat(line).contains("listening on " + socket + " (nio)"));
    assertServes(socket);
  }

  private Path runDaemon(List<String> flags) throws Exception {
    Path socket = folder.resolve("private").resolve("socket");
    child = ChildJvm.start("256m", flags, Main.class.getName(), "run", "--socket", socket.toString(),
        "--scripts", Files.createDirectories(folder.resolve("scripts")).toString(), "--logs", folder.resolve("logs").toString());
    child.ready.get(60, TimeUnit.SECONDS);
    return socket;
  }

  private void assertServes(Path socket) throws Exception {
    try (ApiClient client = new ApiClient(Connections.unixSocket(socket, Credentials.read(socket.resolveSibling("auth")), "test")
        .get(10, TimeUnit.SECONDS), Runnable::run)) {
      assertThat(client.invoke("1 + 2", InvocationContext.app(), null).get(10, TimeUnit.SECONDS)).isEqualTo(3L);
    }
  }
}
