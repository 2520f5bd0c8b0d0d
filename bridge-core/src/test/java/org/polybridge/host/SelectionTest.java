package org.polybridge.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A selection's text, taken from a session's lines as iTerm2's library reads it. */
class SelectionTest {
  private static final List<String> LINES = List.of("alpha", "beta", "gamma é", "delta");

  private static Selection.Part part(int startX, long startY, int endX, long endY) {
    return new Selection.Part(startX, startY, endX, endY, 0, 0, Selection.Mode.CHARACTER, false);
  }

  @Test
  void wholeLinesEndWithTheirNewlinesAndAPartOfALineHasNone() {
    assertThat(part(0, 0, 0, 2).text(LINES)).isEqualTo("alpha\nbeta\n");
    assertThat(part(1, 0, 3, 0).text(LINES)).isEqualTo("lp");
    assertThat(part(3, 1, 2, 2).text(LINES)).isEqualTo("a\nga");
    assertThat(part(6, 2, 99, 2).text(LINES)).as("cells are code points; past the end takes the newline").isEqualTo("é\n");
  }

  @Test
  void aWindowClipsEveryLineToItsColumns() {
    Selection.Part box = new Selection.Part(0, 0, 5, 2, 1, 3, Selection.Mode.BOX, false);
    assertThat(box.lines(LINES)).containsExactly(new Selection.Line("lph", true), new Selection.Line("eta", true),
        new Selection.Line("amm", false));
  }

  @Test
  void partsAreJoinedByANewlineUnlessConnected() {
    assertThat(new Selection(List.of(part(0, 0, 5, 0), part(0, 1, 4, 1))).text(LINES)).isEqualTo("alpha\nbeta");
    Selection.Part connected = new Selection.Part(0, 0, 5, 0, 0, 0, Selection.Mode.CHARACTER, true);
    assertThat(new Selection(List.of(connected, part(0, 1, 4, 1))).text(LINES)).isEqualTo("alphabeta");
    assertThat(new Selection(List.of(part(0, 0, 0, 1), part(0, 3, 0, 4))).text(LINES)).isEqualTo("alpha\ndelta\n");
    assertThat(Selection.NONE.text(LINES)).isEmpty();
  }

  @Test
  void linesThatAreNoLongerKeptGiveNoText() {
    assertThat(part(0, 3, 0, 9).text(LINES)).isEqualTo("delta\n");
    assertThat(part(0, 7, 0, 9).text(LINES)).isEmpty();
  }
}
