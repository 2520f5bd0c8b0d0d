package org.polybridge.internal.terminal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Terminal output, fed in chunks split anywhere, as the lines a person reads: {@link PlainText}'s
 * rules (escape sequences dropped, carriage return and backspace move back within the line, tabs
 * to the next stop) applied as the bytes come, so that a line is handed out as soon as its newline
 * is seen and the line still being drawn can be read at any time. UTF-8, malformed bytes as U+FFFD.
 *
 * <p>A line keeps at most {@code maxLineLength} characters: what is written past them is dropped,
 * so that output without newlines costs bounded memory. Not thread-safe.
 *
 * <pre>{@code
 * LineAssembler lines = new LineAssembler(4096, line -> System.out.println(line));
 * lines.feed(bytes, 0, n);
 * String drawing = lines.partial();
 * }</pre>
 */
public final class LineAssembler {
  private static final char ESC = 0x1B;
  private static final char BEL = 0x07;
  private static final int TAB_STOP = 8;

  private enum State { TEXT, ESCAPE, CSI, STRING, STRING_ESCAPE }

  private final int maxLineLength;
  private final Consumer<String> completed;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] pending = new byte[0];
  private final StringBuilder line = new StringBuilder();
  private final CharBuffer chars = CharBuffer.allocate(4096);
  private State state = State.TEXT;
  private int column;
  private long lineNumber;

  /** {@code completed} receives each line once its newline is seen. */
  public LineAssembler(int maxLineLength, Consumer<String> completed) {
    if (maxLineLength <= 0) {
      throw new IllegalArgumentException("maxLineLength : " + maxLineLength + " (expected: > 0)");
    }
    this.maxLineLength = maxLineLength;
    this.completed = completed;
  }

  public void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    if (pending.length == 0) {
      // ASCII, most of what programs print, needs no decoder
      while (i < end && bytes[i] >= 0) {
        apply((char) bytes[i]);
        i++;
      }
      if (i == end) {
        return;
      }
    }
    ByteBuffer in;
    if (pending.length > 0) {
      byte[] joined = new byte[pending.length + end - i];
      System.arraycopy(pending, 0, joined, 0, pending.length);
      System.arraycopy(bytes, i, joined, pending.length, end - i);
      in = ByteBuffer.wrap(joined);
    } else {
      in = ByteBuffer.wrap(bytes, i, end - i);
    }
    while (true) {
      chars.clear();
      CoderResult result = decoder.decode(in, chars, false);
      chars.flip();
      while (chars.hasRemaining()) {
        apply(chars.get());
      }
      if (result.isUnderflow()) {
        break;
      }
    }
    // what is left is the start of a character whose end is in the next chunk
    pending = new byte[in.remaining()];
    in.get(pending);
  }

  /**
   * Forgets the line being drawn and any sequence or character begun: the stream goes on from
   * here as if from its start (after a part of it was skipped). The line count goes on.
   */
  public void restart() {
    line.setLength(0);
    column = 0;
    state = State.TEXT;
    pending = new byte[0];
    decoder.reset();
  }

  /** The line being drawn: what follows the last newline. */
  public String partial() {
    return line.toString();
  }

  /** How many lines were completed. */
  public long lineNumber() {
    return lineNumber;
  }

  private void apply(char c) {
    switch (state) {
      case TEXT -> text(c);
      case ESCAPE -> state = switch (c) {
        case '[' -> State.CSI;
        case ']', 'P', 'X', '^', '_' -> State.STRING;
        default -> State.TEXT; // a two-character sequence
      };
      case CSI -> {
        if (c >= 0x40 && c <= 0x7E) {
          state = State.TEXT;
        }
      }
      case STRING -> {
        if (c == BEL) {
          state = State.TEXT;
        } else if (c == ESC) {
          state = State.STRING_ESCAPE;
        }
      }
      case STRING_ESCAPE -> state = c == '\\' ? State.TEXT : c == ESC ? State.STRING_ESCAPE : State.STRING;
      default -> throw new AssertionError(state);
    }
  }

  private void text(char c) {
    switch (c) {
      case '\n' -> {
        lineNumber++;
        String done = line.toString();
        line.setLength(0);
        column = 0;
        completed.accept(done);
      }
      case '\r' -> column = 0;
      case '\b' -> column = Math.max(0, column - 1);
      case '\t' -> {
        int next = (column / TAB_STOP + 1) * TAB_STOP;
        while (column < next) {
          put(' ');
        }
      }
      case ESC -> state = State.ESCAPE;
      default -> {
        if (c >= ' ' && c != 0x7F) {
          put(c);
        }
      }
    }
  }

  private void put(char c) {
    if (column < line.length()) {
      line.setCharAt(column, c);
    } else if (line.length() < maxLineLength) {
      line.append(c);
    }
    column++;
  }
}
