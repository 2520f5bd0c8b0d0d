package org.polybridge.internal.terminal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Finds polybridge's own control sequences in a session's output and passes every other byte through.
 *
 * <h2>What it consumes</h2>
 *
 * Two OSC 1337 sequences, ended by BEL ({@code 0x07}) or ST ({@code ESC \}):
 *
 * <ul>
 *   <li>{@code ESC ] 1337 ; Custom=id=<identity>:<payload>}, split at the first {@code '='} (the key
 *       must be {@code id}) and then at the first {@code ':'}, so the payload may contain {@code ':'}
 *       and {@code '='}; reported as {@link Listener#custom}.
 *   <li>{@code ESC ] 1337 ; SetUserVar=<name>=<base64 value>}, split at the first {@code '='}; an
 *       empty value unsets the variable; reported as {@link Listener#setUserVar}.
 * </ul>
 *
 * A scanner {@linkplain #forSession for a session} also consumes {@code OSC 1337 ; CurrentDir=<path>}
 * and {@code OSC 7 ; file://<host><path>}, reported as {@link Listener#workingDirectory}, and
 * {@code OSC 1337 ; RemoteHost=<user>@<host>}, reported as {@link Listener#remoteHost}, {@code OSC
 * 1337 ; ClearScrollback} ({@link Listener#clearScrollback}), {@code OSC 1337 ; SetProfile=<name>}
 * ({@link Listener#profile}) the shell-integration marks {@code OSC 133 ; A|B|C|D} ({@link
 * Listener#shellMark}) and xterm's titles {@code OSC 0/1/2} ({@link Listener#title}), and {@code
 * tmux -CC}'s {@code ESC P 1000 p} ({@link Listener#controlModeStarted}): there {@link #feed} stops,
 * since what follows is tmux's control mode, for another reader.
 *
 * Their bodies are UTF-8. Every other byte, including other OSC 1337 commands such as {@code SetMark},
 * other OSCs, CSI sequences and stray ESCs, goes to {@link Listener#text} untouched and in order. Bytes
 * that might start one of our sequences are held only until the next byte that rules it out.
 *
 * <h2>Failures</h2>
 *
 * A sequence of ours that cannot be delivered is dropped with exactly one {@link Listener#malformed}
 * call, never an exception: a body longer than {@code maxSequenceLength} bytes (the scanner then skips
 * to its terminator, buffering nothing), invalid UTF-8, a body that does not fit the format, an ESC that
 * is not part of ST (the ESC then starts whatever follows, perhaps a new sequence), or a CAN
 * ({@code 0x18}) or SUB ({@code 0x1A}), which cancel the sequence and are consumed with it. Reasons
 * never quote the body: it carries the shared secret.
 *
 * <h2>Chunks</h2>
 *
 * The stream may be split anywhere, down to one byte per {@link #feed} call: the events and the
 * concatenated pass-through are the same for every split. Plain text costs a scan for ESC (eight
 * bytes at a time) and one {@code text} call per run, handing out slices of the caller's array
 * without copying.
 *
 * <pre>{@code
 * ControlSequenceScanner scanner = new ControlSequenceScanner(
 *     ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, listener);
 * while ((n = in.read(buffer)) > 0) {
 *   scanner.feed(buffer, 0, n);
 * }
 * scanner.finish();
 * }</pre>
 *
 * One instance per output stream; not thread-safe, and listeners must not call back into it.
 */
public final class ControlSequenceScanner {
  /** The default bound on a sequence's body, in bytes. */
  public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 64 * 1024;

  /** Receives the scanner's output, in stream order. */
  public interface Listener {
    /**
     * Bytes that are not ours. The array may be the caller's input or the scanner's own: read the
     * slice during the call, and neither keep nor modify the array.
     */
    void text(byte[] bytes, int offset, int length);

    /** {@code OSC 1337 ; Custom=id=<identity>:<payload>}. */
    void custom(String identity, String payload);

    /** {@code OSC 1337 ; SetUserVar=<name>=<base64Value>}; an empty value unsets the variable. */
    void setUserVar(String name, String base64Value);

    /**
     * The shell's working directory, from {@code OSC 1337 ; CurrentDir=<path>} or {@code OSC 7 ;
     * file://<host><path>}; only from a scanner made by {@link #forSession}.
     */
    default void workingDirectory(String path) {}

    /**
     * The shell's user and host, from {@code OSC 1337 ; RemoteHost=<user>@<host>} (it changes over
     * {@code ssh}); only from a scanner made by {@link #forSession}.
     */
    default void remoteHost(String user, String host) {}

    /**
     * iTerm2's {@code OSC 1337 ; ClearScrollback}: forget the scrollback; only from a scanner made
     * by {@link #forSession} or {@link #forScreen}.
     */
    default void clearScrollback() {}

    /** iTerm2's {@code OSC 1337 ; SetProfile=<name>}; only from a scanner made by {@link #forSession}. */
    default void profile(String name) {}

    /**
     * A shell-integration mark {@code OSC 133 ; <mark> [; <arguments>]}: {@code A} a prompt starts,
     * {@code B} the command line, {@code C} the command runs, {@code D} it ended ({@code arguments}
     * then start with its exit status); only from a scanner made by {@link #forSession}.
     */
    default void shellMark(char mark, String arguments) {}

    /**
     * xterm's titles: {@code OSC 0} (both), {@code OSC 1} (the icon name) or {@code OSC 2} (the
     * window title); only from a scanner made by {@link #forSession}.
     */
    default void title(boolean icon, boolean window, String text) {}

    /**
     * {@code ESC P 1000 p}: {@code tmux -CC} speaks control mode from the next byte on; only from a
     * scanner made by {@link #forSession}. {@link #feed} returns right after it.
     */
    default void controlModeStarted() {}

    /** A sequence of ours was dropped; the reason says why, without its content. */
    void malformed(String reason);
  }

  private static final byte ESC = 0x1b;
  private static final byte BEL = 0x07;
  private static final byte CAN = 0x18;
  private static final byte SUB = 0x1a;
  private static final byte BACKSLASH = '\\';
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private static final int GROUND = 0;
  private static final int PREFIX = 1;
  private static final int BODY = 2;
  private static final int BODY_ESC = 3;
  private static final int SKIP = 4;
  private static final int SKIP_ESC = 5;

  /** A held prefix that began in an earlier chunk: it is in {@link #prefixes}, not the input. */
  private static final int HELD_FROM_EARLIER_CHUNK = -1;

  private final OscCommand[] commands;
  private final int maxSequenceLength;
  private final Listener listener;
  private final SequenceBuffer body;
  private final byte[][] prefixes;

  private int state = GROUND;
  /** While in PREFIX, the command the held bytes may still start; in a body, the command read. */
  private OscCommand command;
  /** How many bytes of {@code command}'s prefix are held. */
  private int matched;

  // Positions in the chunk being fed, so that text within one chunk goes out as one slice.
  private int chunkStart;
  private int runStart;
  private int prefixStart = HELD_FROM_EARLIER_CHUNK;
  /** Where a sequence that ends the scan (tmux's) ended in the chunk being fed; -1: none. */
  private int stoppedAt = -1;

  /**
   * @throws IllegalArgumentException if {@code maxSequenceLength} is not positive
   * @throws NullPointerException if {@code listener} is null
   */
  public ControlSequenceScanner(int maxSequenceLength, Listener listener) {
    this(maxSequenceLength, listener, OscCommand.ALWAYS);
  }

  /**
   * A scanner for a session's output: it also consumes where the shell says it is ({@link
   * Listener#workingDirectory}, {@link Listener#remoteHost}), which a session's variables {@code
   * path}, {@code username} and {@code hostname} follow, the other sequences of iTerm2 and xterm a
   * session reads, and the start of tmux's control mode ({@link Listener#controlModeStarted}).
   */
  public static ControlSequenceScanner forSession(int maxSequenceLength, Listener listener) {
    return new ControlSequenceScanner(maxSequenceLength, listener, EnumSet.allOf(OscCommand.class));
  }

  /**
   * A scanner for what goes to a user's terminal that is not iTerm2: it consumes only iTerm2's
   * sequences that such a terminal can do another way ({@code ClearScrollback}, reported as {@link
   * Listener#clearScrollback}, to be written as {@code CSI 3 J}), and passes everything else through.
   */
  public static ControlSequenceScanner forScreen(int maxSequenceLength, Listener listener) {
    return new ControlSequenceScanner(maxSequenceLength, listener, OscCommand.TRANSLATED);
  }

  private ControlSequenceScanner(int maxSequenceLength, Listener listener, Set<OscCommand> commands) {
    if (maxSequenceLength <= 0) {
      throw new IllegalArgumentException(
          "maxSequenceLength : " + maxSequenceLength + " (expected: > 0)");
    }
    this.maxSequenceLength = maxSequenceLength;
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.body = new SequenceBuffer(maxSequenceLength);
    this.commands = commands.toArray(OscCommand[]::new);
    this.command = this.commands[0];
    this.prefixes = new byte[OscCommand.values().length][];
    for (OscCommand c : this.commands) {
      prefixes[c.ordinal()] = c.prefix();
    }
  }

  /**
   * Scans the next {@code length} bytes of the stream. Returns how many it read: all of them, or
   * fewer when tmux's control mode started ({@link Listener#controlModeStarted}), up to the end of
   * its {@code ESC P 1000 p}; the rest is not the terminal's.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code bytes}
   */
  public int feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int end = offset + length;
    int i = offset;
    chunkStart = offset;
    runStart = offset;
    while (i < end && stoppedAt < 0) {
      i =
          switch (state) {
            case GROUND -> ground(bytes, i, end);
            case PREFIX -> prefix(bytes, i);
            case BODY -> body(bytes, i, end);
            case SKIP -> skip(bytes, i, end);
            case BODY_ESC, SKIP_ESC -> afterEscInBody(bytes, i);
            default -> throw new AssertionError(state);
          };
    }
    if (stoppedAt >= 0) {
      end = stoppedAt;
      stoppedAt = -1;
    }
    endChunk(bytes, end);
    return end - offset;
  }

  /**
   * Ends the stream: passes through bytes held because they might have started a sequence, and reports
   * a sequence of ours left unterminated. The scanner is then ready for a new stream.
   */
  public void finish() {
    switch (state) {
      case PREFIX -> listener.text(prefixes[command.ordinal()], 0, matched);
      case BODY, BODY_ESC ->
          listener.malformed(command.label() + " sequence unterminated at end of stream; dropped");
      default -> {}
    }
    state = GROUND;
  }

  /** For tests: what the body buffer holds on to. */
  int bodyCapacity() {
    return body.capacity();
  }

  private int ground(byte[] bytes, int i, int end) {
    // The fast path: plain text is one search for ESC and, at the end of the chunk, one text call.
    i = indexOfEsc(bytes, i, end);
    if (i < end) {
      startPrefix(i);
      i++;
    }
    return i;
  }

  private void startPrefix(int escAt) {
    state = PREFIX;
    command = commands[0];
    matched = 1;
    prefixStart = escAt;
  }

  private int prefix(byte[] bytes, int i) {
    if (!extendPrefix(bytes[i])) {
      // Not ours: the held bytes are text, and this byte is scanned afresh (it may be an ESC).
      if (prefixStart == HELD_FROM_EARLIER_CHUNK) {
        listener.text(prefixes[command.ordinal()], 0, matched);
        runStart = i;
      }
      state = GROUND;
      return i;
    }
    if (matched == prefixes[command.ordinal()].length) {
      flushRunBeforePrefix(bytes);
      if (!command.hasBody()) {
        command.dispatch("", listener);
        backToGround(i + 1);
        stoppedAt = i + 1;
        return i + 1;
      }
      body.clear();
      state = BODY;
    }
    return i + 1;
  }

  /**
   * The first ESC in {@code [from, to)}, or {@code to}: eight bytes at a time (a byte equal to ESC
   * is a zero byte of {@code word ^ 0x1b1b…}, found by the carry trick), since every byte of output
   * passes here, and more than once (the session's readers of CSI sequences search for ESC too).
   */
  public static int indexOfEsc(byte[] bytes, int from, int to) {
    Objects.checkFromToIndex(from, to, bytes.length);
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ 0x1b1b1b1b1b1b1b1bL;
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        // the lowest flag is exact: a borrow only flags bytes above a true zero
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    while (i < to && bytes[i] != ESC) {
      i++;
    }
    return i;
  }

  private boolean extendPrefix(byte b) {
    byte[] held = prefixes[command.ordinal()];
    for (OscCommand candidate : commands) {
      byte[] p = prefixes[candidate.ordinal()];
      if (matched < p.length && p[matched] == b && Arrays.equals(p, 0, matched, held, 0, matched)) {
        command = candidate;
        matched++;
        return true;
      }
    }
    return false;
  }

  private int body(byte[] bytes, int i, int end) {
    int j = i;
    while (j < end && !endsBody(bytes[j])) {
      j++;
    }
    if (!body.append(bytes, i, j - i)) {
      failOnOverlong();
      state = SKIP;
    }
    return j < end ? terminator(bytes[j], j) : j;
  }

  private int skip(byte[] bytes, int i, int end) {
    int j = i;
    while (j < end && !endsBody(bytes[j])) {
      j++;
    }
    return j < end ? terminator(bytes[j], j) : j;
  }

  private static boolean endsBody(byte b) {
    return b == BEL || b == ESC || b == CAN || b == SUB;
  }

  private int terminator(byte b, int at) {
    boolean skipping = state == SKIP;
    if (b == ESC) {
      state = skipping ? SKIP_ESC : BODY_ESC;
      return at + 1;
    }
    if (!skipping) {
      if (b == BEL) {
        dispatch();
      } else {
        listener.malformed(
            command.label() + " sequence cancelled by " + (b == CAN ? "CAN" : "SUB") + "; dropped");
      }
    }
    backToGround(at + 1);
    return at + 1;
  }

  private int afterEscInBody(byte[] bytes, int i) {
    boolean skipping = state == SKIP_ESC;
    if (bytes[i] == BACKSLASH) {
      if (!skipping) {
        dispatch();
      }
      backToGround(i + 1);
      return i + 1;
    }
    if (!skipping) {
      listener.malformed(
          command.label() + " sequence interrupted by an ESC that does not start ST; dropped");
    }
    // The ESC begins whatever follows, perhaps a sequence of ours: rescan this byte after it.
    int escAt = i - 1;
    startPrefix(escAt >= chunkStart ? escAt : HELD_FROM_EARLIER_CHUNK);
    runStart = escAt >= chunkStart ? escAt : i;
    return i;
  }

  private void backToGround(int next) {
    state = GROUND;
    runStart = next;
  }

  private void dispatch() {
    String content = body.decodeUtf8();
    if (content == null) {
      listener.malformed(
          command.label() + " sequence is not valid UTF-8 (at byte " + body.invalidAt() + " of "
              + body.length() + "); dropped");
      return;
    }
    command.dispatch(content, listener);
  }

  private void failOnOverlong() {
    listener.malformed(
        command.label() + " sequence exceeds " + maxSequenceLength
            + " bytes (maxSequenceLength); dropped up to its terminator");
  }

  /** Before a sequence of ours begins, the text before it must go out, so events keep stream order. */
  private void flushRunBeforePrefix(byte[] bytes) {
    if (prefixStart != HELD_FROM_EARLIER_CHUNK && prefixStart > runStart) {
      listener.text(bytes, runStart, prefixStart - runStart);
    }
    prefixStart = HELD_FROM_EARLIER_CHUNK;
  }

  private void endChunk(byte[] bytes, int end) {
    if (state == GROUND) {
      if (end > runStart) {
        listener.text(bytes, runStart, end - runStart);
      }
    } else if (state == PREFIX) {
      // The undecided bytes stay held (as a prefix copy); the text before them can go.
      flushRunBeforePrefix(bytes);
    }
  }
}
