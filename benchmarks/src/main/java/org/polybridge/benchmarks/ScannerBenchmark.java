package org.polybridge.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.polybridge.internal.terminal.ControlSequenceScanner;

/**
 * The control-sequence scanner against the least any pass-through filter must do: find ESC and copy
 * the bytes on. Both run over the same 64 KiB buffer in the same JVM, so their ratio (scanner ops/s ÷
 * baseline ops/s) is comparable across machines where the absolute figures are not. See README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScannerBenchmark {
  static final int BUFFER_SIZE = 64 * 1024;
  static final int SEQUENCE_SPACING = 4 * 1024;
  private static final byte ESC = 0x1b;

  /**
   * {@code plain}: printable ASCII and newlines; {@code custom}: plus a Custom sequence every 4 KiB;
   * {@code csi}: plus a colour (SGR) sequence every 16 bytes, as coloured output has.
   */
  @Param({"plain", "custom", "csi"})
  public String content;

  private byte[] input;
  private byte[] sink;
  private CountingListener listener;
  private ControlSequenceScanner scanner;
  private ControlSequenceScanner sessionScanner;

  @Setup
  public void setUp() {
    input = switch (content) {
      case "custom" -> withCustomSequences(plainText());
      case "csi" -> withColours(plainText());
      default -> plainText();
    };
    sink = new byte[input.length];
    listener = new CountingListener();
    scanner = new ControlSequenceScanner(ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, listener);
    sessionScanner = ControlSequenceScanner.forSession(ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, listener);
    failOnWrongScan();
  }

  @Benchmark
  public long scanner() {
    scanner.feed(input, 0, input.length);
    return listener.textBytes;
  }

  /**
   * What a session's output goes through: a session's scanner, which also reads the shell's
   * sequences, xterm's titles and tmux's {@code ESC P 1000 p} (none here). Its ratio to {@link
   * #scanner} is what reading those costs.
   */
  @Benchmark
  public long sessionScanner() {
    if (sessionScanner.feed(input, 0, input.length) != input.length) {
      throw new IllegalStateException("ESC P 1000 p found in the benchmark's input");
    }
    return listener.textBytes;
  }

  /** An indexOf-style search for ESC and an arraycopy of every run, as a filter with no parsing would. */
  @Benchmark
  public byte baseline() {
    byte[] in = input;
    int n = in.length;
    int i = 0;
    while (i < n) {
      int esc = indexOf(in, ESC, i, n);
      int end = esc < 0 ? n : esc + 1;
      System.arraycopy(in, i, sink, i, end - i);
      i = end;
    }
    return sink[n - 1];
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] plainText() {
    // Seeded, so every run and every machine measures the same bytes.
    Random random = new Random(1337);
    byte[] text = new byte[BUFFER_SIZE];
    for (int i = 0; i < text.length; i++) {
      text[i] = i % 80 == 79 ? (byte) '\n' : (byte) (' ' + random.nextInt('~' - ' ' + 1));
    }
    return text;
  }

  private static byte[] withColours(byte[] text) {
    byte[] sgr = "\u001b[31m".getBytes(US_ASCII);
    for (int at = 0; at + sgr.length <= text.length; at += 16) {
      System.arraycopy(sgr, 0, text, at, sgr.length);
    }
    return text;
  }

  private static byte[] withCustomSequences(byte[] text) {
    for (int at = 0; at < text.length; at += SEQUENCE_SPACING) {
      byte[] sequence =
          ("\u001b]1337;Custom=id=shared-secret:create-window " + at + "\u0007").getBytes(US_ASCII);
      System.arraycopy(sequence, 0, text, at, sequence.length);
    }
    return text;
  }

  /** A benchmark of the wrong thing is worse than none: check the scanner sees what we meant. */
  private void failOnWrongScan() {
    scanner.feed(input, 0, input.length);
    long expected = content.equals("custom") ? BUFFER_SIZE / SEQUENCE_SPACING : 0;
    if (listener.sequences != expected) {
      throw new IllegalStateException(
          "sequences : " + listener.sequences + " (expected: " + expected + ")");
    }
  }
}
