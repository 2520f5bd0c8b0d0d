package org.polybridge.cli.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.polybridge.internal.terminal.KeyStroke;

/**
 * Takes the bound keys out of what the user types: the bytes of a bound key ({@link
 * KeyStroke#encodings()}) are reported as {@link Sink#pressed} and never reach the program;
 * everything else is passed on, in order.
 *
 * <p>Input arrives in chunks that may split a key's sequence: bytes that may still begin a bound
 * key are held until the next byte decides. When nothing follows within {@code wait} (a lone ESC,
 * which begins most sequences), the held bytes are passed on (or, if they are a bound key that is
 * also the beginning of another, reported), so that Escape still reaches the program promptly.
 *
 * <p>Thread-safe: the reader of standard input feeds it, the timer flushes it.
 */
final class KeyFilter {
  /** Where the filtered input goes. */
  interface Sink {
    /** Bytes for the program. */
    void pass(byte[] bytes);

    /** A bound key, by its name. */
    void pressed(String key);
  }

  private final ScheduledExecutorService timer;
  private final Duration wait;
  private final Sink sink;
  /** Each bound sequence (as ISO-8859-1 text, a byte a char) and the key's name. */
  private Map<String, String> bound = Map.of();
  /** Every proper beginning of a bound sequence. */
  private Set<String> beginnings = Set.of();
  private final StringBuilder held = new StringBuilder();
  private long generation;

  KeyFilter(ScheduledExecutorService timer, Duration wait, Sink sink) {
    this.timer = timer;
    this.wait = wait;
    this.sink = sink;
  }

  /** From now on, these keys are taken out. */
  synchronized void bind(List<KeyStroke> keys) {
    Map<String, String> sequences = new HashMap<>();
    Set<String> prefixes = new HashSet<>();
    for (KeyStroke k : keys) {
      for (byte[] e : k.encodings()) {
        String s = new String(e, StandardCharsets.ISO_8859_1);
        sequences.put(s, k.name());
        for (int i = 1; i < s.length(); i++) {
          prefixes.add(s.substring(0, i));
        }
      }
    }
    bound = sequences;
    beginnings = prefixes;
  }

  synchronized void feed(byte[] bytes, int length) {
    if (bound.isEmpty() && held.isEmpty()) {
      sink.pass(java.util.Arrays.copyOf(bytes, length));
      return;
    }
    ByteArrayOutputStream pass = new ByteArrayOutputStream(length);
    for (int i = 0; i < length; i++) {
      step((char) (bytes[i] & 0xFF), pass);
    }
    if (pass.size() > 0) {
      sink.pass(pass.toByteArray());
    }
    if (!held.isEmpty()) {
      long mine = ++generation;
      try {
        timer.schedule(() -> timedOut(mine), wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        timedOut(mine);
      }
    }
  }

  private void step(char c, ByteArrayOutputStream pass) {
    held.append(c);
    String s = held.toString();
    boolean begins = beginnings.contains(s);
    String key = bound.get(s);
    if (key != null && !begins) {
      held.setLength(0);
      sink.pressed(key);
    } else if (key == null && !begins) {
      // not a bound key: what was held goes on, and this byte may begin one itself
      held.setLength(0);
      write(s.substring(0, s.length() - 1), pass);
      if (s.length() > 1) {
        step(c, pass);
      } else {
        pass.write(c);
      }
    }
  }

  /** The input ended: what is held goes to the program. */
  synchronized void flush() {
    generation++;
    if (!held.isEmpty()) {
      String s = held.toString();
      held.setLength(0);
      sink.pass(s.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private synchronized void timedOut(long mine) {
    if (mine != generation || held.isEmpty()) {
      return;
    }
    String s = held.toString();
    held.setLength(0);
    String key = bound.get(s);
    if (key != null) {
      sink.pressed(key);
    } else {
      sink.pass(s.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void write(String latin1, ByteArrayOutputStream out) {
    for (int i = 0; i < latin1.length(); i++) {
      out.write(latin1.charAt(i));
    }
  }
}
