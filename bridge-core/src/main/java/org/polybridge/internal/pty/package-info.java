/**
 * The terminal extension ({@code pty.polybridge.org}): a terminal in another process attached as a
 * session ({@link org.polybridge.internal.pty.AttachedTerminal}); the transport carries its frames.
 */
package org.polybridge.internal.pty;
