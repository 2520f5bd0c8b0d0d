package org.polybridge.internal.terminal;

import java.util.ArrayList;
import java.util.List;

/**
 * Terminal output as the lines a person would read, without a screen model: escape sequences
 * (colours, titles, cursor keys) are dropped, and a carriage return or backspace moves back within
 * the line so that what is written next overwrites (a progress bar shows its last state). Cursor
 * movement between lines is not followed: full-screen programs come out garbled, as from {@code
 * script(1)} piped through {@code col -b}.
 */
public final class PlainText {
  private static final char ESC = 0x1B;
  private static final char BEL = 0x07;
  private static final int TAB_STOP = 8;

  private PlainText() {}

  /** The lines of {@code text} ({@code \n} ends one); a last line without its newline is included. */
  public static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int column = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> {
          lines.add(line.toString());
          line.setLength(0);
          column = 0;
        }
        case '\r' -> column = 0;
        case '\b' -> column = Math.max(0, column - 1);
        case '\t' -> {
          int next = (column / TAB_STOP + 1) * TAB_STOP;
          while (column < next) {
            column = put(line, column, ' ');
          }
        }
        case ESC -> i = endOfEscape(text, i);
        default -> {
          if (c >= ' ' && c != 0x7F) {
            column = put(line, column, c);
          }
        }
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static int put(StringBuilder line, int column, char c) {
    if (column < line.length()) {
      line.setCharAt(column, c);
    } else {
      line.append(c);
    }
    return column + 1;
  }

  /** The index of the last character of the escape sequence that starts at {@code esc}. */
  private static int endOfEscape(String text, int esc) {
    int i = esc + 1;
    if (i >= text.length()) {
      return esc;
    }
    return switch (text.charAt(i)) {
      case '[' -> { // CSI: parameters and intermediates, then a final byte in @..~
        int j = i + 1;
        while (j < text.length() && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7E)) {
          j++;
        }
        yield Math.min(j, text.length() - 1);
      }
      case ']', 'P', 'X', '^', '_' -> { // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != BEL && !(text.charAt(j) == ESC && j + 1 < text.length()
            && text.charAt(j + 1) == '\\')) {
          j++;
        }
        yield j < text.length() && text.charAt(j) == ESC ? j + 1 : Math.min(j, text.length() - 1);
      }
      default -> i; // a two-character sequence: ESC 7, ESC =, …
    };
  }
}
