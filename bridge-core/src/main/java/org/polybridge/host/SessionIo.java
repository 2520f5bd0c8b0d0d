package org.polybridge.host;

/**
 * What a host does for one of its sessions when a script asks. Implemented by the host; the
 * bridge calls it from any thread and never waits on it, so implementations hand the work on
 * (write to a pty, post to a UI thread) rather than block.
 *
 * <pre>{@code
 * SessionIo io = new SessionIo() {
 *   @Override public void display(byte[] bytes) { terminal.write(bytes); }   // injected output, as if the program wrote it
 *   @Override public void type(String text) { pty.write(text); }             // typed text, as if the user typed it
 *   @Override public void close() { pty.close(); }
 * };
 * Session session = bridge.app().newWindow().newTab().newSession(io);
 * }</pre>
 */
public interface SessionIo {
  /** Shows bytes as if the session's program had written them ({@code Inject}). */
  void display(byte[] bytes);

  /** Types text into the session's program as if the user had typed it ({@code SendText}). */
  void type(String text);

  /** Ends the session's program; the host then calls {@link Session#terminate()}. */
  void close();

  /**
   * The session's text as the host keeps it (scrollback, then screen), one string per line,
   * oldest first, for {@code GetBuffer}. Hosts that keep no text return no lines (the default).
   */
  default java.util.List<String> lines() {
    return java.util.List.of();
  }

  /**
   * Forgets the session's scrollback (iTerm2's {@code OSC 1337 ; ClearScrollback}, which a program
   * printed or a script injected): {@code GetBuffer} then has only what comes after. Hosts that
   * keep no text do nothing (the default).
   */
  default void clearScrollback() {}

  /**
   * Gives the session's program a terminal of this size (a pty's window size), as the model shares
   * a tab's cells among its split panes. Returns whether it did: the session's {@code columns} and
   * {@code rows} then change; a host whose terminal has a size of its own (a person's window)
   * returns {@code false} (the default) and keeps reporting that size.
   */
  default boolean resize(int columns, int rows) {
    return false;
  }

  /** The terminal's size in cells, for {@code ListSessions}; 80×24 unless the host knows better. */
  default int columns() {
    return 80;
  }

  default int rows() {
    return 24;
  }
}
