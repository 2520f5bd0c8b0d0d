package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.cli.TmuxServer;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.TmuxConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ListSessionsRequest;
import org.polybridge.proto.ListSessionsResponse;
import org.polybridge.proto.TmuxRequest;
import org.polybridge.proto.TmuxResponse;
import org.polybridge.testkit.WireRequests;
import org.polybridge.testkit.Eventually;

/** A real tmux in control mode ({@code tmux -CC}) in a shell of the default host, driven over the wire. */
class TmuxControlModeTest {
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final TmuxServer tmux = TmuxServer.require();
  private final PtyHost host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
  private final Bridge bridge = Bridge.newBuilder().host(host).build();
  private final ApiClient client = new ApiClient(bridge.connect("tmux-test"), Runnable::run);
  private Session shell;

  TmuxControlModeTest() {
    resources.add(host);
    resources.add(bridge);
    resources.add(tmux); // first to close: the server goes before the host hangs up its shells
  }

  @AfterEach
  void closeAll() throws Exception {
    client.close();
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  /** Runs tmux -CC in a shell of the host; returns the connection once its first window is a tab. */
  private TmuxConnection attach() throws Exception {
    shell = host.createTab(bridge.app(), null, "Default").orTimeout(10, TimeUnit.SECONDS).join();
    shell.io().type(tmux.controlModeCommand("work") + "\n");
    Eventually.until("a tmux connection with a tab", () ->
        !bridge.app().tmuxConnections().isEmpty() && !bridge.app().tmuxConnections().get(0).tabs().isEmpty());
    return bridge.app().tmuxConnections().get(0);
  }

  private TmuxResponse tmuxRequest(TmuxRequest.Builder request) {
    return WireRequests.request(client, ClientOriginatedMessage.newBuilder().setTmuxRequest(request))
        .orTimeout(10, TimeUnit.SECONDS).join().getTmuxResponse();
  }

  @Test
  void tmuxInControlModeIsAConnectionThatAnswersCommandsInOrderOverTheWire() throws Exception {
    TmuxConnection connection = attach();

    TmuxResponse list = tmuxRequest(TmuxRequest.newBuilder().setListConnections(TmuxRequest.ListConnections.getDefaultInstance()));
    TmuxResponse name = tmuxRequest(TmuxRequest.newBuilder().setSendCommand(TmuxRequest.SendCommand.newBuilder()
        .setConnectionId(connection.id()).setCommand("display-message -p '#{session_name}'")));
    TmuxResponse bogus = tmuxRequest(TmuxRequest.newBuilder().setSendCommand(TmuxRequest.SendCommand.newBuilder()
        .setConnectionId(connection.id()).setCommand("no-such-command")));
    TmuxResponse unknown = tmuxRequest(TmuxRequest.newBuilder().setSendCommand(TmuxRequest.SendCommand.newBuilder()
        .setConnectionId("nobody").setCommand("list-sessions")));

    assertThat(list.getListConnections().getConnectionsList()).singleElement().satisfies(c -> {
      assertThat(c.getConnectionId()).isEqualTo(connection.id());
      assertThat(c.getOwningSessionId()).isEqualTo(shell.id());
    });
    assertThat(name.getStatus()).isEqualTo(TmuxResponse.Status.OK);
    assertThat(name.getSendCommand().getOutput()).isEqualTo("work");
    assertThat(bogus.getStatus()).isEqualTo(TmuxResponse.Status.OK);
    assertThat(bogus.getSendCommand().hasOutput()).isFalse();
    assertThat(unknown.getStatus()).isEqualTo(TmuxResponse.Status.INVALID_CONNECTION_ID);
    // many commands at once: each gets its own answer
    List<String> answers = new ArrayList<>();
    var futures = java.util.stream.IntStream.range(0, 20)
        .mapToObj(i -> connection.sendCommand("display-message -p 'answer-" + i + "'")).toList();
    futures.forEach(f -> answers.add(f.orTimeout(10, TimeUnit.SECONDS).join()));
    assertThat(answers).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "answer-" + i).toList());
  }

  @Test
  void aWindowCreatedOverTheWireIsATabWhosePaneRunsWhatIsTypedIntoIt() throws Exception {
    TmuxConnection connection = attach();

    TmuxResponse created = tmuxRequest(TmuxRequest.newBuilder().setCreateWindow(
        TmuxRequest.CreateWindow.newBuilder().setConnectionId(connection.id())));

    assertThat(created.getStatus()).isEqualTo(TmuxResponse.Status.OK);
    String tabId = created.getCreateWindow().getTabId();
    Tab tab = bridge.app().tab(tabId).orElseThrow();
    assertThat(connection.tabs()).contains(tab).hasSize(2);
    ListSessionsResponse layout = WireRequests.request(client, ClientOriginatedMessage.newBuilder()
        .setListSessionsRequest(ListSessionsRequest.getDefaultInstance())).orTimeout(10, TimeUnit.SECONDS).join().getListSessionsResponse();
    assertThat(layout.getWindowsList()).flatMap(ListSessionsResponse.Window::getTabsList)
        .filteredOn(t -> t.getTabId().equals(tabId)).singleElement().satisfies(t -> {
          assertThat(t.getTmuxConnectionId()).isEqualTo(connection.id());
          assertThat(t.getTmuxWindowId()).isEqualTo(connection.windowNumber(tab).orElseThrow());
        });

    Session pane = tab.sessions().get(0);
    pane.io().type("echo pane-$((6*7))\n");
    Eventually.until("pane-42 in the pane's lines " + pane.io().lines(),
        () -> pane.io().lines().stream().anyMatch(l -> l.endsWith("pane-42") && !l.contains("echo")));
  }

  @Test
  void whenTmuxExitsTheConnectionAndItsTabsGoAndTheShellIsPlainAgain() throws Exception {
    TmuxConnection connection = attach();
    Tab tab = connection.tabs().get(0);

    connection.sendCommand("kill-server");

    Eventually.until("the connection gone", () -> bridge.app().tmuxConnections().isEmpty());
    assertThat(connection.isLive()).isFalse();
    assertThat(tab.sessions()).isEmpty();
    assertThat(shell.variables().get("tmuxRole")).isEmpty();
    Scrollback scrollback = host.scrollback(shell).orElseThrow();
    shell.io().type("echo plain-$((6*7))\n");
    Eventually.until("plain-42 in " + scrollback.text(),
        () -> scrollback.lines().stream().anyMatch(l -> l.endsWith("plain-42") && !l.contains("echo")));
    assertThat(scrollback.text()).doesNotContain("%begin");
  }
}
