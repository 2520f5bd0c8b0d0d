/**
 * Evaluating invocations: the evaluator of parsed expressions ({@code internal.expr} parses them),
 * its operators and built-in functions ({@code iterm2.*}), and what the host itself invokes:
 * status-bar components, title providers and triggers.
 */
package org.polybridge.internal.invocation;
