package org.polybridge.internal.tmux;

/** tmux answered a command with {@code %error}, or the connection ended before it answered. */
public final class TmuxCommandException extends RuntimeException {
  private final String command;

  public TmuxCommandException(String command, String reason) {
    super("tmux command \"" + command + "\" failed: " + reason);
    this.command = command;
  }

  /** The command as it was sent. */
  public String command() {
    return command;
  }
}
