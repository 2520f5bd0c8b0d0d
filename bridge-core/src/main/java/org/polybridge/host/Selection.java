package org.polybridge.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is selected in a session, as iTerm2 describes it: runs of cells ({@link Part}), each a
 * half-open range of coordinates, optionally clipped to a band of columns. Coordinates count lines
 * from the oldest the session keeps (as {@code GetBuffer} numbers them) and cells from 0.
 *
 * <pre>{@code
 * Selection firstTwoLines = new Selection(List.of(new Selection.Part(0, 0, 2, 0, 0, 0, Selection.Mode.CHARACTER, false)));
 * session.select(firstTwoLines);
 * String text = firstTwoLines.text(session.io().lines());
 * }</pre>
 *
 * <p>A headless host draws no selection and extends none: a selection is what a script set, kept
 * and read back, with its text taken from the session's lines.
 */
public record Selection(List<Part> parts) {
  /** A part's piece of one line, and whether the part takes the line's end (its newline) too. */
  public record Line(String text, boolean newline) {}

  /** Nothing selected. */
  public static final Selection NONE = new Selection(List.of());

  /** How a selection grows when a person extends it (iTerm2's {@code SelectionMode}); kept and reported. */
  public enum Mode { CHARACTER, WORD, LINE, SMART, BOX, WHOLE_LINE }

  /**
   * One contiguous run: from ({@code startX}, {@code startY}) up to, not including, ({@code
   * endX}, {@code endY}); with {@code windowWidth > 0}, only the columns {@code windowLeft} to
   * {@code windowLeft + windowWidth} of each line. {@code connected}: no newline between it and
   * the next part.
   */
  public record Part(int startX, long startY, int endX, long endY, int windowLeft, int windowWidth, Mode mode,
      boolean connected) {
    public Part {
      Objects.requireNonNull(mode, "mode == null");
    }

    /**
     * The part's text in {@code lines}: its lines joined by newlines, one after its last line when
     * the part runs past that line's end.
     */
    public String text(List<String> lines) {
      StringBuilder text = new StringBuilder();
      for (Line line : lines(lines)) {
        text.append(line.text()).append(line.newline() ? "\n" : "");
      }
      return text.toString();
    }

    /** The part's piece of each line of {@code lines} it covers, and whether it takes the line's end. */
    public List<Line> lines(List<String> lines) {
      List<Line> pieces = new ArrayList<>();
      for (long y = startY; y <= endY && y < lines.size(); y++) {
        if (y == endY && endX == 0 && y > startY) {
          break; // ends where this line starts: the previous line's newline was the last selected
        }
        String line = lines.get((int) y);
        int length = line.codePointCount(0, line.length());
        int from = y == startY ? startX : 0;
        int to = y == endY ? endX : Integer.MAX_VALUE;
        if (windowWidth > 0) {
          from = Math.max(from, windowLeft);
          to = (int) Math.min(to, (long) windowLeft + windowWidth);
        }
        from = Math.min(from, length);
        pieces.add(new Line(slice(line, from, Math.max(from, Math.min(to, length))), y < endY || to > length));
      }
      return pieces;
    }

    private static String slice(String line, int fromCell, int toCell) {
      return line.substring(line.offsetByCodePoints(0, fromCell), line.offsetByCodePoints(0, toCell));
    }
  }

  public Selection {
    parts = List.copyOf(parts);
  }

  /**
   * The selected text in {@code lines}: each part's, a newline between parts that are not
   * connected (unless the earlier one ends with one already), as iTerm2's library joins them.
   */
  public String text(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      text.append(part.text(lines));
      boolean last = i == parts.size() - 1;
      if (!last && !part.connected() && (text.isEmpty() || text.charAt(text.length() - 1) != '\n')) {
        text.append('\n');
      }
    }
    return text.toString();
  }
}
