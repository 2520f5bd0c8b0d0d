package org.polybridge.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node of a tab's split tree, as iTerm2 keeps it: its {@code children} (sessions and splitters)
 * in order, side by side when {@code vertical} (the dividers between them are vertical), else one
 * above the other. Immutable: the model replaces a tab's tree as a whole.
 *
 * <pre>{@code
 * // left | right, the right one split top / bottom
 * Splitter root = new Splitter(true, List.of(left, new Splitter(false, List.of(top, bottom))));
 * app.applyLayout(Map.of(tab, root), List.of());
 * }</pre>
 *
 * <p>In a tab's tree every splitter but the root has two children or more and the other
 * orientation than its parent's; the root has one child only when that child is a session.
 */
public record Splitter(boolean vertical, List<Pane> children) implements Pane {
  public Splitter {
    children = List.copyOf(Objects.requireNonNull(children, "children == null"));
  }

  /** Every session of this splitter and the splitters under it, in order (left to right, top to bottom). */
  public List<Session> sessions() {
    List<Session> all = new ArrayList<>();
    collect(this, all);
    return all;
  }

  /** The cells this splitter's panes take together, as their sizes ({@link Session#gridSize()}) say. */
  public GridSize size() {
    return SplitTree.extent(this, Session::gridSize);
  }

  private static void collect(Splitter splitter, List<Session> into) {
    for (Pane child : splitter.children) {
      switch (child) {
        case Session s -> into.add(s);
        case Splitter sub -> collect(sub, into);
      }
    }
  }

  @Override
  public String toString() {
    return (vertical ? "|" : "-") + children.stream().map(c -> c instanceof Session s ? s.id() : c.toString()).toList();
  }
}
