package org.polybridge.internal.tmux;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One session's conversation with a tmux client in control mode, as iTerm2's TmuxGateway: commands
 * go to the client's input as lines ({@link #send}), and each is answered by the next {@code
 * %begin}…{@code %end} block of its output (tmux answers in the order sent), a {@code %error} block
 * failing it with a {@link TmuxCommandException}. What is not an answer goes to the {@link Events}.
 *
 * <pre>{@code
 * TmuxGateway gateway = new TmuxGateway(line -> session.io().type(line), events);
 * gateway.feed(bytes, 0, n);                       // the session's output, after ESC P 1000 p
 * gateway.send("display-message -p '#{session_name}'").thenAccept(System.out::println);
 * }</pre>
 *
 * Thread-safe: commands may be sent from any thread while the session's reader feeds it.
 */
public final class TmuxGateway {
  private static final System.Logger LOG = System.getLogger(TmuxGateway.class.getName());

  /** What the tmux client reports besides answers; called on the thread that feeds the gateway. */
  public interface Events {
    /** Pane {@code pane} ({@code %3}) printed {@code data}. */
    default void output(String pane, byte[] data) {}

    /** A notification ({@code window-add}, {@code layout-change}, …) and its arguments. */
    default void notification(String name, String arguments) {}

    /** Control mode ended: {@code %exit} (with tmux's reason, perhaps empty) or the session's end. */
    default void ended(String reason) {}
  }

  private final Consumer<String> input;
  private final Events events;
  private final ControlModeParser parser = new ControlModeParser(new Replies());
  /** The commands sent and not yet answered, oldest first. */
  private final Deque<Pending> pending = new ArrayDeque<>();
  private boolean ended;

  private record Pending(String command, CompletableFuture<String> answer) {}

  /** A gateway writing commands, each a line ended by {@code \n}, to {@code input}. */
  public TmuxGateway(Consumer<String> input, Events events) {
    this.input = Objects.requireNonNull(input, "input == null");
    this.events = Objects.requireNonNull(events, "events == null");
  }

  /**
   * Sends one tmux command; completes with its output (lines joined by {@code \n}), or fails with
   * a {@link TmuxCommandException} when tmux answers {@code %error} or control mode ends first.
   *
   * @throws IllegalArgumentException when {@code command} is blank (an empty line detaches a
   *     control client) or holds a line break
   */
  public CompletableFuture<String> send(String command) {
    check(command);
    CompletableFuture<String> answer = new CompletableFuture<>();
    synchronized (pending) {
      if (ended) {
        answer.completeExceptionally(new TmuxCommandException(command, "the tmux connection has ended"));
        return answer;
      }
      // queued and written under one lock: the queue's order is the order tmux reads and answers in
      pending.add(new Pending(command, answer));
      input.accept(command + "\n");
    }
    return answer;
  }

  /**
   * Writes {@code text} to the client's input as it is, answered by one block like a command:
   * iTerm2 writes a lone {@code ^C} first, which a shell that only printed {@code ESC P 1000 p}
   * takes as "drop this line" and tmux as a command it does not know.
   */
  public CompletableFuture<String> sendRaw(String text) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    synchronized (pending) {
      if (ended) {
        answer.completeExceptionally(new TmuxCommandException(text, "the tmux connection has ended"));
        return answer;
      }
      pending.add(new Pending(text.strip(), answer));
      input.accept(text);
    }
    return answer;
  }

  static void check(String command) {
    Objects.requireNonNull(command, "command == null");
    if (command.isBlank()) {
      throw new IllegalArgumentException("tmux command \"" + command + "\" : blank (expected: a command; an empty line detaches tmux)");
    }
    if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("tmux command \"" + command.replace("\n", "\\n").replace("\r", "\\r")
          + "\" : holds a line break (expected: one command line; join commands with ' ; ')");
    }
  }

  /**
   * Reads the client's output. Returns how many bytes were control mode: fewer than {@code length}
   * when it ended within them ({@link #ended()}), the rest being the session's plain output again.
   */
  public int feed(byte[] bytes, int offset, int length) {
    return parser.feed(bytes, offset, length);
  }

  /** Whether the client's output is still control mode: false once {@code %exit} and its {@code ESC \} were read. */
  public boolean readingControlMode() {
    return !parser.ended();
  }

  /** Whether the connection is over ({@code %exit} read, or {@link #end}): commands fail at once. */
  public boolean ended() {
    synchronized (pending) {
      return ended;
    }
  }

  /** Control mode is over (the session ended, say): unanswered commands fail; events hear it once. */
  public void end(String reason) {
    List<Pending> unanswered;
    synchronized (pending) {
      if (ended) {
        return;
      }
      ended = true;
      unanswered = new ArrayList<>(pending);
      pending.clear();
    }
    for (Pending p : unanswered) {
      p.answer.completeExceptionally(new TmuxCommandException(p.command, "the tmux connection ended before answering (" + reason + ")"));
    }
    events.ended(reason);
  }

  private final class Replies implements ControlModeParser.Listener {
    @Override
    public void reply(boolean failed, String output) {
      Pending p;
      synchronized (pending) {
        p = pending.poll();
      }
      if (p == null) {
        LOG.log(Level.DEBUG, "tmux answered a command nobody sent; dropped");
      } else if (failed) {
        p.answer.completeExceptionally(new TmuxCommandException(p.command, output));
      } else {
        p.answer.complete(output);
      }
    }

    @Override
    public void output(String pane, byte[] data) {
      events.output(pane, data);
    }

    @Override
    public void notification(String name, String arguments) {
      events.notification(name, arguments);
    }

    @Override
    public void exit(String reason) {
      end(reason.isEmpty() ? "tmux exited" : "tmux exited: " + reason);
    }

    @Override
    public void malformed(String reason) {
      LOG.log(Level.INFO, reason);
    }
  }
}
