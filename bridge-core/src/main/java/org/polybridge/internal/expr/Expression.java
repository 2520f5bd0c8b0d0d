package org.polybridge.internal.expr;

/**
 * A parsed invocation, as produced by {@link InvocationParser#parse(String)}.
 *
 * <p>Nodes are immutable records; {@code equals} compares columns too. {@link #source()} renders
 * the canonical text of a node (single spaces around binary operators, minimal parentheses), which
 * parses back to an equal tree apart from columns.
 */
public sealed interface Expression
    permits Sequence,
        Call,
        Path,
        Subscript,
        Literal,
        ArrayLiteral,
        InterpolatedString,
        Unary,
        Binary,
        Conditional {

  /** The 1-based column of the input where this node's text starts. */
  int column();

  /** The canonical source text of this node. */
  String source();
}
