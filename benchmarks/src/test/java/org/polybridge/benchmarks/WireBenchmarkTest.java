package org.polybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
    // the echo's event loops have ended (the bridge's own are the bridge's business)
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("wire-echo-"));
  }
}
