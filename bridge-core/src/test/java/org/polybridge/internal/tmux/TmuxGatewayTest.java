package org.polybridge.internal.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TmuxGatewayTest {
  private final List<String> written = new CopyOnWriteArrayList<>();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final TmuxGateway gateway = new TmuxGateway(written::add, new TmuxGateway.Events() {
    @Override
    public void ended(String reason) {
      ended.add(reason);
    }
  });

  private void tmuxPrints(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    gateway.feed(bytes, 0, bytes.length);
  }

  @Test
  void commandsAreWrittenAsLinesAndAnsweredInTheOrderSent() throws Exception {
    CompletableFuture<String> name = gateway.send("display-message -p '#{session_name}'");
    CompletableFuture<String> bogus = gateway.send("bogus-cmd");
    CompletableFuture<String> windows = gateway.send("list-windows -F '#{window_id}'");

    tmuxPrints("%begin 1 10 0\r\n%end 1 10 0\r\n%window-add @0\r\n"   // the attach command's block: not ours
        + "%begin 1 11 1\r\nwork\r\n%end 1 11 1\r\n"
        + "%begin 1 12 1\r\nparse error: unknown command: bogus-cmd\r\n%error 1 12 1\r\n"
        + "%begin 1 13 1\r\n@0\r\n@1\r\n%end 1 13 1\r\n");

    assertThat(written).containsExactly("display-message -p '#{session_name}'\n", "bogus-cmd\n", "list-windows -F '#{window_id}'\n");
    assertThat(name.get()).isEqualTo("work");
    assertThatThrownBy(bogus::get).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(TmuxCommandException.class).hasMessageContaining("bogus-cmd").hasMessageContaining("unknown command");
    assertThat(windows.get()).isEqualTo("@0\n@1");
  }

  @Test
  void exitFailsTheCommandsLeftUnansweredAndLaterOnesAtOnce() {
    CompletableFuture<String> waiting = gateway.send("list-sessions");

    tmuxPrints("%exit server exited\r\n\u001b\\");

    assertThat(waiting).isCompletedExceptionally();
    assertThatThrownBy(waiting::join).hasMessageContaining("list-sessions").hasMessageContaining("server exited");
    assertThat(gateway.send("list-sessions")).isCompletedExceptionally();
    assertThat(ended).containsExactly("tmux exited: server exited");
    assertThat(gateway.readingControlMode()).isFalse();
  }

  @Test
  void aBlankCommandOrOneWithALineBreakIsRefusedWithoutWritingAnything() {
    assertThatThrownBy(() -> gateway.send(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank").hasMessageContaining("detaches");
    assertThatThrownBy(() -> gateway.send("kill-server\nls")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kill-server\\nls").hasMessageContaining("line break");
    assertThat(written).isEmpty();
  }
}
