package org.polybridge.transport;

import java.util.concurrent.CompletableFuture;

/**
 * A terminal attached to a host as a session, over polybridge's {@code pty.polybridge.org}
 * extension of the wire (docs/PROTOCOL.md): what {@code polybridge pty} uses. The client runs a
 * program in its own terminal and tells the host what the program writes; the host makes a session
 * of it (a new window), so custom control sequences in the output reach scripts, and passes on
 * what scripts do to the session: injected bytes to show, text to type, a request to close.
 *
 * <pre>{@code
 * TerminalLink link = Connections.attachTerminal(address, credentials, "my-terminal", listener).join();
 * String sessionId = link.hello("sh", 80, 24, "/home/me").join();
 * // or: choose the id, and start the program before the answer
 * String id = TerminalLink.newSessionId();
 * link.hello("sh", 80, 24, "/home/me", null, id);
 * link.output(bytes, 0, n);   // what the program wrote, as it writes it
 * link.exit(0);               // the program ended: so does the session
 * link.close();
 * }</pre>
 *
 * <p>Methods may be called from any thread and do not block ({@link #close} waits a moment for
 * what is queued to go out). Listener methods run on the connection's reader thread: hand slow
 * work on.
 */
public interface TerminalLink extends AutoCloseable {
  /** What the host asks of the terminal. */
  interface Listener {
    /** Show these bytes in the terminal, as if the program had written them (a script's {@code Inject}). */
    void display(byte[] bytes);

    /** Type this text into the program, as if the user had ({@code SendText}). */
    void type(String text);

    /** End the program ({@code Close}, or the session ended in the host); then say {@link #exit}. */
    void close();

    /**
     * The keys bound in this session now (names such as {@code ctrl+alt+c}, docs/CONFIG.md): when
     * one is pressed, say {@link #key} instead of passing it to the program. Sent after the
     * session opens and whenever the bindings change; none until then.
     */
    default void keys(java.util.List<String> names) {}

    /** Something the user should see for a moment (a key binding's invocation failed). */
    default void status(String text) {}

    /**
     * The session's status bar: the texts of the status-bar components scripts registered, to keep
     * on the terminal's bottom row; empty when there is none (any more).
     */
    default void statusBar(String text) {}

    /**
     * Which typed keys to report ({@link TerminalLink#keystroke}; {@code monitor}) and which to
     * withhold from the program ({@code filters}: KeystrokePatterns by their wire fields).
     */
    default void keystrokes(boolean monitor, java.util.List<java.util.Map<?, ?>> filters) {}
  }

  /**
   * Opens the session: the command line shown for it, the terminal's size and the program's
   * folder ({@code null}: not known). Completes with the new session's id. Call it first, once.
   */
  CompletableFuture<String> hello(String command, int columns, int rows, String cwd);

  /**
   * As {@link #hello(String, int, int, String)}, for a session of the profile {@code profile}
   * ({@code null}: none), whose key bindings and triggers then apply (docs/CONFIG.md).
   */
  CompletableFuture<String> hello(String command, int columns, int rows, String cwd, String profile);

  /**
   * As {@link #hello(String, int, int, String, String)}, for a session whose id is {@code session}
   * ({@code null}: the host chooses), an upper-case UUID the caller made: its program can be told
   * the id and started at once, while the host opens the session. The answer is the id the host
   * used; a host that does not know this field (older than it) answers one of its own. A host
   * that refuses the id (not a UUID, or a live session's) closes the connection.
   */
  CompletableFuture<String> hello(String command, int columns, int rows, String cwd, String profile, String session);

  /** A new session id for {@link #hello(String, int, int, String, String, String)}: an upper-case random UUID. */
  static String newSessionId() {
    return SessionIds.random();
  }

  /** Output of the program, in order. */
  void output(byte[] bytes, int offset, int length);

  /** The terminal's size changed. */
  void resize(int columns, int rows);

  /** Another job is in the terminal's foreground ({@code vim}, the shell again): the session's {@code jobName}. */
  void job(String name);

  /** A bound key was pressed (one of {@link Listener#keys}): the host evaluates its invocation in the session. */
  void key(String name);

  /** A key the user typed (a KeystrokeNotification's fields), while keystrokes are monitored. */
  default void keystroke(java.util.Map<String, Object> key) {}

  /** The program exited with {@code status}: the session ends. */
  void exit(int status);

  /** Completes when the connection has ended, from either side. */
  CompletableFuture<Void> closeFuture();

  /**
   * Closes the connection once what is queued has gone out (waiting at most a second); the
   * session, if still open, ends. Idempotent.
   */
  @Override
  void close();
}
