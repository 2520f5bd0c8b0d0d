package org.polybridge.cli;

/** A command line that does not fit its command: {@code polybridge} says why, shows the usage, and exits with 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CommandSpec command;

  /** {@code command}: the command whose usage to show ({@code null}: polybridge's own). */
  UsageException(CommandSpec command, String message) {
    super(message);
    this.command = command;
  }

  CommandSpec command() {
    return command;
  }
}
