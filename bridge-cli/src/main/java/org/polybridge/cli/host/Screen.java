package org.polybridge.cli.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.polybridge.internal.io.WriteQueue;
import org.polybridge.internal.terminal.ControlSequenceScanner;

/**
 * The user's terminal as {@code polybridge pty} writes to it: the program's output and what scripts
 * inject, each translated on its way ({@link ControlSequenceScanner#forScreen}: iTerm2's {@code
 * OSC 1337 ; ClearScrollback} becomes {@code CSI 3 J}, which xterm-compatible terminals know), and
 * a status line for messages the user should see (a key binding's invocation failed).
 *
 * <h2>Status line</h2>
 * Shown on the bottom row for {@link #STATUS_TIME}, in reverse video, between {@code DECSC} and
 * {@code DECRC} (the cursor and its attributes are as they were after it), then erased. It is
 * written only where the program's output is between two sequences and characters, never inside
 * one: when the output last stopped in the middle of an escape sequence or a UTF-8 character, the
 * line waits for the end of the next chunk that does not. The program's own text on the bottom
 * row is overwritten until it draws there again.
 */
final class Screen {
  static final Duration STATUS_TIME = Duration.ofSeconds(4);
  private static final byte[] ERASE_SAVED_LINES = "\u001b[3J".getBytes(StandardCharsets.US_ASCII);

  private final WriteQueue queue;
  private final ScheduledExecutorService timer;
  private final IntSupplier rows;
  private final IntSupplier columns;
  private final Translation program = new Translation();
  private final Translation injected = new Translation();
  private final Boundary boundary = new Boundary();
  /** A status line waiting for a boundary of the program's output; guarded by {@code this}. */
  private byte[] pendingStatus;
  /**
   * Whether the scrolling region waits with it, to be set as the bar is then: kept apart from the
   * line, which a later line replaces, so that the region a bar's coming or going changed is not
   * lost with the line it came with. Guarded by {@code this}.
   */
  private boolean pendingRegion;
  private long statusGeneration;
  private boolean inFlight;
  /** The status bar's text (scripts' components), kept on the bottom row; null: none. Guarded by {@code this}. */
  private String bar;
  /** Whether a transient status line covers the bar now; guarded by {@code this}. */
  private boolean transientShown;

  Screen(WriteQueue queue, ScheduledExecutorService timer, IntSupplier rows, IntSupplier columns) {
    this.queue = queue;
    this.timer = timer;
    this.rows = rows;
    this.columns = columns;
  }

  /** The program's output: waits while the screen's queue is full. */
  void program(byte[] bytes, int length) throws InterruptedException {
    byte[] out;
    int outLength;
    synchronized (this) {
      // mostly nothing to translate: then the queue copies the chunk itself, into an array it reuses
      out = program.translate(bytes, length) ? bytes : program.output();
      outLength = out == bytes ? length : out.length;
      boundary.feed(out, outLength);
      inFlight = true; // until queued, a status line must wait: it would go before these bytes
    }
    try {
      if (out == bytes) {
        queue.putCopy(out, 0, outLength);
      } else {
        queue.put(out);
      }
    } finally {
      synchronized (this) {
        inFlight = false;
        if (bar != null && erasesBar(out, outLength)) {
          // a clear screen or a reset took the bar's row, or gave the program every row again
          pendingRegion = true;
          pendingStatus = transientShown ? new byte[0] : barLine(bar);
        }
        if (pendingStatus != null && boundary.atBoundary()) {
          queue.offer(takePendingStatus());
        }
      }
    }
  }

  private static final byte[][] ERASING = {"\u001b[2J".getBytes(StandardCharsets.US_ASCII),
      "\u001b[J".getBytes(StandardCharsets.US_ASCII), "\u001b[0J".getBytes(StandardCharsets.US_ASCII),
      "\u001bc".getBytes(StandardCharsets.US_ASCII), "\u001b[r".getBytes(StandardCharsets.US_ASCII)};

  /** Whether the program's bytes erase the screen down to its last row, reset the terminal or its scrolling region. */
  static boolean erasesBar(byte[] out) {
    return erasesBar(out, out.length);
  }

