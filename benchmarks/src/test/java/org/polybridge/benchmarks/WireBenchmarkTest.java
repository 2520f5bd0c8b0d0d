package org.polybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire benchmark's setup, each op once and its teardown, untimed: that they work and leave nothing behind. */
class WireBenchmarkTest {
  @ParameterizedTest
  @ValueSource(strings = {"unix", "tcp"})
  void setsUpRunsEachOpAndTearsDownCleanly(String transport) throws Exception {
    WireBenchmark benchmark = new WireBenchmark();
    benchmark.transport = transport;
    benchmark.start();
    try {
      assertThat(benchmark.add()).isEqualTo(3L);
      assertThat(benchmark.addThroughput()).isEqualTo(3L);
      assertThat(benchmark.addPipelined()).isEqualTo(3L);
      benchmark.echo();
      benchmark.echoThroughput();
      benchmark.echoPipelined();
    } finally {
      benchmark.stop();
    }

    assertThat(Files.exists(benchmark.temp)).isFalse();
    // the echo's event loops have ended (the bridge's own are the bridge's business): a loop's
    // termination future completes on its thread just before the thread ends, so it is joined
    List<Thread> echoLoops = Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("wire-echo-")).toList();
    for (Thread loop : echoLoops) {
      loop.join(Duration.ofSeconds(10));
    }
    assertThat(echoLoops).as("the echo's event loop threads").noneMatch(Thread::isAlive);
  }
}
