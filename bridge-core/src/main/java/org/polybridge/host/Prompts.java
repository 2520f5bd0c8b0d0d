package org.polybridge.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A session's shell prompts, as its shell's integration marks them ({@code OSC 133 ; A/B/C/D}, the
 * FinalTerm marks iTerm2 reads; docs/SHELL-INTEGRATION.md has a bash and zsh snippet that sends
 * them): each prompt's id, its state (editing, running, finished), the command typed at it (the
 * text the terminal echoed between {@code B} and {@code C}), the shell's working directory when it
 * showed ({@code path}), the command's exit status, and the lines of the session's kept output
 * ({@link SessionIo#lines} numbering) where the prompt, the command and its output begin.
 *
 * <pre>{@code
 * session.prompts().last().ifPresent(p -> System.out.println(p.command() + " -> " + p.exitStatus()));
 * }</pre>
 *
 * <p>Thread-safe. The {@value #KEPT} most recent prompts are kept.
 */
public final class Prompts {
  /** How many prompts a session keeps. */
  public static final int KEPT = 1000;

  /** One prompt, as of now; a new value each time its state changes. */
  public record Prompt(String id, State state, String command, String workingDirectory, Integer exitStatus,
      int promptLine, int commandLine, int outputLine, int endLine) {}

  /** As iTerm2 names a prompt's states. */
  public enum State { EDITING, RUNNING, FINISHED }

  /** What changed: as iTerm2's prompt monitor modes. */
  public enum Event { PROMPT, COMMAND_START, COMMAND_END }

  private final List<Prompt> prompts = new ArrayList<>();
  private final StringBuilder typed = new StringBuilder();
  private boolean collecting;

  Prompts() {}

  /** The newest prompt, if the shell marked any. */
  public synchronized Optional<Prompt> last() {
    return prompts.isEmpty() ? Optional.empty() : Optional.of(prompts.getLast());
  }

  /** The prompt of this id, if it is still kept. */
  public synchronized Optional<Prompt> byId(String id) {
    return prompts.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Every kept prompt, oldest first. */
  public synchronized List<Prompt> all() {
    return List.copyOf(prompts);
  }

  /**
   * Applies a mark; returns the event it makes (empty: none, e.g. {@code C} without a prompt).
   * {@code line} is the line of the session's output the mark is on, {@code path} the working directory.
   */
  synchronized Optional<Change> mark(char mark, String arguments, int line, String path) {
    Prompt last = prompts.isEmpty() ? null : prompts.getLast();
    switch (mark) {
      case 'A' -> {
        if (last != null && last.state() == State.RUNNING) {
          replaceLast(new Prompt(last.id(), State.FINISHED, last.command(), last.workingDirectory(), last.exitStatus(),
              last.promptLine(), last.commandLine(), last.outputLine(), line));
        }
        prompts.add(new Prompt(UUID.randomUUID().toString(), State.EDITING, null, path, null, line, line, line, line));
        if (prompts.size() > KEPT) {
          prompts.removeFirst();
        }
        collecting = false;
        return Optional.of(new Change(Event.PROMPT, prompts.getLast()));
      }
      case 'B' -> {
        if (last == null || last.state() != State.EDITING) {
          return Optional.empty();
        }
        typed.setLength(0);
        collecting = true;
        replaceLast(new Prompt(last.id(), State.EDITING, null, last.workingDirectory(), null, last.promptLine(), line, line, line));
        return Optional.empty();
      }
      case 'C' -> {
        if (last == null || last.state() != State.EDITING) {
          return Optional.empty();
        }
        collecting = false;
        String command = commandLine(typed);
        typed.setLength(0);
        Prompt running = new Prompt(last.id(), State.RUNNING, command, last.workingDirectory(), null, last.promptLine(),
            last.commandLine(), line, line);
        replaceLast(running);
        return Optional.of(new Change(Event.COMMAND_START, running));
      }
      case 'D' -> {
        if (last == null || last.state() == State.FINISHED) {
          return Optional.empty();
        }
        collecting = false;
        Integer status = exitStatus(arguments);
        Prompt ended = new Prompt(last.id(), State.FINISHED, last.state() == State.EDITING ? commandLine(typed) : last.command(),
            last.workingDirectory(), status == null ? 0 : status, last.promptLine(), last.commandLine(),
            last.state() == State.EDITING ? line : last.outputLine(), line);
        replaceLast(ended);
        // a D right after a prompt with nothing run (an empty line, Ctrl-C) ends no command
        return last.state() == State.RUNNING ? Optional.of(new Change(Event.COMMAND_END, ended)) : Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** What the terminal echoed while the command line was edited (between {@code B} and {@code C}). */
  synchronized void printed(byte[] bytes, int offset, int length) {
    if (collecting && typed.length() < 64 * 1024) {
      typed.append(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private void replaceLast(Prompt p) {
    prompts.set(prompts.size() - 1, p);
  }

  private static Integer exitStatus(String arguments) {
    String first = arguments.split(";", 2)[0];
    try {
      return first.isEmpty() ? null : Integer.valueOf(first.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The command as the user sees it on the line: the echo with control sequences taken out,
   * backspaces applied, and only the last line's text (the echo of Enter ends it).
   */
  static String commandLine(CharSequence echo) {
    StringBuilder line = new StringBuilder();
    StringBuilder done = new StringBuilder();
    int i = 0;
    int n = echo.length();
    while (i < n) {
      char c = echo.charAt(i);
      if (c == 0x1b && i + 1 < n) {
        char next = echo.charAt(i + 1);
        i += 2;
        if (next == '[') {
          while (i < n && (echo.charAt(i) < 0x40 || echo.charAt(i) > 0x7e)) {
            i++;
          }
          i++;
        } else if (next == ']') {
          while (i < n && echo.charAt(i) != 0x07 && !(echo.charAt(i) == 0x1b && i + 1 < n && echo.charAt(i + 1) == '\\')) {
            i++;
          }
          i += i < n && echo.charAt(i) == 0x07 ? 1 : 2;
        }
        continue;
      }
      if (c == '\b' || c == 0x7f) {
        if (line.length() > 0) {
          line.setLength(line.length() - 1);
        }
      } else if (c == '\n') {
        if (!line.toString().isBlank()) {
          done.setLength(0);
          done.append(line);
        }
        line.setLength(0);
      } else if (c == '\r') {
        // carriage return: the echo goes on at the line's start (readline redraws from there)
        if (!line.toString().isBlank()) {
          done.setLength(0);
          done.append(line);
        }
        line.setLength(0);
      } else if (c >= ' ') {
        line.append(c);
      }
      i++;
    }
    String text = line.toString().isBlank() ? done.toString() : line.toString();
    return text.strip();
  }

  /** An event and the prompt as it is after it. */
  public record Change(Event event, Prompt prompt) {}
}