  /** As {@link #erasesBar(byte[])}, for the first {@code length} bytes of {@code out}. */
  static boolean erasesBar(byte[] out, int length) {
    for (int i = ControlSequenceScanner.indexOfEsc(out, 0, length); i < length; i = ControlSequenceScanner.indexOfEsc(out, i + 1, length)) {
      for (byte[] e : ERASING) {
        if (i + e.length <= length && java.util.Arrays.equals(out, i, i + e.length, e, 0, e.length)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The program's output ended: bytes held because they might have begun a sequence go out. */
  void programEnded() throws InterruptedException {
    byte[] out;
    synchronized (this) {
      out = program.finish();
    }
    if (out.length > 0) {
      queue.put(out);
    }
  }

  /** What a script injected; false when the screen does not keep up and it was dropped. */
  boolean injected(byte[] bytes) {
    byte[] out;
    synchronized (this) {
      out = injected.translate(bytes, bytes.length) ? bytes.clone() : injected.output();
    }
    return queue.offer(out);
  }

  /**
   * Keeps {@code text} on the bottom row (null or empty: none), below the program's rows: the
   * caller gives the program one row less while a bar shows. A transient status line covers it for
   * its few seconds.
   */
  void statusBar(String text) {
    synchronized (this) {
      String before = bar;
      bar = text == null || text.isEmpty() ? null : text;
      if (transientShown && (before == null) == (bar == null)) {
        return;
      }
      byte[] show = transientShown ? new byte[0] : bar == null ? line(null) : barLine(bar);
      boolean regionChanged = (before == null) != (bar == null);
      if (boundary.atBoundary() && !inFlight) {
        queue.offer(regionChanged ? concat(region(), show) : show);
      } else {
        pendingRegion |= regionChanged;
        pendingStatus = show;
      }
    }
  }

  /** Shows {@code text} on the status line for a few seconds. */
  void status(String text) {
    long mine;
    byte[] show = line(text);
    synchronized (this) {
      transientShown = true;
      mine = ++statusGeneration;
      if (boundary.atBoundary() && !inFlight) {
        queue.offer(show);
      } else {
        pendingStatus = show;
      }
    }
    try {
      timer.schedule(() -> clear(mine), STATUS_TIME.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: the screen is left as it is
    }
  }

  private void clear(long mine) {
    synchronized (this) {
      if (mine != statusGeneration) {
        return; // a newer status line shows
      }
      transientShown = false;
      byte[] erase = bar == null ? line(null) : barLine(bar);
      if (boundary.atBoundary() && !inFlight) {
        pendingStatus = erase;
        queue.offer(takePendingStatus());
      } else {
        pendingStatus = erase;
      }
    }
  }

  private byte[] takePendingStatus() {
    byte[] s = pendingRegion ? concat(region(), pendingStatus) : pendingStatus;
    pendingStatus = null;
    pendingRegion = false;
    return s;
  }

  /** The terminal's size changed: the scrolling region leaves the bar's row out again. */
  void resized() {
    synchronized (this) {
      if (bar == null) {
        return;
      }
      byte[] show = transientShown ? new byte[0] : barLine(bar);
      if (boundary.atBoundary() && !inFlight) {
        queue.offer(concat(region(), show));
      } else {
        pendingRegion = true;
        pendingStatus = show;
      }
    }
  }

  /** Whether a status bar takes the bottom row: the program then has one row less. */
  synchronized boolean barShown() {
    return bar != null;
  }

  /** The scrolling region: every row but the bar's while it shows, else the whole screen (DECSTBM homes the cursor: saved around it). */
  private byte[] region() {
    String set = bar == null ? "\u001b[r" : "\u001b[1;" + Math.max(1, rows.getAsInt() - 1) + "r";
    return ("\u001b7" + set + "\u001b8").getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The bottom row showing the status bar's text, the cursor saved and restored around it. */
  private byte[] barLine(String text) {
    StringBuilder s = new StringBuilder("\u001b7\u001b[").append(Math.max(1, rows.getAsInt())).append(";1H\u001b[2K");
    StringBuilder shown = new StringBuilder();
    text.codePoints().filter(c -> c >= ' ' && c != 0x7f && !(c >= 0x80 && c < 0xa0)).forEach(shown::appendCodePoint);
    int room = Math.max(1, columns.getAsInt() - 1);
    String cut = shown.length() > room ? shown.substring(0, Math.max(0, room - 1)) + "…" : shown.toString();
    s.append("\u001b[7m ").append(cut).append(" \u001b[0m\u001b8");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The bottom row showing {@code text} (null: erased), the cursor saved and restored around it. */
  private byte[] line(String text) {
    StringBuilder s = new StringBuilder("\u001b7\u001b[").append(Math.max(1, rows.getAsInt())).append(";1H\u001b[2K");
    if (text != null) {
      StringBuilder shown = new StringBuilder();
      text.codePoints().filter(c -> c >= ' ' && c != 0x7f && !(c >= 0x80 && c < 0xa0)).forEach(shown::appendCodePoint);
      int room = Math.max(1, columns.getAsInt() - 1);
      String cut = shown.length() > room ? shown.substring(0, Math.max(0, room - 1)) + "…" : shown.toString();
      s.append("\u001b[7m").append(" polybridge: ").append(cut).append(" \u001b[0m");
    }
    s.append("\u001b8");
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One stream's translation: its own scanner, since a sequence may be split between its chunks.
   * A chunk with nothing to translate, the common case, is the scanner's one slice of it, copied
   * once for the queue.
   */
  private static final class Translation implements ControlSequenceScanner.Listener {
    private final ControlSequenceScanner scanner = ControlSequenceScanner.forScreen(
        ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, this);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** The chunk's only slice so far, not yet copied; null when none or when {@link #out} holds the output. */
    private byte[] slice;
    private int sliceOffset;
    private int sliceLength;
    private boolean spilled;
    /** The chunk being translated: only slices of it may be kept until the scanner returns. */
    private byte[] input;

    /**
     * Reads the chunk: {@code true} when what goes to the screen is the chunk itself, unchanged
     * (nothing was copied); else it is {@link #output()}.
     */
    boolean translate(byte[] bytes, int length) {
      begin();
      input = bytes;
      scanner.feed(bytes, 0, length);
      input = null;
      boolean same = !spilled && slice == bytes && sliceOffset == 0 && sliceLength == length;
      if (same) {
        slice = null;
      }
      return same;
    }

    /** What goes to the screen of the chunk last read, when it is not the chunk itself. */
    byte[] output() {
      return end();
    }

    byte[] finish() {
      begin();
      scanner.finish();
      return end();
    }

    private void begin() {
      out.reset();
      slice = null;
      spilled = false;
    }

    private byte[] end() {
      byte[] only = slice;
      slice = null;
      return spilled || only == null ? out.toByteArray() : java.util.Arrays.copyOfRange(only, sliceOffset, sliceOffset + sliceLength);
    }

    /** A second piece of output in the chunk: from now on it is gathered in {@link #out}. */
    private void spill() {
      if (!spilled) {
        spilled = true;
        if (slice != null) {
          out.write(slice, sliceOffset, sliceLength);
          slice = null;
        }
      }
    }

    @Override
    public void text(byte[] bytes, int offset, int length) {
      if (!spilled && slice == null && bytes == input) {
        slice = bytes;
        sliceOffset = offset;
        sliceLength = length;
        return;
      }
      spill();
      out.write(bytes, offset, length);
    }

    @Override
    public void clearScrollback() {
      spill();
      out.writeBytes(ERASE_SAVED_LINES);
    }

    @Override
    public void custom(String identity, String payload) {}

    @Override
    public void setUserVar(String name, String base64Value) {}

    @Override
    public void malformed(String reason) {}
  }

  /**
   * Whether a stream stopped between sequences and characters: a small state machine over ESC
   * sequences (two-character, CSI, and strings ended by BEL or ST) and UTF-8.
   */
  static final class Boundary {
    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int CSI = 2;
    private static final int STRING = 3;
    private static final int STRING_ESCAPE = 4;
    private int state = GROUND;
    private int continuation;

    void feed(byte[] bytes) {
      feed(bytes, bytes.length);
    }

    /** Reads the first {@code n} bytes of {@code bytes}. */
    void feed(byte[] bytes, int n) {
      for (int i = 0; i < n; i++) {
        if (state == GROUND) {
          // the fast path (every byte of output passes here): text matters only where it ends
          int esc = ControlSequenceScanner.indexOfEsc(bytes, i, n);
          if (esc == n) {
            // a character left unfinished started within its last four bytes (a lead byte sets
            // the count whatever came before; four continuation bytes end any)
            int from = Math.max(i, n - 4);
            if (from > i) {
              continuation = 0;
            }
            for (int k = from; k < n; k++) {
              character(bytes[k] & 0xFF);
            }
            return;
          }
          continuation = 0;
          state = ESCAPE;
          i = esc;
          continue;
        }
        int c = bytes[i] & 0xFF;
        switch (state) {
          case ESCAPE -> state = c == '[' ? CSI : c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_' ? STRING
              : c >= 0x20 && c < 0x30 ? ESCAPE : GROUND; // intermediates (ESC ( B) go on
          case CSI -> {
            if (c >= 0x40 && c <= 0x7e) {
              state = GROUND;
            }
          }
          case STRING -> state = c == 0x07 ? GROUND : c == 0x1b ? STRING_ESCAPE : STRING;
          case STRING_ESCAPE -> state = c == '\\' ? GROUND : c == 0x1b ? STRING_ESCAPE : STRING;
          default -> throw new AssertionError(state);
        }
      }
    }

    private void character(int c) {
      if (continuation > 0 && (c & 0xC0) == 0x80) {
        continuation--;
      } else {
        continuation = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
      }
    }

    boolean atBoundary() {
      return state == GROUND && continuation == 0;
    }
  }
}
