package org.polybridge.internal.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ControlModeStartTest {
  private static final String OUTPUT = "$ \u001b[1mtmux\u001b[0m -CC\r\n\u001bP100\u001bP1000p%begin 1 2 0\n";

  @Property
  void everySplitPassesTheSamePlainBytesAndFindsTheMarkerAtTheSamePlace(@ForAll @IntRange(min = 0, max = 60) int a) {
    byte[] bytes = OUTPUT.getBytes(StandardCharsets.UTF_8);
    int split = a % (bytes.length + 1);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ControlModeStart start = new ControlModeStart();

    int after = start.find(bytes, 0, split, plain::write);
    if (after < 0) {
      after = start.find(bytes, split, bytes.length, plain::write);
    }

    assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo("$ \u001b[1mtmux\u001b[0m -CC\r\n\u001bP100");
    assertThat(new String(bytes, after, bytes.length - after, StandardCharsets.UTF_8)).isEqualTo("%begin 1 2 0\n");
  }

  @Test
  void aPartOfTheMarkerIsHeldUntilTheNextByteRulesItOut() {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ControlModeStart start = new ControlModeStart();
    byte[] first = "ls\u001bP10".getBytes(StandardCharsets.US_ASCII);
    byte[] second = "x".getBytes(StandardCharsets.US_ASCII);

    assertThat(start.find(first, 0, first.length, plain::write)).isEqualTo(-1);
    assertThat(plain.toString(StandardCharsets.US_ASCII)).isEqualTo("ls");
    assertThat(start.find(second, 0, second.length, plain::write)).isEqualTo(-1);
    assertThat(plain.toString(StandardCharsets.US_ASCII)).isEqualTo("ls\u001bP10x");
  }

  @Property
  void theWordAtATimeSearchFindsTheFirstEscWhereverItIs(@ForAll @IntRange(min = 0, max = 40) int at,
      @ForAll @IntRange(min = 0, max = 40) int from, @ForAll @IntRange(min = 0, max = 255) int other) {
    byte[] bytes = new byte[41];
    java.util.Arrays.fill(bytes, (byte) (other == 0x1b ? 0x1a : other));
    bytes[at] = 0x1b;
    bytes[Math.min(40, at + 3)] = 0x1b; // a later one must not win

    assertThat(ControlModeStart.indexOfEsc(bytes, from, bytes.length)).isEqualTo(from <= at ? at : from <= Math.min(40, at + 3) ? Math.min(40, at + 3) : bytes.length);
  }
}
