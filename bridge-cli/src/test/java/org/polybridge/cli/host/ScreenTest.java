package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polybridge.internal.io.WriteQueue;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.ManualScheduler;

class ScreenTest {
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final WriteQueue queue = new WriteQueue(() -> "screen-test", new java.io.OutputStream() {
    @Override
    public void write(int b) {
      synchronized (terminal) {
        terminal.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (terminal) {
        terminal.write(b, off, len);
      }
    }
  }, 1 << 20);
  private final ManualScheduler timer = new ManualScheduler();
  private final Screen screen = new Screen(queue, timer, () -> 24, () -> 80);

  private String shown() {
    synchronized (terminal) {
      return terminal.toString(StandardCharsets.UTF_8);
    }
  }

  private void awaitShown(String text) throws InterruptedException {
    Eventually.eventually(() -> assertThat(shown()).endsWith(text));
  }

  @Test
  void clearingTheScreenOrResettingItsRegionErasesTheBarButClearingALineDoesNot() {
    for (String erasing : java.util.List.of("x\u001b[2Jy", "\u001b[J", "\u001b[0J", "\u001bc", "a\u001b[r")) {
      assertThat(Screen.erasesBar(erasing.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).as(erasing).isTrue();
    }
    for (String keeping : java.util.List.of("\u001b[2K", "\u001b[1;23r", "plain text", "\u001b")) {
      assertThat(Screen.erasesBar(keeping.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).as(keeping).isFalse();
    }
  }

  @Test
  void iterm2sClearScrollbackReachesTheTerminalAsEraseSavedLinesEvenWhenSplit() throws Exception {
    byte[] first = "one\r\n\u001b]1337;Clear".getBytes(StandardCharsets.US_ASCII);
    byte[] second = "Scrollback\u0007two".getBytes(StandardCharsets.US_ASCII);
    screen.program(first, first.length);
    screen.program(second, second.length);
    screen.injected("\u001b]1337;ClearScrollback\u001b\\".getBytes(StandardCharsets.US_ASCII));

    awaitShown("one\r\n\u001b[3Jtwo\u001b[3J");
  }

  @Test
  void bytesHeldAtTheEndOfTheProgramsOutputStillReachTheTerminal() throws Exception {
    byte[] last = "bye\u001b]1337;Cle".getBytes(StandardCharsets.US_ASCII);
    screen.program(last, last.length);
    screen.programEnded();

    awaitShown("bye\u001b]1337;Cle");
  }

  @Test
  void aStatusLineWaitsForTheEndOfASequenceAndIsErasedAfterItsTime() throws Exception {
    byte[] cut = "\u001b[3".getBytes(StandardCharsets.US_ASCII);
    screen.program(cut, cut.length);
    screen.status("f5: boom");
    byte[] rest = "1mred".getBytes(StandardCharsets.US_ASCII);
    screen.program(rest, rest.length);

    awaitShown("\u001b[31mred\u001b7\u001b[24;1H\u001b[2K\u001b[7m polybridge: f5: boom \u001b[0m\u001b8");
    timer.advance(Screen.STATUS_TIME);
    awaitShown("\u001b8\u001b7\u001b[24;1H\u001b[2K\u001b8");
  }

  @Test
  void aBarThatComesAndChangesInsideASequenceStillGivesTheProgramItsRowsAboveIt() throws Exception {
    byte[] cut = "\u001b[3".getBytes(StandardCharsets.US_ASCII);
    screen.program(cut, cut.length);
    screen.statusBar("mood: ");
    screen.statusBar("mood: happy");
    byte[] rest = "1mred".getBytes(StandardCharsets.US_ASCII);
    screen.program(rest, rest.length);

    // the region the bar's coming set, then the bar as it is now
    awaitShown("\u001b[31mred\u001b7\u001b[1;23r\u001b8\u001b7\u001b[24;1H\u001b[2K\u001b[7m mood: happy \u001b[0m\u001b8");
  }

  @Test
  void theBoundaryTrackerKnowsWhenOutputStopsInsideACharacterOrAString() {
    Screen.Boundary b = new Screen.Boundary();
    b.feed("é".getBytes(StandardCharsets.UTF_8));
    assertThat(b.atBoundary()).isTrue();
    b.feed(new byte[] {(byte) 0xE2, (byte) 0x82});
    assertThat(b.atBoundary()).isFalse();
    b.feed(new byte[] {(byte) 0xAC, 0x1b, ']', '0', ';'});
    assertThat(b.atBoundary()).isFalse();
    b.feed("title\u001b\\".getBytes(StandardCharsets.US_ASCII));
    assertThat(b.atBoundary()).isTrue();
  }

  @Test
  void theBoundaryTrackerAnswersTheSameForAWholeChunkAsForItsBytesOneByOne() {
    String[] streams = {"plain text and more plain text", "déjà vu — 世界 🙂 ok", "abc\u001b[31mred\u001b[0m é",
        "\u001b]0;titlé 🙂\u0007after", "x\u001b]2;t\u001b\\y", "\u001b(Bé\u001bc", "long text before a character: 🙂"};
    for (String stream : streams) {
      byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
      for (int end = 0; end <= bytes.length; end++) {
        for (int start = 0; start <= end; start++) {
          Screen.Boundary oneByOne = new Screen.Boundary();
          Screen.Boundary chunks = new Screen.Boundary();
          for (int i = 0; i < end; i++) {
            oneByOne.feed(new byte[] {bytes[i]});
          }
          chunks.feed(java.util.Arrays.copyOfRange(bytes, 0, start));
          chunks.feed(java.util.Arrays.copyOfRange(bytes, start, end));
          assertThat(chunks.atBoundary()).as("%s: bytes [0, %d) then [%d, %d)", stream, start, start, end)
              .isEqualTo(oneByOne.atBoundary());
        }
      }
    }
  }
}
