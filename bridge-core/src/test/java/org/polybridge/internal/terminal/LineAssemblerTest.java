package org.polybridge.internal.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
  private static final String OUTPUT = "\u001b]0;title\u0007\u001b[1;32mgrün\u001b[0m: 10%\rgrün: 100%\r\n"
      + "tab\there\n€ und 😀\u001b]1337;SetMark\u001b\\ end\nunfinished";

  @Property
  void everySplitOfTheOutputGivesThePlainTextLines(@ForAll @IntRange(min = 0, max = 200) int a,
      @ForAll @IntRange(min = 0, max = 200) int b) {
    byte[] bytes = OUTPUT.getBytes(StandardCharsets.UTF_8);
    int first = Math.min(a, b) % (bytes.length + 1);
    int second = Math.max(first, Math.max(a, b) % (bytes.length + 1));
    List<String> lines = new ArrayList<>();
    LineAssembler assembler = new LineAssembler(4096, lines::add);

    assembler.feed(bytes, 0, first);
    assembler.feed(bytes, first, second - first);
    assembler.feed(bytes, second, bytes.length - second);

    List<String> expected = PlainText.lines(OUTPUT);
    assertThat(lines).isEqualTo(expected.subList(0, expected.size() - 1));
    assertThat(assembler.partial()).isEqualTo("unfinished");
    assertThat(assembler.lineNumber()).isEqualTo(3);
  }

  @Test
  void aLineKeepsAtMostItsBoundAndARestartForgetsAStringLeftOpen() {
    List<String> lines = new ArrayList<>();
    LineAssembler assembler = new LineAssembler(5, lines::add);
    byte[] long1 = "abcdefgh\n\u001b]0;cut".getBytes(StandardCharsets.UTF_8);
    assembler.feed(long1, 0, long1.length);
    assembler.restart();
    byte[] next = "visible\n".getBytes(StandardCharsets.UTF_8);
    assembler.feed(next, 0, next.length);

    assertThat(lines).containsExactly("abcde", "visib");
  }
}
