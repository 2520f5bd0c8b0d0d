package org.polybridge.internal.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void coloursAndTitlesAreDroppedFromAShellPrompt() {
    String prompt = "\033]0;user@host: ~/src\007\033[01;32muser@host\033[00m:\033[01;34m~/src\033[00m$ ls\r\n";

    assertThat(PlainText.lines(prompt)).containsExactly("user@host:~/src$ ls");
  }

  @Test
  void aCarriageReturnLetsTheNextTextOverwriteTheLine() {
    assertThat(PlainText.lines("downloading  10%\rdownloading 100%\r\ndone")).containsExactly("downloading 100%", "done");
    assertThat(PlainText.lines("hello\rHe")).containsExactly("Hello");
  }

  @Test
  void backspacesMoveBackAndTabsPadToTheNextStop() {
    assertThat(PlainText.lines("cat\b\b\bdog")).containsExactly("dog");
    assertThat(PlainText.lines("a\tb")).containsExactly("a       b");
  }

  @Test
  void stringSequencesEndAtBelOrStAndTwoCharacterEscapesAreDropped() {
    assertThat(PlainText.lines("a\033]1337;Custom=id=x:y\033\\b\0337c\033=d\033P+q\033\\e")).containsExactly("abcde");
  }

  @Test
  void anEscapeCutOffAtTheEndLeavesNothingBehind() {
    assertThat(PlainText.lines("text\033[1;3")).containsExactly("text");
    assertThat(PlainText.lines("text\033]0;unfinished")).containsExactly("text");
    assertThat(PlainText.lines("text\033")).containsExactly("text");
  }

  @Test
  void otherControlCharactersAreNotShown() {
    assertThat(PlainText.lines("bell\007 and\000 nul\u007f")).containsExactly("bell and nul");
  }

  @Test
  void aLastLineWithoutItsNewlineIsIncludedAndAnEmptyOneIsNot() {
    assertThat(PlainText.lines("one\ntwo")).containsExactly("one", "two");
    assertThat(PlainText.lines("one\n")).containsExactly("one");
    assertThat(PlainText.lines("\n\n")).containsExactly("", "");
    assertThat(PlainText.lines("")).isEmpty();
  }
}
