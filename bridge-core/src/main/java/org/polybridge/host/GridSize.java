package org.polybridge.host;

/**
 * A session's size in character cells, as iTerm2's {@code grid_size}: {@code columns} wide and
 * {@code rows} high.
 *
 * <pre>{@code
 * tab.resizePanes(Map.of(left, new GridSize(50, 24), right, new GridSize(30, 24)));
 * }</pre>
 */
public record GridSize(int columns, int rows) {
  public GridSize {
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException("grid size " + columns + "x" + rows + " (expected: at least 1x1)");
    }
  }

  @Override
  public String toString() {
    return columns + "x" + rows;
  }
}
