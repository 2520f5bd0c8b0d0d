package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ControlSequenceScannerProperties {
  private static final String ESC = "\u001b";
  private static final String BEL = "\u0007";
  private static final String ST = ESC + "\\";

  /** A piece of a stream: its bytes, and the event it must give (null: it must pass through). */
  record Fragment(byte[] bytes, String event) {
    boolean passesThrough() {
      return event == null;
    }
  }

  @Property(tries = 1000)
  void anySplitIntoChunksGivesTheSameEventsAndOutputAsOneChunk(
      @ForAll("anyFragments") List<Fragment> fragments,
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> cuts,
      @ForAll("limits") int limit) {
    byte[] input = concat(fragments, false);
    RecordingListener whole = ControlSequenceScannerTest.scan(limit, input, List.of(input.length));
    RecordingListener split = ControlSequenceScannerTest.scan(limit, input, chunkLengths(input, cuts));
    assertThat(split.trace).isEqualTo(whole.trace);
    assertThat(split.reasons).isEqualTo(whole.reasons);
  }

  @Property(tries = 1000)
  void streamsWithoutOurSequencesPassThroughByteForByte(
      @ForAll("foreignFragments") List<Fragment> fragments,
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
    byte[] input = concat(fragments, false);
    String asText = new String(input, ISO_8859_1);
    Assume.that(!asText.contains(ESC + "]1337;Custom=") && !asText.contains(ESC + "]1337;SetUserVar="));
    RecordingListener listener =
        ControlSequenceScannerTest.scan(
            ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, input, chunkLengths(input, cuts));
    assertThat(listener.output()).isEqualTo(input);
    assertThat(listener.events).isEmpty();
  }

  @Property(tries = 1000)
  void ourSequencesBecomeEventsAndEverythingElsePassesThroughInOrder(
      @ForAll("wellFormedFragments") List<Fragment> fragments,
      @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
    byte[] input = concat(fragments, false);
    RecordingListener listener =
        ControlSequenceScannerTest.scan(
            ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH, input, chunkLengths(input, cuts));
    assertThat(listener.output()).isEqualTo(concat(fragments, true));
    assertThat(listener.events)
        .isEqualTo(fragments.stream().filter(f -> !f.passesThrough()).map(Fragment::event).toList());
  }

  @Provide
  Arbitrary<List<Fragment>> anyFragments() {
    return Arbitraries.oneOf(
            plainText(), customs(), setUserVars(), otherSequences(), malformedCustoms(), randomBytes())
        .list()
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Fragment>> foreignFragments() {
    return Arbitraries.oneOf(plainText(), otherSequences(), randomBytes()).list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Fragment>> wellFormedFragments() {
    return Arbitraries.oneOf(plainText(), customs(), setUserVars(), otherSequences(), malformedCustoms())
        .list()
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<Integer> limits() {
    return Arbitraries.of(1, 8, 16, 64, ControlSequenceScanner.DEFAULT_MAX_SEQUENCE_LENGTH);
  }

  private static Arbitrary<Fragment> plainText() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', '\r', '\t', 'é', '世', ':', '=')
        .ofMaxLength(30)
        .map(s -> new Fragment(s.getBytes(UTF_8), null));
  }

  private static Arbitrary<Fragment> customs() {
    Arbitrary<String> identity =
        Arbitraries.strings().alpha().numeric().withChars('=', '-').ofMaxLength(12);
    Arbitrary<String> payload =
        Arbitraries.strings().withCharRange(' ', '~').withChars('é', '世', '\t').ofMaxLength(30);
    return Combinators.combine(identity, payload, terminators())
        .as((id, p, end) -> fragment(ESC + "]1337;Custom=id=" + id + ":" + p + end,
            "custom(" + id + ", " + p + ")"));
  }

  private static Arbitrary<Fragment> setUserVars() {
    Arbitrary<String> name = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> value =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(Base64.getEncoder()::encodeToString);
    return Combinators.combine(name, value, terminators())
        .as((n, v, end) -> fragment(ESC + "]1337;SetUserVar=" + n + "=" + v + end,
            "setUserVar(" + n + ", " + v + ")"));
  }

  private static Arbitrary<Fragment> malformedCustoms() {
    return Arbitraries.of(
            ESC + "]1337;Custom=secret" + BEL,
            ESC + "]1337;Custom=id=secret" + ST,
            ESC + "]1337;Custom=key=s:p" + BEL,
            ESC + "]1337;Custom=id=s:\u00ff" + BEL,
            ESC + "]1337;SetUserVar=novalue" + BEL,
            ESC + "]1337;Custom=id=s:p\u0018")
        .map(s -> new Fragment(s.getBytes(ISO_8859_1), "malformed"));
  }

  private static Arbitrary<Fragment> otherSequences() {
    return Arbitraries.of(
            ESC + "]0;a title" + BEL,
            ESC + "]1337;SetMark" + BEL,
            ESC + "]1337;ClearScrollback" + BEL,
            ESC + "]1337;CurrentDir=/tmp" + ST,
            ESC + "]1337;Custom" + BEL,
            ESC + "]1337;SetUserVa" + BEL,
            ESC + "]8;;https://example.com" + ST,
            ESC + "[31m",
            ESC + "[0m",
            ESC + "[?1049h",
            ESC + "7",
            ST)
        .map(s -> new Fragment(s.getBytes(ISO_8859_1), null));
  }

  /** Bytes heavy in the ones the scanner cares about, so prefixes start, break and interleave. */
  private static Arbitrary<Fragment> randomBytes() {
    Arbitrary<Byte> interesting =
        Arbitraries.of((byte) 0x1b, (byte) 0x07, (byte) ']', (byte) '\\', (byte) 0x18, (byte) 0x1a,
            (byte) '1', (byte) '3', (byte) '7', (byte) ';', (byte) 'C', (byte) 'S', (byte) '=',
            (byte) ':', (byte) 0x9c, (byte) 0xff);
    Arbitrary<Byte> mostly = Arbitraries.frequencyOf(Tuple.of(3, interesting), Tuple.of(1, Arbitraries.bytes()));
    return mostly.list().ofMaxSize(12).map(list -> {
      byte[] bytes = new byte[list.size()];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = list.get(i);
      }
      return new Fragment(bytes, null);
    });
  }

  private static Arbitrary<String> terminators() {
    return Arbitraries.of(BEL, ST);
  }

  private static Fragment fragment(String text, String event) {
    return new Fragment(text.getBytes(UTF_8), event);
  }

  private static byte[] concat(List<Fragment> fragments, boolean passThroughOnly) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Fragment f : fragments) {
      if (!passThroughOnly || f.passesThrough()) {
        out.writeBytes(f.bytes());
      }
    }
    return out.toByteArray();
  }

  /** Cut points (taken modulo the stream's length) to chunk lengths, empty chunks included. */
  private static List<Integer> chunkLengths(byte[] input, List<Integer> cuts) {
    TreeSet<Integer> points = new TreeSet<>();
    for (int cut : cuts) {
      points.add(cut % (input.length + 1));
    }
    points.add(input.length);
    List<Integer> lengths = new ArrayList<>();
    int previous = 0;
    for (int point : points) {
      lengths.add(point - previous);
      previous = point;
    }
    return lengths;
  }
}
