package org.polybridge.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints each benchmark's score divided by its baseline's (same class, mode and parameters) from JMH's
 * JSON result file ({@code -rf json -rff result.json}):
 * {@code benchmarks/run ratios result.json}. Benchmarks whose baseline is not in the file are
 * left out. SampleTime results also compare by p50 and p99.
 */
public final class Ratios {
  /** Benchmark → its baseline, as {@code Class.method}. */
  static final Map<String, String> BASELINES = new LinkedHashMap<>();

  static {
    BASELINES.put("ScannerBenchmark.scanner", "ScannerBenchmark.baseline");
    BASELINES.put("ScannerBenchmark.sessionScanner", "ScannerBenchmark.scanner");
    BASELINES.put("GuestRpcBenchmark.rpcJs", "GuestRpcBenchmark.rawJs");
    BASELINES.put("GuestRpcBenchmark.rpcPython", "GuestRpcBenchmark.rawPython");
    BASELINES.put("GuestRpcBenchmark.rpcJava", "GuestRpcBenchmark.directJava");
    BASELINES.put("GuestRpcBenchmark.rpcJavaInline", "GuestRpcBenchmark.directJava");
    BASELINES.put("ScriptStartupBenchmark.firstJs", "ScriptStartupBenchmark.freshEngineJs");
    BASELINES.put("ScriptStartupBenchmark.furtherJs", "ScriptStartupBenchmark.contextJs");
    BASELINES.put("ScriptStartupBenchmark.firstPython", "ScriptStartupBenchmark.freshEnginePython");
    BASELINES.put("ScriptStartupBenchmark.furtherPython", "ScriptStartupBenchmark.contextPython");
    BASELINES.put("ScriptStartupBenchmark.laterPython", "ScriptStartupBenchmark.contextPython");
    BASELINES.put("WireBenchmark.add", "WireBenchmark.echo");
    BASELINES.put("WireBenchmark.addThroughput", "WireBenchmark.echoThroughput");
    BASELINES.put("WireBenchmark.addPipelined", "WireBenchmark.echoPipelined");
  }

  private Ratios() {}

  /**
   * One result: a benchmark in one mode with its parameters. For SampleTime ({@code "sample"}) the
   * percentiles of the samples too ({@code "50.0"} → p50), so that latencies compare by percentile
   * and not only by their mean.
   */
  record Score(String name, String params, String mode, double score, double error, String unit,
      Map<String, Double> percentiles) {}

  /** A ratio to print: what (the pair, its parameters, the statistic), ours, the baseline's, ours ÷ baseline. */
  record Row(String what, String score, String baseline, double ratio) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Ratios <jmh-result.json>...");
      System.exit(2);
    }
    List<String> files = new ArrayList<>();
    for (String file : args) {
      files.add(Files.readString(Path.of(file)));
    }
    List<Row> rows = rows(files);
    int width = "benchmark / baseline".length();
    for (Row row : rows) {
      width = Math.max(width, row.what().length());
    }
    String format = "%-" + width + "s %24s %24s %8s%n";
    System.out.printf(Locale.ROOT, format, "benchmark / baseline", "score", "baseline", "ratio");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, format, row.what(), row.score(), row.baseline(), ratio(row.ratio()));
    }
  }

  /**
   * The ratios of the results in {@code jsonFiles} (JMH's JSON, one file's text each) whose
   * baseline ran in the same mode with the same parameters. A SampleTime pair gives three rows:
   * the mean, p50 and p99.
   */
  static List<Row> rows(List<String> jsonFiles) {
    Map<String, Score> scores = new LinkedHashMap<>();
    for (String json : jsonFiles) {
      for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
        Score s = score(e.getAsJsonObject());
        scores.put(key(s.name(), s.params(), s.mode()), s);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Score s : scores.values()) {
      String baselineName = BASELINES.get(s.name());
      Score base = baselineName == null ? null : scores.get(key(baselineName, s.params(), s.mode()));
      if (base == null) {
        continue;
      }
      String pair = s.name() + " / " + base.name().substring(base.name().indexOf('.') + 1)
          + (s.params().isEmpty() ? "" : " " + s.params());
      if (!s.mode().equals("sample")) {
        rows.add(new Row(pair, figure(s), figure(base), s.score() / base.score()));
        continue;
      }
      rows.add(new Row(pair + " mean", figure(s), figure(base), s.score() / base.score()));
      for (String[] percentile : new String[][] {{"p50", "50.0"}, {"p99", "99.0"}}) {
        Double ours = s.percentiles().get(percentile[1]);
        Double theirs = base.percentiles().get(percentile[1]);
        if (ours != null && theirs != null) {
          rows.add(new Row(pair + " " + percentile[0], compact(ours) + " " + s.unit(), compact(theirs) + " " + base.unit(),
              ours / theirs));
        }
      }
    }
    return rows;
  }

  private static Score score(JsonObject result) {
    String[] parts = result.get("benchmark").getAsString().split("\\.");
    String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
    String params = result.has("params") ? result.getAsJsonObject("params").toString() : "";
    String mode = result.has("mode") ? result.get("mode").getAsString() : "";
    JsonObject metric = result.getAsJsonObject("primaryMetric");
    double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
    Map<String, Double> percentiles = new LinkedHashMap<>();
    if (metric.has("scorePercentiles")) {
      for (Map.Entry<String, JsonElement> p : metric.getAsJsonObject("scorePercentiles").entrySet()) {
        percentiles.put(p.getKey(), p.getValue().getAsDouble());
      }
    }
    return new Score(name, params, mode, metric.get("score").getAsDouble(), error, metric.get("scoreUnit").getAsString(),
        percentiles);
  }

  private static String key(String name, String params, String mode) {
    return name + params + " " + mode;
  }

  private static String figure(Score s) {
    String error = Double.isNaN(s.error()) ? "" : " ± " + compact(s.error());
    return compact(s.score()) + error + " " + s.unit();
  }

  private static String ratio(double r) {
    return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.2f", r);
  }

  private static String compact(double v) {
    if (v == 0 || Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
  }
}
