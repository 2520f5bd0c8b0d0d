package org.polybridge.host;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the model does to split trees ({@link Splitter}): insert a pane as iTerm2 splits one, take
 * panes out and collapse what is left, check a tree a script gives, and share a tab's cells among
 * its panes. Pure functions: the tab installs what they return.
 */
final class SplitTree {
  /** iTerm2 refuses deeper trees in apply_layout; so does the model. */
  static final int MAX_DEPTH = 32;

  private SplitTree() {}

  /**
   * {@code root} with {@code added} beside {@code neighbour}, as iTerm2 splits a pane: in the
   * neighbour's splitter when it has the orientation asked for (or is a root of that one
   * session), else in a new splitter of that orientation that takes the neighbour's place.
   */
  static Splitter insert(Splitter root, Session neighbour, Session added, boolean vertical, boolean before) {
    Pane result = insert(root, true, neighbour, added, vertical, before);
    if (result == root) {
      throw new IllegalArgumentException("session " + neighbour.id() + " : not in this tab's split tree");
    }
    return (Splitter) result;
  }

  private static Pane insert(Pane node, boolean isRoot, Session neighbour, Session added, boolean vertical, boolean before) {
    if (!(node instanceof Splitter splitter)) {
      return node;
    }
    List<Pane> children = splitter.children();
    for (int i = 0; i < children.size(); i++) {
      Pane child = children.get(i);
      if (child == neighbour) {
        List<Pane> out = new ArrayList<>(children);
        if (splitter.vertical() == vertical || isRoot && children.size() == 1) {
          out.add(before ? i : i + 1, added);
          return new Splitter(vertical, out);
        }
        out.set(i, new Splitter(vertical, before ? List.of(added, neighbour) : List.of(neighbour, added)));
        return new Splitter(splitter.vertical(), out);
      }
      Pane replaced = insert(child, false, neighbour, added, vertical, before);
      if (replaced != child) {
        List<Pane> out = new ArrayList<>(children);
        out.set(i, replaced);
        return new Splitter(splitter.vertical(), out);
      }
    }
    return node;
  }

  /**
   * {@code root} without {@code gone}, collapsed as iTerm2 collapses a tab when a pane closes: a
   * splitter left with one child gives its place to that child, a child splitter of its parent's
   * orientation gives its children to the parent. Empty (no children) when nothing is left.
   */
  static Splitter remove(Splitter root, Set<Session> gone) {
    Pane pruned = prune(root, gone);
    if (pruned == null) {
      return new Splitter(root.vertical(), List.of());
    }
    return asRoot(pruned, root.vertical());
  }

  /** A pane as a tab's root: a splitter as it is (one child: the session it holds), a session in a root of {@code vertical}. */
  static Splitter asRoot(Pane pane, boolean vertical) {
    if (pane instanceof Splitter s) {
      return s.children().size() == 1 && s.children().getFirst() instanceof Splitter only ? asRoot(only, vertical) : s;
    }
    return new Splitter(vertical, List.of(pane));
  }

