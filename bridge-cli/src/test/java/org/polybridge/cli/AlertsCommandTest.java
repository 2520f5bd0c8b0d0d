package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.polybridge.testkit.Eventually.eventually;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Alerts;

/** Alerts a script asks, answered by a person through {@code polybridge alerts}, against a real daemon. */
class AlertsCommandTest {
  @TempDir Path folder;
  private Path socket;
  private Daemon daemon;
  private ApiClient script;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startDaemon() throws Exception {
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"));
    script = new ApiClient(daemon.bridge().connect("deploy.py"), Executors.newVirtualThreadPerTaskExecutor());
  }

  @AfterEach
  void stopDaemon() throws Exception {
    daemon.close();
  }

  private int alerts(String... args) {
    Main cli = new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "alerts";
    all[1] = "--socket";
    all[2] = socket.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.execute(all);
  }

  @Test
  void anAlertWaitsUntilAPersonAnswersItByButtonName() throws Exception {
    CompletableFuture<Object> asked = script.invoke(
        "iterm2.alert(title: \"Deploy?\", subtitle: \"to production\", buttons: [\"Yes\", \"No\"], window_id: null)",
        InvocationContext.app(), Duration.ofHours(1));
    eventually(() -> assertThat(daemon.bridge().app().alerts().pending()).hasSize(1));

    assertThat(alerts()).as(err.toString()).isZero();
    assertThat(out.toString()).contains("\"title\":\"Deploy?\"").contains("\"buttons\":[\"Yes\",\"No\"]")
        .contains("\"asked_by\":\"deploy.py\"");
    assertThat(asked).isNotDone();
    String id = daemon.bridge().app().alerts().pending().getFirst().id();
    assertThat(alerts("answer", id, "No")).as(err.toString()).isZero();

    assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo(1001L);
    assertThat(daemon.bridge().app().alerts().pending()).isEmpty();
  }

  @Test
  void aTextInputAlertAnswersTheTextTyped() throws Exception {
    CompletableFuture<Object> asked = script.invoke("iterm2.get_string(title: \"Tab title\", subtitle: \"\", placeholder: \"title\","
        + " defaultValue: \"\", window_id: null)", InvocationContext.app(), Duration.ofHours(1));
    eventually(() -> assertThat(daemon.bridge().app().alerts().pending()).hasSize(1));

    assertThat(alerts("answer", daemon.bridge().app().alerts().pending().getFirst().id(), "build logs")).as(err.toString()).isZero();

    assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo("build logs");
  }

  @Test
  void aJavaScriptPolyModalAlertReceivesThePersonsWholeAnswer() throws Exception {
    Files.writeString(folder.resolve("scripts").resolve("release.js"), """
        iterm2.runUntilComplete(async connection => {
          const r = await iterm2.polyModalAlert(connection, { title: 'Release', buttons: ['Ship', 'Hold'],
            checkboxes: [{ label: 'notify', checked: true }, { label: 'tag' }],
            combobox: { items: ['eu', 'us'], selected: 'eu' }, textField: { placeholder: 'version', value: '1.0' } });
          console.log('released: ' + JSON.stringify(r));
        });
        """);
    // the daemon's first JavaScript script starts its engine: longer than an alert's round trip
    eventually(Duration.ofSeconds(90), () -> assertThat(daemon.bridge().app().alerts().pending()).hasSize(1));
    Alerts.Alert asked = daemon.bridge().app().alerts().pending().getFirst();
    assertThat(asked.checkboxes()).containsExactly("notify", "tag");
    assertThat(asked.checkboxDefaults()).containsExactly(true, false);
    assertThat(asked.comboboxItems()).containsExactly("eu", "us");
    assertThat(asked.placeholder()).isEqualTo("version");
    assertThat(asked.defaultValue()).isEqualTo("1.0");

    daemon.bridge().app().alerts().answer(asked.id(), new Alerts.Answer("Hold", "2.0", List.of("tag"), "us"));

    Path log = folder.resolve("logs").resolve("release.js.log");
    eventually(() -> assertThat(text(log))
        .contains("released: {\"button\":\"Hold\",\"text\":\"2.0\",\"checked\":[\"tag\"],\"combo\":\"us\"}"));
  }

  private static String text(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aReplyThatNamesNoButtonIsRefusedAndTheAlertWaitsOn() throws Exception {
    script.invoke("iterm2.alert(title: \"Deploy?\", subtitle: \"\", buttons: [], window_id: null)", InvocationContext.app(),
        Duration.ofHours(1));
    eventually(() -> assertThat(daemon.bridge().app().alerts().pending()).hasSize(1));

    assertThat(alerts("answer", daemon.bridge().app().alerts().pending().getFirst().id(), "Maybe")).isEqualTo(1);
    assertThat(err.toString()).contains("\"Maybe\"").contains("[OK]");
    assertThat(daemon.bridge().app().alerts().pending()).hasSize(1);
  }

  @Test
  void theAskingScriptsDepartureWithdrawsItsAlert() throws Exception {
    CompletableFuture<Object> asked = script.invoke("iterm2.alert(title: \"Deploy?\", subtitle: \"\", buttons: [], window_id: null)",
        InvocationContext.app(), Duration.ofHours(1));
    eventually(() -> assertThat(daemon.bridge().app().alerts().pending()).hasSize(1));

    script.close();

    eventually(() -> assertThat(daemon.bridge().app().alerts().pending()).isEmpty());
    assertThatThrownBy(() -> asked.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
  }
}
