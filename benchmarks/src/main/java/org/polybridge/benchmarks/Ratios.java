package org.polybridge.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints each benchmark's score divided by its baseline's (same class, same parameters) from JMH's
 * JSON result file ({@code -rf json -rff result.json}):
 * {@code benchmarks/run ratios result.json}. Benchmarks whose baseline is not in the file are
 * left out.
 */
public final class Ratios {
  /** Benchmark → its baseline, as {@code Class.method}. */
  static final Map<String, String> BASELINES = new LinkedHashMap<>();

  static {
    BASELINES.put("ScannerBenchmark.scanner", "ScannerBenchmark.baseline");
    BASELINES.put("GuestRpcBenchmark.rpcJs", "GuestRpcBenchmark.rawJs");
    BASELINES.put("GuestRpcBenchmark.rpcPython", "GuestRpcBenchmark.rawPython");
    BASELINES.put("GuestRpcBenchmark.rpcJava", "GuestRpcBenchmark.directJava");
    BASELINES.put("ScriptStartupBenchmark.firstJs", "ScriptStartupBenchmark.freshEngineJs");
    BASELINES.put("ScriptStartupBenchmark.furtherJs", "ScriptStartupBenchmark.contextJs");
    BASELINES.put("ScriptStartupBenchmark.firstPython", "ScriptStartupBenchmark.freshEnginePython");
    BASELINES.put("ScriptStartupBenchmark.furtherPython", "ScriptStartupBenchmark.contextPython");
  }

  private Ratios() {}

  record Score(String name, String params, double score, double error, String unit) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Ratios <jmh-result.json>...");
      System.exit(2);
    }
    Map<String, Score> scores = new LinkedHashMap<>();
    for (String file : args) {
      JsonArray results = JsonParser.parseString(Files.readString(Path.of(file))).getAsJsonArray();
      for (JsonElement e : results) {
        JsonObject result = e.getAsJsonObject();
        String benchmark = result.get("benchmark").getAsString();
        String[] parts = benchmark.split("\\.");
        String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
        String params = result.has("params") ? result.getAsJsonObject("params").toString() : "";
        JsonObject metric = result.getAsJsonObject("primaryMetric");
        double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
        scores.put(name + params,
            new Score(name, params, metric.get("score").getAsDouble(), error, metric.get("scoreUnit").getAsString()));
      }
    }
    System.out.printf(Locale.ROOT, "%-52s %24s %24s %8s%n", "benchmark / baseline", "score", "baseline", "ratio");
    for (Score s : scores.values()) {
      String baselineName = BASELINES.get(s.name());
      Score base = baselineName == null ? null : scores.get(baselineName + s.params());
      if (base == null) {
        continue;
      }
      System.out.printf(Locale.ROOT, "%-52s %24s %24s %8s%n",
          s.name() + " / " + base.name().substring(base.name().indexOf('.') + 1) + (s.params().isEmpty() ? "" : " " + s.params()),
          figure(s), figure(base), ratio(s.score() / base.score()));
    }
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
