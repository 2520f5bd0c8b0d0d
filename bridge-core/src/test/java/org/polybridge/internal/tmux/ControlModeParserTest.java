package org.polybridge.internal.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ControlModeParserTest {
  /** What tmux 3.3a printed after ESC P 1000 p in a pty (tmux -CC new-session, then four commands, then kill-server). */
  static final String RECORDED = """
      %begin 1796061581 260 0\r
      %end 1796061581 260 0\r
      %window-add @0\r
      %sessions-changed\r
      %session-changed $0 0\r
      %begin 1796061583 266 1\r
      0\r
      %end 1796061583 266 1\r
      %begin 1796061583 267 1\r
      parse error: unknown command: bogus-cmd\r
      %error 1796061583 267 1\r
      %begin 1796061584 268 1\r
      @1 %1\r
      %end 1796061584 268 1\r
      %window-add @1\r
      %window-renamed @1 my window\r
      %output %1 echo hi\\015\\012\\134\r
      %begin 1796061586 274 1\r
      %end 1796061586 274 1\r
      %exit\r
      \u001b\\$ back""";

  private final List<String> events = new ArrayList<>();
  private final ControlModeParser parser = new ControlModeParser(listenerInto(events));

  private static final List<String> EXPECTED = List.of(
      "window-add @0", "sessions-changed ", "session-changed $0 0",
      "reply [0]", "error [parse error: unknown command: bogus-cmd]", "reply [@1 %1]",
      "window-add @1", "window-renamed @1 my window", "output %1 [echo hi\r\n\\]", "reply []", "exit []");

  @Test
  void answersOfThisClientRepliesNotificationsAndOutputComeInStreamOrderAndControlModeEndsAfterItsSt() {
    byte[] bytes = RECORDED.getBytes(StandardCharsets.UTF_8);

    int used = parser.feed(bytes, 0, bytes.length);

    assertThat(events).isEqualTo(EXPECTED);
    assertThat(parser.ended()).isTrue();
    assertThat(new String(bytes, used, bytes.length - used, StandardCharsets.UTF_8)).isEqualTo("$ back");
  }

  @Property
  void everySplitOfTheStreamGivesTheSameEventsAndTheSamePlainRest(@ForAll @IntRange(min = 0, max = 600) int a,
      @ForAll @IntRange(min = 0, max = 600) int b) {
    byte[] bytes = RECORDED.getBytes(StandardCharsets.UTF_8);
    int first = Math.min(a, b) % (bytes.length + 1);
    int second = Math.max(first, Math.max(a, b) % (bytes.length + 1));
    events.clear();
    ControlModeParser fresh = new ControlModeParser(listenerInto(events));

    int rest = -1;
    for (int[] chunk : new int[][] {{0, first}, {first, second - first}, {second, bytes.length - second}}) {
      int used = fresh.feed(bytes, chunk[0], chunk[1]);
      if (fresh.ended()) {
        rest = chunk[0] + used;
        break;
      }
    }

    assertThat(events).isEqualTo(EXPECTED);
    assertThat(new String(bytes, rest, bytes.length - rest, StandardCharsets.UTF_8)).isEqualTo("$ back");
  }

  @Test
  void octalEscapesAreUndoneAndOtherBackslashesStay() {
    byte[] raw = "a\\033[0m\\\\x\\9".getBytes(StandardCharsets.US_ASCII);

    assertThat(new String(ControlModeParser.unescape(raw, 0, raw.length), StandardCharsets.ISO_8859_1))
        .isEqualTo("a\u001b[0m\\\\x\\9");
  }

  @Test
  void extendedOutputGivesTheDataAfterItsColon() {
    byte[] bytes = "%extended-output %2 1234 : ls\\015\n".getBytes(StandardCharsets.US_ASCII);

    parser.feed(bytes, 0, bytes.length);

    assertThat(events).containsExactly("output %2 [ls\r]");
  }

  @Test
  void aLineThatLooksLikeTheEndOfAnotherBlockIsOutputOfTheBlockItIsIn() {
    byte[] bytes = "%begin 1 5 1\n%end 1 4 1\nline\n%end 1 5 1\n".getBytes(StandardCharsets.US_ASCII);

    parser.feed(bytes, 0, bytes.length);

    assertThat(events).containsExactly("reply [%end 1 4 1\nline]");
  }

  private static ControlModeParser.Listener listenerInto(List<String> into) {
    return new ControlModeParser.Listener() {
      @Override
      public void reply(boolean failed, String output) {
        into.add((failed ? "error " : "reply ") + "[" + output + "]");
      }

      @Override
      public void output(String pane, byte[] data) {
        into.add("output " + pane + " [" + new String(data, StandardCharsets.ISO_8859_1) + "]");
      }

      @Override
      public void notification(String name, String arguments) {
        into.add(name + " " + arguments);
      }

      @Override
      public void exit(String reason) {
        into.add("exit [" + reason + "]");
      }

      @Override
      public void malformed(String reason) {
        into.add("malformed");
      }
    };
  }
}
