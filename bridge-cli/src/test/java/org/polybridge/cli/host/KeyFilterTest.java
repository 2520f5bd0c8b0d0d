package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.polybridge.internal.terminal.KeyStroke;
import org.polybridge.testkit.ManualScheduler;

class KeyFilterTest {
  private final ManualScheduler timer = new ManualScheduler();
  private final ByteArrayOutputStream passed = new ByteArrayOutputStream();
  private final List<String> pressed = new ArrayList<>();
  private final KeyFilter filter = new KeyFilter(timer, Duration.ofMillis(25), new KeyFilter.Sink() {
    @Override
    public void pass(byte[] bytes) {
      passed.writeBytes(bytes);
    }

    @Override
    public void pressed(String key) {
      pressed.add(key);
    }
  });

  private void feed(String latin1) {
    byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
    filter.feed(bytes, bytes.length);
  }

  private String passed() {
    return passed.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aBoundKeyIsTakenOutOfTheInputAndTheRestGoesThroughInOrder() {
    filter.bind(List.of(KeyStroke.parse("ctrl+alt+c"), KeyStroke.parse("f5")));

    feed("ls\u001b\u0003-la\u001b[15~\r\u001b[A");

    assertThat(pressed).containsExactly("ctrl+alt+c", "f5");
    assertThat(passed()).isEqualTo("ls-la\r\u001b[A");
  }

  @Test
  void aKeySplitAcrossReadsStillMatches() {
    filter.bind(List.of(KeyStroke.parse("shift+f12")));

    feed("a\u001b[2");
    assertThat(passed()).isEqualTo("a");
    feed("4;2~b");

    assertThat(pressed).containsExactly("shift+f12");
    assertThat(passed()).isEqualTo("ab");
  }

  @Test
  void aLoneEscapeReachesTheProgramOnceNothingFollowsInTime() {
    filter.bind(List.of(KeyStroke.parse("alt+x")));

    feed("\u001b");
    assertThat(passed()).isEmpty();
    timer.advance(Duration.ofMillis(25));

    assertThat(passed()).isEqualTo("\u001b");
    assertThat(pressed).isEmpty();
  }

  @Test
  void anUnboundSequenceThatBeginsLikeABoundOneGoesThroughWhole() {
    filter.bind(List.of(KeyStroke.parse("ctrl+up")));

    feed("\u001b[1;5B\u001b\u001b[1;5A");

    assertThat(pressed).containsExactly("ctrl+up");
    assertThat(passed()).isEqualTo("\u001b[1;5B\u001b");
  }

  @Test
  void theKittyFormOfABoundKeyMatchesToo() {
    filter.bind(List.of(KeyStroke.parse("ctrl+shift+c")));

    feed("\u0003\u001b[99;6u");

    assertThat(pressed).containsExactly("ctrl+shift+c");
    assertThat(passed()).isEqualTo("\u0003");
  }

  @Property(tries = 200)
  void everySplitOfTheInputGivesTheSameKeysAndBytes(@ForAll @IntRange(min = 0, max = 40) int cut1,
      @ForAll @IntRange(min = 0, max = 40) int cut2) {
    String input = "echo \u001b[15~hi\u001b\u0003\u001b[1;5A\u001b[1;5B done\u001bOP";
    ManualScheduler clock = new ManualScheduler();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> keys = new ArrayList<>();
    KeyFilter f = new KeyFilter(clock, Duration.ofMillis(25), new KeyFilter.Sink() {
      @Override
      public void pass(byte[] bytes) {
        out.writeBytes(bytes);
      }

      @Override
      public void pressed(String key) {
        keys.add(key);
      }
    });
    f.bind(List.of(KeyStroke.parse("f5"), KeyStroke.parse("ctrl+alt+c"), KeyStroke.parse("ctrl+up"), KeyStroke.parse("f1")));
    int a = Math.min(cut1, cut2) % (input.length() + 1);
    int b = Math.max(cut1, cut2) % (input.length() + 1);
    for (String part : new String[] {input.substring(0, Math.min(a, b)), input.substring(Math.min(a, b), Math.max(a, b)),
        input.substring(Math.max(a, b))}) {
      byte[] bytes = part.getBytes(StandardCharsets.ISO_8859_1);
      f.feed(bytes, bytes.length);
    }

    assertThat(keys).containsExactly("f5", "ctrl+alt+c", "ctrl+up", "f1");
    assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("echo hi\u001b[1;5B done");
  }
}
