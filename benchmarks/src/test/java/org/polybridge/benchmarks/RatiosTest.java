package org.polybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pairs found by class, mode and parameters; SampleTime pairs compared by mean, p50 and p99. */
class RatiosTest {
  private static String result(String method, String mode, String transport, double score, String percentiles) {
    return """
        {"benchmark": "org.polybridge.benchmarks.WireBenchmark.%s", "mode": "%s", "params": {"transport": "%s"},
         "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "us/op", "scorePercentiles": {%s}}}
        """.formatted(method, mode, transport, score, percentiles);
  }

  @Test
  void sampleTimePairsCompareByMeanP50AndP99() {
    String json = "[" + String.join(",",
        result("add", "sample", "unix", 40, "\"50.0\": 30, \"99.0\": 90"),
        result("echo", "sample", "unix", 20, "\"50.0\": 10, \"99.0\": 30"),
        result("echo", "sample", "tcp", 20, "\"50.0\": 10, \"99.0\": 30"),
        result("addThroughput", "thrpt", "unix", 500, ""),
        result("echoThroughput", "thrpt", "unix", 1000, "")) + "]";

    List<Ratios.Row> rows = Ratios.rows(List.of(json));

    assertThat(rows).extracting(Ratios.Row::what, Ratios.Row::ratio).containsExactly(
        tuple("WireBenchmark.add / echo {\"transport\":\"unix\"} mean", 2.0),
        tuple("WireBenchmark.add / echo {\"transport\":\"unix\"} p50", 3.0),
        tuple("WireBenchmark.add / echo {\"transport\":\"unix\"} p99", 3.0),
        tuple("WireBenchmark.addThroughput / echoThroughput {\"transport\":\"unix\"}", 0.5));
  }

  @Test
  void aBaselineInAnotherModeIsNoPair() {
    String json = "[" + result("add", "sample", "tcp", 40, "") + "," + result("echo", "thrpt", "tcp", 20, "") + "]";

    assertThat(Ratios.rows(List.of(json))).isEmpty();
  }
}
