package org.polybridge.internal.tmux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads what a tmux client in control mode ({@code tmux -CC}; {@code man tmux}, CONTROL MODE)
 * prints after its {@code ESC P 1000 p}: one line per message, {@code \n} or {@code \r\n} ended.
 *
 * <ul>
 *   <li>{@code %begin <time> <number> <flags>} … {@code %end|%error <time> <number> <flags>}: the
 *       answer to a command. Blocks with flag 1 answer the commands this client sent, in the order
 *       sent ({@link Listener#reply}); the others (flag 0: the command that started the client)
 *       are read and dropped.
 *   <li>{@code %output %<pane> <data>} and {@code %extended-output %<pane> <age> … : <data>}: what a
 *       pane's program printed, bytes below space and {@code \} written as {@code \ooo} octal
 *       ({@link Listener#output}).
 *   <li>{@code %exit [reason]}: the client is leaving; the {@code ESC \} that follows ends control
 *       mode, and {@link #feed} says where.
 *   <li>every other {@code %} line ({@code %window-add @1}, {@code %layout-change …}, …): {@link
 *       Listener#notification}.
 * </ul>
 *
 * Chunks may split the stream anywhere. Not thread-safe: one reader feeds it.
 */
public final class ControlModeParser {
  /** The longest line kept, in bytes; longer ones are dropped with a {@link Listener#malformed} call. */
  public static final int MAX_LINE = 4 << 20;

  /** What the parser reads, in stream order. */
  public interface Listener {
    /** The answer to the oldest command still unanswered: its output lines, joined by {@code \n}. */
    void reply(boolean failed, String output);

    /** Bytes pane {@code pane} (such as {@code %3}) printed, decoded. */
    void output(String pane, byte[] data);

    /** A notification: {@code name} without its {@code %} ({@code window-add}), then its arguments. */
    void notification(String name, String arguments);

    /** {@code %exit}, with the reason tmux gave (empty when none). */
    void exit(String reason);

    /** A line that is none of the above, or too long; dropped. */
    void malformed(String reason);
  }

  private static final byte ESC = 0x1b;

  private final Listener listener;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overlong;
  /** Within a %begin block: its time and number, which its %end or %error repeats. */
  private String block;
  private boolean blockIsOurs;
  private final StringBuilder blockOutput = new StringBuilder();
  private boolean blockHasLine;
  private boolean exited;
  private boolean sawEsc;
  private boolean ended;

  public ControlModeParser(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /**
   * Reads {@code length} bytes from {@code offset}. Returns how many of them were control mode: all
   * of them, or fewer when control mode ended within them (after {@code %exit} and its {@code ESC
   * \}); the bytes after that are the session's plain output again.
   */
  public int feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (ended) {
        return i - offset;
      }
      byte b = bytes[i];
      if (exited) {
        afterExit(b);
        if (!ended && !sawEsc && b != '\r' && b != '\n') {
          // not the ST tmux ends with: control mode is over all the same, and this byte is plain
          ended = true;
          return i - offset;
        }
        continue;
      }
      if (b == '\n') {
        endLine();
      } else if (!overlong) {
        if (line.size() >= MAX_LINE) {
          overlong = true;
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
    return length;
  }

  /** Whether control mode has ended ({@code %exit} and its {@code ESC \} were read). */
  public boolean ended() {
    return ended;
  }

  private void afterExit(byte b) {
    if (sawEsc) {
      ended = true; // ESC \ (or a stray ESC: control mode is over either way)
    } else if (b == ESC) {
      sawEsc = true;
    }
  }

  private void endLine() {
    if (overlong) {
      overlong = false;
      listener.malformed("a control-mode line longer than " + MAX_LINE + " bytes; dropped");
      return;
    }
    byte[] raw = line.toByteArray();
    line.reset();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    if (block != null) {
      inBlock(new String(raw, 0, length, StandardCharsets.UTF_8));
    } else if (startsWith(raw, length, "%output ")) {
      output(raw, "%output ".length(), length);
    } else if (startsWith(raw, length, "%extended-output ")) {
      extendedOutput(raw, length);
    } else {
      message(new String(raw, 0, length, StandardCharsets.UTF_8));
    }
  }

  private void inBlock(String text) {
    if (text.startsWith("%end " + block) || text.startsWith("%error " + block)) {
      boolean failed = text.startsWith("%error");
      String output = blockOutput.toString();
      boolean ours = blockIsOurs;
      block = null;
      blockOutput.setLength(0);
      if (ours) {
        listener.reply(failed, output);
      }
      return;
    }
    if (blockHasLine) {
      blockOutput.append('\n');
    }
    blockHasLine = true;
    blockOutput.append(text);
  }

  private void message(String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!text.startsWith("%")) {
      listener.malformed("a control-mode line that is not a message (expected: %begin, %output, %exit, …); dropped");
      return;
    }
    int space = text.indexOf(' ');
    String name = space < 0 ? text.substring(1) : text.substring(1, space);
    String arguments = space < 0 ? "" : text.substring(space + 1);
    switch (name) {
      case "begin" -> begin(arguments);
      case "exit" -> {
        exited = true;
        listener.exit(arguments);
      }
      default -> listener.notification(name, arguments);
    }
  }

  /** {@code %begin <time> <number> <flags>}: flag 1 marks the answer to a command of this client. */
  private void begin(String arguments) {
    String[] parts = arguments.split(" ");
    if (parts.length < 2) {
      listener.malformed("%begin without its time and number; dropped");
      return;
    }
    block = parts[0] + " " + parts[1];
    // tmux before 1.9 sends no flags: every block then answers a command of ours
    blockIsOurs = parts.length < 3 || (parseOr(parts[2], 1) & 1) != 0;
    blockOutput.setLength(0);
    blockHasLine = false;
  }

  private static int parseOr(String text, int otherwise) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  private void output(byte[] raw, int from, int length) {
    int space = indexOf(raw, from, length, (byte) ' ');
    String pane = new String(raw, from, (space < 0 ? length : space) - from, StandardCharsets.US_ASCII);
    listener.output(pane, space < 0 ? new byte[0] : unescape(raw, space + 1, length));
  }

  /** {@code %extended-output %<pane> <age> [more…] : <data>}. */
  private void extendedOutput(byte[] raw, int length) {
    int from = "%extended-output ".length();
    int colon = -1;
    for (int i = from; i + 1 < length; i++) {
      if (raw[i] == ' ' && raw[i + 1] == ':' && (i + 2 == length || raw[i + 2] == ' ')) {
        colon = i;
        break;
      }
    }
    int space = indexOf(raw, from, length, (byte) ' ');
    if (colon < 0 || space < 0) {
      listener.malformed("%extended-output without its ' : ' before the data; dropped");
      return;
    }
    String pane = new String(raw, from, space - from, StandardCharsets.US_ASCII);
    int data = Math.min(colon + 3, length);
    listener.output(pane, unescape(raw, data, length));
  }

  private static int indexOf(byte[] raw, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (raw[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Undoes tmux's {@code \ooo} escapes; a backslash not followed by three octal digits stays. */
  static byte[] unescape(byte[] raw, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      if (raw[i] == '\\' && octal(raw, i + 1, to)) {
        out.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
        i += 3;
      } else {
        out.write(raw[i]);
      }
    }
    return out.toByteArray();
  }

  private static boolean octal(byte[] raw, int at, int to) {
    if (at + 3 > to) {
      return false;
    }
    for (int i = at; i < at + 3; i++) {
      if (raw[i] < '0' || raw[i] > '7') {
        return false;
      }
    }
    return raw[at] <= '3';
  }

  private static boolean startsWith(byte[] raw, int length, String prefix) {
    if (length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (raw[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
