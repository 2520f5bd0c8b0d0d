package org.polybridge.internal.expr;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.polybridge.ExpressionSyntaxException;

/**
 * The trees of invocations parsed before, by their text: callers send the same few invocations
 * again and again (a key binding, a status bar component, a client in a loop), and a tree is
 * immutable, so one parse serves them all. Bounded: texts longer than {@value #MAX_TEXT} characters
 * are parsed every time, and when {@value #MAX_ENTRIES} trees are held the cache starts afresh, so
 * a caller that sends ever new texts costs a parse each, as without the cache, and no more memory.
 * Texts that do not parse are not kept: their error is made anew.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ParsedInvocations {
  static final int MAX_ENTRIES = 1024;
  static final int MAX_TEXT = 1024;

  private final ConcurrentHashMap<String, Expression> trees = new ConcurrentHashMap<>();

  /**
   * The tree of {@code source}, as {@link InvocationParser#parse} makes it.
   *
   * @throws ExpressionSyntaxException if {@code source} is not a well-formed invocation
   */
  public Expression parse(String source) {
    Objects.requireNonNull(source, "source == null");
    Expression tree = trees.get(source);
    if (tree != null) {
      return tree;
    }
    tree = InvocationParser.parse(source);
    if (source.length() <= MAX_TEXT) {
      if (trees.size() >= MAX_ENTRIES) {
        trees.clear();
      }
      trees.put(source, tree);
    }
    return tree;
  }

  /** How many trees are held, for tests. */
  int size() {
    return trees.size();
  }
}
