package org.polybridge.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScrollbackTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsEverythingBelowTheBound() {
    Scrollback scrollback = new Scrollback(64);
    scrollback.append(bytes("one\r\n"));
    scrollback.append(bytes("two\r\nthr"));
    scrollback.append(bytes("ee"));

    assertThat(scrollback.text()).isEqualTo("one\r\ntwo\r\nthree");
    assertThat(scrollback.lines()).containsExactly("one", "two", "three");
  }

  @Test
  void dropsTheOldestBytesBeyondTheBoundAcrossManySmallAppends() {
    Scrollback scrollback = new Scrollback(10);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      String piece = Integer.toString(i % 7).repeat(i % 4);
      all.append(piece);
      scrollback.append(bytes(piece));
      String expected = all.substring(Math.max(0, all.length() - 10));
      assertThat(scrollback.text()).as("after %d appends", i + 1).isEqualTo(expected);
    }
    assertThat(scrollback.written()).isEqualTo(all.length());
  }

  @Test
  void anAppendLargerThanTheBoundKeepsItsTail() {
    Scrollback scrollback = new Scrollback(4);
    scrollback.append(bytes("ab"));
    scrollback.append(bytes("0123456789"), 1, 8);

    assertThat(scrollback.text()).isEqualTo("5678");
  }

  @Test
  void aCharacterCutByTheBoundIsLeftOut() {
    Scrollback scrollback = new Scrollback(4);
    scrollback.append(bytes("xé→ok"));

    assertThat(scrollback.bytes()).hasSize(4);
    assertThat(scrollback.text()).isEqualTo("ok");
  }

  @Test
  void emptyScrollbackHasNoLines() {
    assertThat(new Scrollback(8).lines()).isEmpty();
  }

  @Test
  void boundMustBePositive() {
    assertThatThrownBy(() -> new Scrollback(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity : 0 (expected: > 0)");
  }
}
