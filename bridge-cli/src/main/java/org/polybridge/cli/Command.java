package org.polybridge.cli;

/** One of {@code polybridge}'s commands: how it is called ({@link #spec}) and what it does ({@link #run}). */
interface Command {
  CommandSpec spec();

  /**
   * Does the command; returns the exit status. A failure is the exception, which {@link Main}
   * prints as one line on stderr, with status 1.
   */
  int run(Arguments arguments, Main main) throws Exception;
}
