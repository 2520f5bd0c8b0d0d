package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ControlSequenceScannerTest {
  private static final String ESC = "\u001b";
  private static final String BEL = "\u0007";
  private static final String ST = ESC + "\\";
  private static final String CAN = "\u0018";
  private static final String SUB = "\u001a";
  private static final String CUSTOM = ESC + "]1337;Custom=";
  private static final String SET_USER_VAR = ESC + "]1337;SetUserVar=";
  private static final String CURRENT_DIR = ESC + "]1337;CurrentDir=";
  private static final String OSC_7 = ESC + "]7;";
  private static final int LIMIT = ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH;

  /**
   * A stream and what the scanner must make of it. Streams and output are byte strings (one char per
   * byte, ISO-8859-1); {@link #utf8} turns text into its UTF-8 bytes.
   */
  record Case(
      String name, int limit, String input, List<String> events, String output, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> streams() {
    return Stream.of(
        ok("custom ended by BEL",
            "a" + CUSTOM + "id=secret:create-window" + BEL + "b",
            "ab", "custom(secret, create-window)"),
        ok("custom ended by ST",
            "a" + CUSTOM + "id=secret:create-window" + ST + "b",
            "ab", "custom(secret, create-window)"),
        ok("payload containing colons and equals signs",
            CUSTOM + "id=secret:a:b=c=d:" + BEL,
            "", "custom(secret, a:b=c=d:)"),
        ok("identity containing an equals sign",
            CUSTOM + "id=a=b:c" + BEL,
            "", "custom(a=b, c)"),
        ok("empty payload", CUSTOM + "id=secret:" + BEL, "", "custom(secret, )"),
        ok("UTF-8 payload and text",
            utf8("é ") + CUSTOM + utf8("id=secret:héllo 世界 🙂") + BEL + utf8(" ü"),
            utf8("é  ü"), "custom(secret, héllo 世界 🙂)"),
        ok("SetUserVar with a value", SET_USER_VAR + "user=Ym9i" + BEL, "", "setUserVar(user, Ym9i)"),
        ok("SetUserVar with an empty value", SET_USER_VAR + "user=" + ST, "", "setUserVar(user, )"),
        ok("interleaved text",
            "hello " + CUSTOM + "id=secret:one" + BEL + " big " + SET_USER_VAR + "v=eA==" + ST
                + " world\r\n",
            "hello  big  world\r\n", "custom(secret, one)", "setUserVar(v, eA==)"),
        ok("back to back",
            CUSTOM + "id=s:1" + BEL + CUSTOM + "id=s:2" + ST + SET_USER_VAR + "a=" + BEL
                + CUSTOM + "id=s:3" + BEL,
            "", "custom(s, 1)", "custom(s, 2)", "setUserVar(a, )", "custom(s, 3)"),
        passThrough("other OSCs",
            ESC + "]0;title" + BEL + ESC + "]1337;SetMark" + BEL + ESC + "]1337;ClearScrollback" + BEL
                + ESC + "]8;;https://example.com" + ST + "link" + ESC + "]8;;" + ST
                + ESC + "]1337;Custom" + BEL + ESC + "]1337;SetUserVa" + ST + ESC + "]133;A" + BEL),
        passThrough("near misses of our prefixes",
            ESC + "]1337;custom=id=s:x" + BEL + ESC + "]1337 ;Custom=id=s:x" + BEL
                + ESC + "]13370;Custom=id=s:x" + BEL + ESC + "]1337;SetUserVariable" + BEL),
        passThrough("CSI sequences", ESC + "[31mred" + ESC + "[0m " + ESC + "[2J" + ESC + "[?25l"),
        passThrough("stray controls", "a" + BEL + "b" + ST + "c" + CAN + SUB + "d\u009c"),
        passThrough("lone ESC at end of stream", "abc" + ESC),
        passThrough("lone ESC then more bytes", "abc" + ESC + "def"),
        passThrough("OSC prefix at end of stream", "abc" + ESC + "]1337;Custo"),
        ok("ESC before a sequence",
            ESC + ESC + ESC + "]" + CUSTOM + "id=s:x" + BEL,
            ESC + ESC + ESC + "]", "custom(s, x)"),
        bad("custom without id=", CUSTOM + "secret:x" + BEL + "after", "after", "id="),
        bad("custom with another key", CUSTOM + "key=secret:x" + BEL, "", "id="),
        bad("custom without a colon", CUSTOM + "id=secret" + BEL, "", "':'"),
        bad("custom with an empty body", CUSTOM + BEL, "", "id="),
        bad("SetUserVar without an equals sign", SET_USER_VAR + "secret" + BEL, "", "'='"),
        bad("SetUserVar with an empty name", SET_USER_VAR + "=secret" + BEL, "", "empty name"),
        bad("invalid UTF-8", CUSTOM + "id=secret:a\u00ffb" + BEL + "x", "x", "UTF-8 (at byte 11"),
        bad("truncated UTF-8", CUSTOM + "id=secret:a\u00c3" + ST, "", "UTF-8"),
        bad("UTF-8 encoded surrogate", CUSTOM + "id=secret:\u00ed\u00a0\u0080" + BEL, "", "UTF-8"),
        new Case("body at the limit", 16, CUSTOM + "id=secret:abcdef" + BEL + "x",
            List.of("custom(secret, abcdef)"), "x", null),
        new Case("body over the limit", 16, CUSTOM + "id=secret:abcdefg" + BEL + "x",
            List.of("malformed"), "x", "exceeds 16 bytes"),
        new Case("far over the limit then recovering", 16,
            CUSTOM + "id=secret:" + "y".repeat(100) + ST + "text" + CUSTOM + "id=s:ok" + BEL,
            List.of("malformed", "custom(s, ok)"), "text", "exceeds 16 bytes"),
        new Case("over the limit then a new sequence before the terminator", 16,
            CUSTOM + "id=secret:" + "y".repeat(40) + CUSTOM + "id=s:ok" + BEL,
            List.of("malformed", "custom(s, ok)"), "", "exceeds 16 bytes"),
        new Case("over the limit then another OSC before the terminator", 16,
            SET_USER_VAR + "name=" + "y".repeat(40) + ESC + "]0;t" + BEL,
            List.of("malformed"), ESC + "]0;t" + BEL, "exceeds 16 bytes"),
        new Case("over the limit then cancelled", 16,
            CUSTOM + "id=secret:" + "y".repeat(40) + CAN + "z", List.of("malformed"), "z",
            "exceeds 16 bytes"),
        ok("ESC ] inside a body starts a new sequence",
            CUSTOM + "id=secret:abc" + CUSTOM + "id=s:def" + BEL,
            "", "malformed", "custom(s, def)"),
        ok("ESC [ inside a body is passed through after the abort",
            CUSTOM + "id=secret:abc" + ESC + "[31mred",
            ESC + "[31mred", "malformed"),
        ok("ESC ESC inside a body", CUSTOM + "id=secret:abc" + ESC + ESC + "\\x", ESC + ST + "x",
            "malformed"),
        bad("CAN cancels", CUSTOM + "id=secret:abc" + CAN + "rest", "rest", "cancelled by CAN"),
        bad("SUB cancels", SET_USER_VAR + "a=b" + SUB + "rest", "rest", "cancelled by SUB"),
        bad("unterminated at end of stream", "x" + CUSTOM + "id=secret:abc", "x", "unterminated"),
        bad("unterminated ST at end of stream", CUSTOM + "id=secret:abc" + ESC, "", "unterminated"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void everySplitOfTheStreamGivesTheExpectedEventsAndPassThrough(Case c) {
    assertEverySplit(ControlSequenceScanner::new, c);
  }

  static Stream<Case> sessionStreams() {
    return Stream.of(
        ok("CurrentDir ended by BEL", "a" + CURRENT_DIR + "/home/me/src" + BEL + "b", "ab", "workingDirectory(/home/me/src)"),
        ok("CurrentDir ended by ST", CURRENT_DIR + "/tmp" + ST, "", "workingDirectory(/tmp)"),
        ok("OSC 7 with a host and escapes", OSC_7 + "file://box.local/home/me/my%20notes" + BEL,
            "", "workingDirectory(/home/me/my notes)"),
        ok("OSC 7 without a host", OSC_7 + "file:///srv" + ST, "", "workingDirectory(/srv)"),
        ok("Custom and CurrentDir share 'Cu'",
            CUSTOM + "id=secret:x" + BEL + CURRENT_DIR + "/y" + BEL + ESC + "]1337;Cursor" + BEL,
            ESC + "]1337;Cursor" + BEL, "custom(secret, x)", "workingDirectory(/y)"),
        ok("other OSCs still pass", ESC + "]4;1;red" + BEL + ESC + "]77;x" + BEL + ESC + "]1337;SetMark" + BEL,
            ESC + "]4;1;red" + BEL + ESC + "]77;x" + BEL + ESC + "]1337;SetMark" + BEL),
        ok("xterm's titles", ESC + "]0;both" + BEL + ESC + "]1;icon" + ST + ESC + "]2;window" + BEL, "",
            "title(true, true, both)", "title(true, false, icon)", "title(false, true, window)"),
        ok("shell-integration marks", ESC + "]133;A" + BEL + "$ " + ESC + "]133;B" + BEL + "ls" + ESC + "]133;C" + BEL
            + ESC + "]133;D;2" + BEL, "$ ls", "shellMark(A, )", "shellMark(B, )", "shellMark(C, )", "shellMark(D, 2)"),
        bad("an OSC 133 that is no mark", ESC + "]133;Z" + BEL, "", "not a shell-integration mark"),
        ok("RemoteHost", "$ " + ESC + "]1337;RemoteHost=me@build-box.local" + ST + "$ ", "$ $ ",
            "remoteHost(me, build-box.local)"),
        ok("RemoteHost with an @ in the user", ESC + "]1337;RemoteHost=a@b@host" + BEL, "", "remoteHost(a@b, host)"),
        bad("RemoteHost without a host", ESC + "]1337;RemoteHost=me@" + BEL, "", "not user@host"),
        bad("CurrentDir that is not absolute", CURRENT_DIR + "src" + BEL, "", "not an absolute path"),
        bad("OSC 7 that is not a file URL", OSC_7 + "https://example.com/" + BEL, "", "not a file URL"),
        bad("OSC 7 that is not a URL", OSC_7 + "file://a b/%zz" + BEL, "", "not a file URL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessionStreams")
  void aSessionsScannerAlsoReportsTheWorkingDirectoryForEverySplit(Case c) {
    assertEverySplit(ControlSequenceScanner::forSession, c);
  }

  @Test
  void aPlainScannerPassesWorkingDirectorySequencesThrough() {
    String input = CURRENT_DIR + "/tmp" + BEL + OSC_7 + "file:///srv" + BEL;

    RecordingListener listener = scan(LIMIT, input.getBytes(ISO_8859_1), List.of(input.length()));

    assertThat(listener.events).isEmpty();
    assertThat(listener.outputString()).isEqualTo(input);
  }

  private static void assertEverySplit(Scanners scanners, Case c) {
    byte[] input = c.input().getBytes(ISO_8859_1);
    RecordingListener whole = scan(scanners, c.limit(), input, List.of(input.length));
    assertExpected(c, whole, "one chunk");
    for (int at = 0; at <= input.length; at++) {
      assertSameAs(whole, scan(scanners, c.limit(), input, List.of(at, input.length - at)), "split at " + at);
    }
    assertSameAs(whole, scan(scanners, c.limit(), input, ones(input.length)), "byte at a time");
    assertSameAs(whole, scanWithinPadding(scanners, c.limit(), input), "offset into a larger array");
  }

  private static final String TMUX_OUTPUT = "$ " + ESC + "[1mtmux" + ESC + "[0m -CC\r\n" + ESC + "P100" + ESC + "P1000p%begin 1 2 0\n";

  @Test
  void everySplitStopsASessionsScannerRightAfterTmuxsMarkerWithTheSameTextBefore() {
    byte[] input = TMUX_OUTPUT.getBytes(ISO_8859_1);
    for (int split = 0; split <= input.length; split++) {
      RecordingListener listener = new RecordingListener();
      ControlSequenceScanner scanner = ControlSequenceScanner.forSession(LIMIT, listener);

      int read = scanner.feed(input, 0, split);
      if (listener.events.isEmpty()) { // the marker may also end right at the end of a chunk
        assertThat(read).isEqualTo(split);
        read += scanner.feed(input, split, input.length - split);
      }

      assertThat(listener.trace).as("split at " + split)
          .containsExactly("text:$ " + ESC + "[1mtmux" + ESC + "[0m -CC\r\n" + ESC + "P100", "controlModeStarted");
      assertThat(new String(input, read, input.length - read, ISO_8859_1)).as("split at " + split).isEqualTo("%begin 1 2 0\n");
    }
  }

  @Test
  void aPartOfTmuxsMarkerIsHeldUntilTheNextByteRulesItOut() {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = ControlSequenceScanner.forSession(LIMIT, listener);

    feed(scanner, "ls" + ESC + "P10");
    assertThat(listener.outputString()).isEqualTo("ls");
    feed(scanner, "x");

    assertThat(listener.outputString()).isEqualTo("ls" + ESC + "P10x");
    assertThat(listener.events).isEmpty();
  }

  @Test
  void onlyASessionsScannerStopsAtTmuxsMarker() {
    byte[] input = TMUX_OUTPUT.getBytes(ISO_8859_1);
    RecordingListener listener = new RecordingListener();

    int read = new ControlSequenceScanner(LIMIT, listener).feed(input, 0, input.length);

    assertThat(read).isEqualTo(input.length);
    assertThat(listener.outputString()).isEqualTo(TMUX_OUTPUT);
    assertThat(listener.events).isEmpty();
  }

  @Test
  void theSearchForEscFindsTheFirstWhereverItIsAndFromWhereverItStarts() {
    for (int other : new int[] {0, 0x1a, 0x1c, 0x9b, 0xff, 'a'}) {
      for (int at = 0; at < 41; at++) {
        byte[] bytes = new byte[41];
        Arrays.fill(bytes, (byte) other);
        bytes[at] = 0x1b;
        int later = Math.min(40, at + 3);
        bytes[later] = 0x1b; // a later one must not win
        for (int from = 0; from <= 41; from++) {
          int expected = from <= at ? at : from <= later ? later : 41;
          assertThat(ControlSequenceScanner.indexOfEsc(bytes, from, 41)).as("ESC at %d, from %d, among %#x", at, from, other)
              .isEqualTo(expected);
          assertThat(ControlSequenceScanner.indexOfEsc(bytes, from, Math.max(from, at))).as("before the ESC")
              .isEqualTo(Math.max(from, at));
        }
      }
    }
  }

  @Test
  void plainTextInAChunkIsOneTextCallOnASliceOfTheInput() {
    byte[] input = "  plain text, then more  ".getBytes(UTF_8);
    int[] calls = new int[1];
    ControlSequenceScanner scanner =
        new ControlSequenceScanner(LIMIT, listener(
            (bytes, offset, length) -> {
              calls[0]++;
              assertThat(bytes).isSameAs(input);
              assertThat(offset).isEqualTo(2);
              assertThat(length).isEqualTo(input.length - 4);
            }));
    scanner.feed(input, 2, input.length - 4);
    assertThat(calls[0]).isOne();
  }

  @Test
  void textAroundSequencesThatAreNotOursInAChunkIsOneTextCall() {
    RecordingListener listener = new RecordingListener();
    byte[] input = ("a" + ESC + "[31mred" + ESC + "]0;title" + BEL + "b").getBytes(ISO_8859_1);
    new ControlSequenceScanner(LIMIT, listener).feed(input, 0, input.length);
    assertThat(listener.textCalls).isOne();
  }

  @Test
  void bytesAreReleasedAsSoonAsTheyCannotStartOurSequence() {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = new ControlSequenceScanner(LIMIT, listener);
    feed(scanner, "a" + ESC + "]0");
    assertThat(listener.outputString()).isEqualTo("a" + ESC + "]0");
    feed(scanner, ";title" + BEL + ESC + "]1337;Se");
    assertThat(listener.outputString()).isEqualTo("a" + ESC + "]0;title" + BEL);
    feed(scanner, "tM");
    assertThat(listener.outputString()).endsWith(ESC + "]1337;SetM");
  }

  @Test
  void aPossiblePrefixIsHeldUntilMoreBytesOrFinish() {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = new ControlSequenceScanner(LIMIT, listener);
    feed(scanner, "x" + ESC + "]1337;Custom");
    assertThat(listener.outputString()).isEqualTo("x");
    scanner.finish();
    assertThat(listener.outputString()).isEqualTo("x" + ESC + "]1337;Custom");
    assertThat(listener.events).isEmpty();
  }

  @Test
  void scannerIsReusableAfterFinish() {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = new ControlSequenceScanner(LIMIT, listener);
    feed(scanner, CUSTOM + "id=s:half");
    scanner.finish();
    feed(scanner, CUSTOM + "id=s:whole" + BEL);
    assertThat(listener.events).containsExactly("malformed", "custom(s, whole)");
  }

  @Test
  void anOverlongBodyIsNeverBufferedBeyondTheLimit() {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = new ControlSequenceScanner(1000, listener);
    feed(scanner, CUSTOM + "id=s:");
    byte[] chunk = new byte[4096];
    Arrays.fill(chunk, (byte) 'y');
    for (int i = 0; i < 256; i++) {
      scanner.feed(chunk, 0, chunk.length);
      assertThat(scanner.bodyCapacity()).isLessThanOrEqualTo(1000);
    }
    feed(scanner, BEL + "after");
    assertThat(listener.events).containsExactly("malformed");
    assertThat(listener.reasons.get(0)).contains("exceeds 1000 bytes");
    assertThat(listener.outputString()).isEqualTo("after");
  }

  @Test
  void aSmallLimitBoundsTheInitialBuffer() {
    assertThat(new ControlSequenceScanner(4, new RecordingListener()).bodyCapacity()).isEqualTo(4);
  }

  @Test
  void invalidArgumentsAreRejectedWithTheRuleTheyBreak() {
    assertThatThrownBy(() -> new ControlSequenceScanner(0, new RecordingListener()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSequenceLength : 0 (expected: > 0)");
    assertThatThrownBy(() -> new ControlSequenceScanner(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener == null");
    ControlSequenceScanner scanner = new ControlSequenceScanner(1, new RecordingListener());
    assertThatThrownBy(() -> scanner.feed(new byte[4], 3, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** How a test makes its scanner: a plain one, or one for a session. */
  interface Scanners {
    ControlSequenceScanner make(int limit, ControlSequenceScanner.Listener listener);
  }

  static RecordingListener scan(int limit, byte[] input, List<Integer> chunkLengths) {
    return scan(ControlSequenceScanner::new, limit, input, chunkLengths);
  }

  static RecordingListener scan(Scanners scanners, int limit, byte[] input, List<Integer> chunkLengths) {
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = scanners.make(limit, listener);
    int offset = 0;
    for (int length : chunkLengths) {
      scanner.feed(input, offset, length);
      offset += length;
    }
    scanner.finish();
    return listener;
  }

  /** Fed from the middle of an array full of ESC ], so a read outside the range would show. */
  private static RecordingListener scanWithinPadding(Scanners scanners, int limit, byte[] input) {
    byte[] padded = new byte[input.length + 8];
    for (int i = 0; i < padded.length; i++) {
      padded[i] = (byte) (i % 2 == 0 ? 0x1b : ']');
    }
    System.arraycopy(input, 0, padded, 3, input.length);
    RecordingListener listener = new RecordingListener();
    ControlSequenceScanner scanner = scanners.make(limit, listener);
    scanner.feed(padded, 3, input.length);
    scanner.finish();
    return listener;
  }

  private static void assertExpected(Case c, RecordingListener actual, String how) {
    assertThat(actual.events).as(how).isEqualTo(c.events());
    assertThat(actual.outputString()).as(how).isEqualTo(c.output());
    assertThat(actual.reasons).as("reasons never quote the secret").noneMatch(r -> r.contains("secret"));
    if (c.reason() != null) {
      assertThat(actual.reasons).as(how).singleElement().asString().contains(c.reason());
    }
  }

  private static void assertSameAs(RecordingListener expected, RecordingListener actual, String how) {
    assertThat(actual.trace).as(how).isEqualTo(expected.trace);
    assertThat(actual.reasons).as(how).isEqualTo(expected.reasons);
  }

  private static List<Integer> ones(int n) {
    return java.util.Collections.nCopies(n, 1);
  }

  private static void feed(ControlSequenceScanner scanner, String byteString) {
    byte[] bytes = byteString.getBytes(ISO_8859_1);
    scanner.feed(bytes, 0, bytes.length);
  }

  private static String utf8(String text) {
    return new String(text.getBytes(UTF_8), ISO_8859_1);
  }

  private static Case ok(String name, String input, String output, String... events) {
    return new Case(name, LIMIT, input, List.of(events), output, null);
  }

  private static Case passThrough(String name, String input) {
    return new Case(name, LIMIT, input, List.of(), input, null);
  }

  private static Case bad(String name, String input, String output, String reason) {
    return new Case(name, LIMIT, input, List.of("malformed"), output, reason);
  }

  private interface TextSink {
    void text(byte[] bytes, int offset, int length);
  }

  private static ControlSequenceScanner.Listener listener(TextSink sink) {
    return new ControlSequenceScanner.Listener() {
      @Override
      public void text(byte[] bytes, int offset, int length) {
        sink.text(bytes, offset, length);
      }

      @Override
      public void custom(String identity, String payload) {}

      @Override
      public void setUserVar(String name, String base64Value) {}

      @Override
      public void malformed(String reason) {}
    };
  }

}
