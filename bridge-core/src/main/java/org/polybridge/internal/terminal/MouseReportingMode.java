package org.polybridge.internal.terminal;

import java.util.function.LongConsumer;

/**
 * The mouse reporting a program asked its terminal for, read from its output as iTerm2 reads it
 * (sources/VT100/VT100Terminal.m): {@code CSI ? 1000 h} makes it 0 (clicks), {@code CSI ? 1002 h}
 * 2 (clicks and drags), {@code CSI ? 1003 h} 3 (all motion); {@code CSI ? 1000|1002|1003 l} and a
 * full reset ({@code ESC c}) make it -1 (none). As in iTerm2, X10's {@code ?9} and the highlight
 * tracking of {@code ?1001} change nothing; several modes in one sequence apply in order.
 *
 * <pre>{@code
 * MouseReportingMode mode = new MouseReportingMode(m -> variables.set("mouseReportingMode", m));
 * mode.printed(bytes, 0, n); // the output, in any chunks
 * }</pre>
 *
 * <p>Other bytes and sequences pass unnoticed; the state across chunks is a few fields, whatever
 * the input (a parameter grows no longer than its digits can matter). One instance per output
 * stream; not thread-safe.
 */
public final class MouseReportingMode {
  /** iTerm2's {@code MOUSE_REPORTING_NONE}. */
  public static final long NONE = -1;

  private enum State { TEXT, ESCAPE, CSI, PRIVATE, OTHER_CSI }

  /** A parameter's value beyond any mode's: what it is no longer matters. */
  private static final int TOO_LARGE = 100_000;

  private final LongConsumer changed;
  private long mode = NONE;
  private State state = State.TEXT;
  private int parameter;
  /** The modes of the sequence read so far, applied when its final byte says set or reset. */
  private final int[] parameters = new int[16];
  private int count;

  /** {@code changed} hears each new mode, on the thread that feeds the output. */
  public MouseReportingMode(LongConsumer changed) {
    this.changed = changed;
  }

  /** The mode now: {@link #NONE} until a program asks for one. */
  public long mode() {
    return mode;
  }

  /** Reads {@code length} bytes of output from {@code offset}. */
  public void printed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (state == State.TEXT) {
        // the fast path: text up to the next ESC says nothing (every byte of output passes here)
        i = ControlSequenceScanner.indexOfEsc(bytes, i, end);
        if (i == end) {
          return;
        }
      }
      byte b = bytes[i];
      switch (state) {
        case TEXT -> state = State.ESCAPE; // b is ESC
        case ESCAPE -> {
          if (b == '[') {
            state = State.CSI;
          } else if (b == 'c') {
            state = State.TEXT;
            set(NONE);
          } else {
            state = b == 0x1b ? State.ESCAPE : State.TEXT;
          }
        }
        case CSI -> {
          if (b == '?') {
            state = State.PRIVATE;
            parameter = 0;
            count = 0;
          } else {
            state = State.OTHER_CSI;
            other(b);
          }
        }
        case PRIVATE -> privateMode(b);
        case OTHER_CSI -> other(b);
      }
    }
  }

  private void privateMode(byte b) {
    if (b >= '0' && b <= '9') {
      parameter = Math.min(TOO_LARGE, parameter * 10 + (b - '0'));
    } else if (b == ';') {
      keep();
    } else if (b == 'h' || b == 'l') {
      keep();
      for (int i = 0; i < count; i++) {
        switch (parameters[i]) {
          case 1000, 1002, 1003 -> set(b == 'h' ? parameters[i] - 1000 : NONE);
          default -> { } // not a mouse mode, or one iTerm2 leaves alone (9, 1001)
        }
      }
      state = State.TEXT;
    } else if (b == 0x1b) {
      state = State.ESCAPE; // a sequence broken off: what follows starts anew
    } else if (b >= 0x40 && b <= 0x7e || b == 0x18 || b == 0x1a) {
      state = State.TEXT; // another final byte (e.g. DECRQM's "$p"... ends at 'p'), or cancelled
    }
  }

  private void keep() {
    if (count < parameters.length) {
      parameters[count++] = parameter;
    }
    parameter = 0;
  }

  /** A CSI that is not a private mode: skipped to its final byte. */
  private void other(byte b) {
    if (b == 0x1b) {
      state = State.ESCAPE;
    } else if (b >= 0x40 && b <= 0x7e || b == 0x18 || b == 0x1a) {
      state = State.TEXT;
    }
  }

  private void set(long next) {
    if (next != mode) {
      mode = next;
      changed.accept(next);
    }
  }
}
