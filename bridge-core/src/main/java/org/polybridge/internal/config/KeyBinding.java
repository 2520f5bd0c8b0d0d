package org.polybridge.internal.config;

import org.polybridge.internal.terminal.KeyStroke;

/**
 * A key that evaluates an invocation in the session it was pressed in, for sessions of {@code
 * profile} ({@code null}: every profile).
 */
public record KeyBinding(KeyStroke key, String invocation, String profile, Origin origin) {}
