package org.polybridge.internal.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mouse-reporting mode, read from output as iTerm2 reads it. */
class MouseReportingModeTest {
  private final List<Long> heard = new ArrayList<>();
  private final MouseReportingMode mode = new MouseReportingMode(heard::add);

  private void print(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    mode.printed(bytes, 0, bytes.length);
  }

  @Test
  void setAndResetGiveITerm2sValues() {
    assertThat(mode.mode()).isEqualTo(MouseReportingMode.NONE);
    print("vim\u001b[?1000h");
    print("\u001b[?1002h");
    print("\u001b[?1003h");
    print("\u001b[?1003l");
    assertThat(heard).containsExactly(0L, 2L, 3L, -1L);
  }

  @Test
  void x10AndHighlightTrackingChangeNothingAsInITerm2() {
    print("\u001b[?9h\u001b[?1001h");
    assertThat(heard).isEmpty();
    print("\u001b[?1002h\u001b[?9l");
    assertThat(heard).containsExactly(2L);
  }

  @Test
  void severalModesInOneSequenceApplyInOrderAndOtherModesAreIgnored() {
    print("\u001b[?1049;1000;1006h");
    assertThat(heard).containsExactly(0L);
    print("\u001b[?1006;1003h");
    print("\u001b[?1000;1002l");
    assertThat(heard).containsExactly(0L, 3L, -1L);
  }

  @Test
  void aFullResetTurnsReportingOff() {
    print("\u001b[?1003h");
    print("\u001bc");
    assertThat(heard).containsExactly(3L, -1L);
    assertThat(mode.mode()).isEqualTo(MouseReportingMode.NONE);
  }

  @Test
  void theSameOutputSplitAnywhereGivesTheSameModes() {
    String output = "a\u001b[1;31mred\u001b[?25l\u001b[?1000;1002h\u001b\u001b[?1003h\u001b[?1000$p\u001b[?1003l\u001bc\u001b[?1000h";
    byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
    List<Long> wholeHeard = new ArrayList<>();
    MouseReportingMode reference = new MouseReportingMode(wholeHeard::add);
    reference.printed(bytes, 0, bytes.length);
    assertThat(wholeHeard).containsExactly(0L, 2L, 3L, -1L, 0L);
    for (int cut = 1; cut < bytes.length; cut++) {
      List<Long> split = new ArrayList<>();
      MouseReportingMode m = new MouseReportingMode(split::add);
      m.printed(bytes, 0, cut);
      m.printed(bytes, cut, bytes.length - cut);
      assertThat(split).as("cut at " + cut).isEqualTo(wholeHeard);
    }
  }

  @Test
  void ordinaryCsiSequencesAndLongParametersPassUnnoticed() {
    print("\u001b[2J\u001b[H\u001b[38;5;196mx\u001b[?99999999999999991000h\u001b[?1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;1000h");
    assertThat(heard).isEmpty(); // a 17th parameter is not read: no program sends so many
  }
}
