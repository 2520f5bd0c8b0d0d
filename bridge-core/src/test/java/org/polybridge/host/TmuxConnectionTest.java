package org.polybridge.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.polybridge.testkit.RecordingSessionIo;

/** The model's side of tmux's control mode, fed recorded control-mode text (no pty, no tmux). */
class TmuxConnectionTest {
  private final App app = new App();
  private final RecordingSessionIo io = new RecordingSessionIo();
  private final Session owner = app.newWindow().newTab().newSession(io, java.util.Map.of("name", "bash"));
  private final ByteArrayOutputStream plain = new ByteArrayOutputStream();
  private int answered;

  TmuxConnectionTest() {
    owner.addOutputListener(plain::write);
  }

  private void prints(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    owner.output(bytes, 0, bytes.length);
  }

  /** tmux answers the next command of this client with {@code lines}. */
  private void answers(String... lines) {
    answered++;
    prints("%begin 1 " + answered + " 1\r\n" + String.join("", java.util.Arrays.stream(lines).map(l -> l + "\r\n").toList())
        + "%end 1 " + answered + " 1\r\n");
  }

  private TmuxConnection attach() {
    prints("$ tmux -CC\r\n\u001bP1000p%begin 1 0 0\r\n%end 1 0 0\r\n");
    TmuxConnection tmux = app.tmuxConnections().get(0);
    prints("%begin 1 1 1\r\nparse error: unknown command: \u0003\r\n%error 1 1 1\r\n");   // the ^C iTerm2 also sends
    answers("@0 %0 80 24 bash", "@0 %1 40 24 bash");
    return tmux;
  }

  @Test
  void controlModeInASessionsOutputIsAConnectionWhoseWindowIsATabOfItsPanes() {
    TmuxConnection tmux = attach();

    assertThat(tmux.id()).isEqualTo("bash");
    assertThat(tmux.owningSession()).isSameAs(owner);
    assertThat(owner.variables().get("tmuxRole")).contains("gateway");
    assertThat(io.typed()).containsExactly("\u0003\n", "list-panes -s -F '#{window_id} #{pane_id} #{pane_width} #{pane_height} #{window_name}'\n");
    assertThat(tmux.tabs()).hasSize(1);
    Tab tab = tmux.tabs().get(0);
    assertThat(tab.window()).isNotSameAs(owner.tab().window());
    assertThat(tab.sessions()).hasSize(2);
    assertThat(tmux.windowNumber(tab)).contains("0");
    assertThat(tab.sessions().get(1).variables().get("tmuxWindowPane")).contains(1L);
    assertThat(tab.sessions().get(1).variables().get("columns")).contains(40L);
    assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo("$ tmux -CC\r\n");
  }

  @Test
  void aPanesOutputIsItsSessionsAndTextTypedIntoItGoesBackAsHexKeys() {
    TmuxConnection tmux = attach();
    Session pane = tmux.tabs().get(0).sessions().get(1);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    pane.addOutputListener(printed::write);

    prints("%output %1 hi\\015\\012\r\n%output %0 other\r\n");
    pane.io().type("ls\n");

    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("hi\r\n");
    assertThat(pane.io().lines()).containsExactly("hi");
    assertThat(io.typed()).last().isEqualTo("send-keys -t %1 -H 6c 73 0a\n");
  }

  @Test
  void aNewWindowIsATabOnceTmuxReportedItsPanesAndAClosedOneGoes() {
    TmuxConnection tmux = attach();

    CompletableFuture<Tab> created = tmux.createWindow(null);
    answers("@4");
    prints("%window-add @4\r\n");
    assertThat(created).isNotDone();
    answers("@4 %7 80 24 zsh");

    Tab tab = created.join();
    assertThat(tmux.windowNumber(tab)).contains("4");
    assertThat(tab.variables().get("tmuxWindowName")).contains("zsh");
    assertThat(app.windows()).contains(tab.window());

    prints("%window-close @4\r\n");
    assertThat(tab.sessions()).isEmpty();
    assertThat(app.windows()).doesNotContain(tab.window());
  }

  @Test
  void exitEndsTheConnectionItsTabsAndItsCommandsAndTheOutputIsPlainAgain() {
    TmuxConnection tmux = attach();
    Window shown = tmux.tabs().get(0).window();
    CompletableFuture<String> unanswered = tmux.sendCommand("list-sessions");

    prints("%exit\r\n\u001b\\$ echo plain\r\n");

    assertThat(app.tmuxConnections()).isEmpty();
    assertThat(tmux.isLive()).isFalse();
    assertThat(unanswered).isCompletedExceptionally();
    assertThat(app.windows()).doesNotContain(shown);
    assertThat(owner.variables().get("tmuxRole")).isEmpty();
    assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo("$ tmux -CC\r\n$ echo plain\r\n");
  }

  @Test
  void aSecondConnectionOfTheSameNameGetsANumber() {
    attach();
    Session other = RecordingSessionIo.openIn(app.newWindow().newTab());
    other.variables().set("name", "bash");

    byte[] start = "\u001bP1000p".getBytes(StandardCharsets.US_ASCII);
    other.output(start, 0, start.length);

    assertThat(app.tmuxConnections()).extracting(TmuxConnection::id).containsExactly("bash", "bash (2)");
  }
}