  private static Pane prune(Pane node, Set<Session> gone) {
    if (node instanceof Session s) {
      return gone.contains(s) ? null : s;
    }
    Splitter splitter = (Splitter) node;
    List<Pane> kept = new ArrayList<>();
    for (Pane child : splitter.children()) {
      Pane p = prune(child, gone);
      if (p instanceof Splitter sub && sub.vertical() == splitter.vertical()) {
        kept.addAll(sub.children());
      } else if (p != null) {
        kept.add(p);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    return kept.size() == 1 ? kept.getFirst() : new Splitter(splitter.vertical(), kept);
  }

  /**
   * What is wrong with {@code root} as a tab's tree, with the path of the node ({@code
   * root.children[1]}), or {@code null}: iTerm2's rules for apply_layout, and each session once.
   */
  static String problem(Splitter root) {
    if (root.children().isEmpty()) {
      return "root : a splitter without children (expected: at least one pane)";
    }
    if (root.children().size() == 1 && root.children().getFirst() instanceof Splitter) {
      return "root : a splitter whose one child is a splitter (expected: that splitter as the root)";
    }
    return problem(root, "root", 0, new HashSet<>());
  }

  private static String problem(Splitter splitter, String path, int depth, Set<Session> seen) {
    if (depth > MAX_DEPTH) {
      return path + " : " + depth + " splitters deep (expected: at most " + MAX_DEPTH + ")";
    }
    for (int i = 0; i < splitter.children().size(); i++) {
      String at = path + ".children[" + i + "]";
      switch (splitter.children().get(i)) {
        case Session s -> {
          if (!seen.add(s)) {
            return at + " : session " + s.id() + " appears more than once (expected: each session at most once)";
          }
        }
        case Splitter sub -> {
          if (sub.children().size() < 2) {
            return at + " : a splitter with " + sub.children().size() + " child(ren) (expected: at least 2)";
          }
          if (sub.vertical() == splitter.vertical()) {
            return at + " : a " + orientation(sub.vertical()) + " splitter inside a " + orientation(sub.vertical())
                + " one (expected: the other orientation; flatten it into its parent)";
          }
          String inner = problem(sub, at, depth + 1, seen);
          if (inner != null) {
            return inner;
          }
        }
      }
    }
    return null;
  }

  static String orientation(boolean vertical) {
    return vertical ? "vertical" : "horizontal";
  }

  /**
   * The cells a pane takes when each session has {@code size}: side by side the widths add up and
   * the tallest counts, one above the other the heights add up and the widest counts.
   */
  static GridSize extent(Pane pane, Function<Session, GridSize> size) {
    if (pane instanceof Session s) {
      return size.apply(s);
    }
    Splitter splitter = (Splitter) pane;
    int along = 0;
    int across = 0;
    for (Pane child : splitter.children()) {
      GridSize e = extent(child, size);
      along += splitter.vertical() ? e.columns() : e.rows();
      across = Math.max(across, splitter.vertical() ? e.rows() : e.columns());
    }
    if (along == 0) {
      return new GridSize(1, 1);
    }
    return splitter.vertical() ? new GridSize(along, across) : new GridSize(across, along);
  }

  /**
   * Each session's size when {@code root} fills {@code total}: every splitter shares its cells
   * among its children in proportion to what they take now ({@code weight}), as a window keeps its
   * panes' proportions when it is resized. Cells are whole; remainders go to the largest shares.
   */
  static Map<Session, GridSize> fit(Splitter root, GridSize total, Function<Session, GridSize> weight) {
    Map<Session, GridSize> out = new LinkedHashMap<>();
    fit(root, total, weight, out);
    return out;
  }

  private static void fit(Pane pane, GridSize total, Function<Session, GridSize> weight, Map<Session, GridSize> out) {
    if (pane instanceof Session s) {
      out.put(s, total);
      return;
    }
    Splitter splitter = (Splitter) pane;
    List<Pane> children = splitter.children();
    int[] weights = new int[children.size()];
    for (int i = 0; i < weights.length; i++) {
      GridSize e = extent(children.get(i), weight);
      weights[i] = splitter.vertical() ? e.columns() : e.rows();
    }
    int[] shares = share(splitter.vertical() ? total.columns() : total.rows(), weights);
    for (int i = 0; i < shares.length; i++) {
      GridSize part = splitter.vertical() ? new GridSize(shares[i], total.rows()) : new GridSize(total.columns(), shares[i]);
      fit(children.get(i), part, weight, out);
    }
  }

  /** {@code total} cells shared in proportion to {@code weights}, each share at least 1. */
  static int[] share(int total, int[] weights) {
    int n = weights.length;
    int[] shares = new int[n];
    if (total <= n) {
      java.util.Arrays.fill(shares, 1);
      return shares;
    }
    long sum = 0;
    for (int w : weights) {
      sum += Math.max(1, w);
    }
    int given = 0;
    double[] remainders = new double[n];
    for (int i = 0; i < n; i++) {
      double exact = (double) total * Math.max(1, weights[i]) / sum;
      shares[i] = Math.max(1, (int) Math.floor(exact));
      remainders[i] = exact - Math.floor(exact);
      given += shares[i];
    }
    while (given < total) {
      int best = 0;
      for (int i = 1; i < n; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      shares[best]++;
      remainders[best] = -1;
      given++;
    }
    while (given > total) { // a share raised to 1 took a cell from the others
      int largest = 0;
      for (int i = 1; i < n; i++) {
        if (shares[i] > shares[largest]) {
          largest = i;
        }
      }
      shares[largest]--;
      given--;
    }
    return shares;
  }

  /** Where each session's top left cell is, counted from the tab's, when each has {@code size}. */
  static Map<Session, int[]> origins(Splitter root, Function<Session, GridSize> size) {
    Map<Session, int[]> out = new LinkedHashMap<>();
    origins(root, 0, 0, size, out);
    return out;
  }

  private static void origins(Pane pane, int x, int y, Function<Session, GridSize> size, Map<Session, int[]> out) {
    if (pane instanceof Session s) {
      out.put(s, new int[] {x, y});
      return;
    }
    Splitter splitter = (Splitter) pane;
    for (Pane child : splitter.children()) {
      origins(child, x, y, size, out);
      GridSize e = extent(child, size);
      if (splitter.vertical()) {
        x += e.columns();
      } else {
        y += e.rows();
      }
    }
  }
}
