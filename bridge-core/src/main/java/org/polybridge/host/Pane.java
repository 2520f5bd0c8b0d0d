package org.polybridge.host;

/**
 * A place in a tab's split tree ({@link Tab#root()}): a {@link Session}, or a {@link Splitter} of
 * panes side by side or one above the other.
 *
 * <pre>{@code
 * for (Pane pane : tab.root().children()) {
 *   if (pane instanceof Session s) { ... } else if (pane instanceof Splitter sub) { ... }
 * }
 * }</pre>
 */
public sealed interface Pane permits Session, Splitter {}
