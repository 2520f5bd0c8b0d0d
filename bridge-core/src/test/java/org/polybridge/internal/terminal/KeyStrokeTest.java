package org.polybridge.internal.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyStrokeTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ctrl+alt+c      | ctrl+alt+c  | \\e\\x03, \\e[99;7u, \\e[27;7;99~
      Ctrl+C          | ctrl+c      | \\x03, \\e[99;5u, \\e[27;5;99~
      f5              | f5          | \\e[15~
      shift+f12       | shift+f12   | \\e[24;2~
      f1              | f1          | \\eOP
      ctrl+f1         | ctrl+f1     | \\e[1;5P
      alt+enter       | alt+enter   | \\e\\x0d, \\e[13;3u, \\e[27;3;13~
      ctrl+shift+up   | ctrl+shift+up | \\e[1;6A
      up+ctrl         | -           | -
      """)
  void keysAreWrittenAsPeopleWriteThemAndEncodedAsTerminalsSendThem(String written, String name, String encodings) {
    if (name.equals("-")) {
      assertThatThrownBy(() -> KeyStroke.parse(written)).hasMessageContaining("'up' is not a modifier");
      return;
    }
    KeyStroke key = KeyStroke.parse(written);
    assertThat(key.name()).isEqualTo(name);
    assertThat(String.join(", ", key.readableEncodings())).isEqualTo(encodings);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      up              | \\e[A, \\eOA
      ctrl+i          | \\e[105;5u, \\e[27;5;105~
      ctrl+shift+c    | \\e[99;6u, \\e[27;6;99~
      shift+enter     | \\e[13;2u, \\e[27;2;13~
      alt+[           | \\e[91;3u, \\e[27;3;91~
      """)
  void keysThatShareTheirLegacySequenceWithAnotherKeyMatchOnlyTheirUnambiguousForms(String written, String encodings) {
    assertThat(String.join(", ", KeyStroke.parse(written).readableEncodings())).isEqualTo(encodings);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      meta+x          | 'meta' is ambiguous
      hyper+x         | 'hyper' is not a modifier
      ctrl+           | an empty word
      ctrl+alt        | no key
      ctrl+ctrl+a     | given twice
      ctrl+f13        | 'f13' is not a key
      a               | a character the program should get
      shift+a         | a character the program should get
      escape          | escape alone
      """)
  void unknownOrAmbiguousNamesAreClearErrorsThatNameThem(String written, String reason) {
    assertThatThrownBy(() -> KeyStroke.parse(written)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key '" + written + "' : ").hasMessageContaining(reason);
  }

  @Property
  void everyModifiedFunctionKeyHasOneSequenceWithItsModifierParameter(@ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll boolean shift, @ForAll boolean alt, @ForAll boolean ctrl) {
    String name = (ctrl ? "ctrl+" : "") + (alt ? "alt+" : "") + (shift ? "shift+" : "") + "f" + n;
    KeyStroke key = KeyStroke.parse(name);
    int m = 1 + (shift ? 1 : 0) + (alt ? 2 : 0) + (ctrl ? 4 : 0);
    assertThat(key.name()).isEqualTo(name);
    assertThat(key.encodings()).hasSize(1);
    String sequence = key.readableEncodings().get(0);
    if (m == 1) {
      assertThat(sequence).doesNotContain(";");
    } else {
      assertThat(sequence).contains(";" + m).startsWith("\\e[");
    }
  }

  @Property
  void reparsingTheCanonicalNameGivesTheSameKey(@ForAll("letters") char c, @ForAll boolean alt, @ForAll boolean shift) {
    String name = "ctrl+" + (alt ? "alt+" : "") + (shift ? "shift+" : "") + c;
    KeyStroke key = KeyStroke.parse(name);
    assertThat(KeyStroke.parse(key.name())).isEqualTo(key);
    assertThat(KeyStroke.parse(key.name()).readableEncodings()).isEqualTo(key.readableEncodings());
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Character> letters() {
    return net.jqwik.api.Arbitraries.chars().range('a', 'z');
  }
}
