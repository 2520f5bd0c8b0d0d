package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.testkit.Eventually.eventually;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.client.ApiClient;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.GetPromptRequest;
import org.polybridge.proto.GetPromptResponse;
import org.polybridge.proto.KeystrokeFilterRequest;
import org.polybridge.proto.KeystrokeMonitorRequest;
import org.polybridge.proto.KeystrokeNotification;
import org.polybridge.proto.KeystrokePattern;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.PromptMonitorMode;
import org.polybridge.proto.PromptMonitorRequest;
import org.polybridge.proto.PromptNotification;
import org.polybridge.testkit.WireRequests;

/**
 * Keys typed into {@code polybridge pty} reaching keystroke monitors and filters, and a real bash
 * with the shell integration of docs/shell-integration.bash feeding prompt monitors; against a
 * real daemon, the pty's standard input a pipe.
 */
class PtyKeysAndPromptsTest {
  @TempDir Path folder;
  private Path socket;
  private Daemon daemon;
  private ApiClient script;
  private final PipedOutputStream keys = new PipedOutputStream();
  private PipedInputStream stdin;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startDaemon() throws Exception {
    stdin = new PipedInputStream(keys);
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"));
    script = new ApiClient(daemon.bridge().connect("test script"), Executors.newVirtualThreadPerTaskExecutor());
  }

  @AfterEach
  void stopDaemon() throws Exception {
    keys.close();
    daemon.close();
  }

  private CompletableFuture<Integer> pty(String... command) {
    return CompletableFuture.supplyAsync(() -> {
      Main cli = new Main(Map.of(), () -> new AttachedPty.Streams(stdin, screen, false), new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true));
      String[] all = new String[command.length + 4];
      all[0] = "pty";
      all[1] = "--socket";
      all[2] = socket.toString();
      all[3] = "--";
      System.arraycopy(command, 0, all, 4, command.length);
      return cli.execute(all);
    });
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private void type(String text) throws Exception {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  @Test
  void aKeystrokeMonitorHearsTheKeysTypedAndAFilterWithholdsItsKeysFromTheProgram() throws Exception {
    List<KeystrokeNotification> heard = new CopyOnWriteArrayList<>();
    WireRequests.subscribe(script, NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
        .setNotificationType(NotificationType.NOTIFY_ON_KEYSTROKE).setKeystrokeMonitorRequest(KeystrokeMonitorRequest.getDefaultInstance()),
        n -> heard.add(n.getKeystrokeNotification())).get(10, TimeUnit.SECONDS);
    WireRequests.subscribe(script, NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
        .setNotificationType(NotificationType.KEYSTROKE_FILTER).setKeystrokeFilterRequest(KeystrokeFilterRequest.newBuilder()
            .addPatternsToIgnore(KeystrokePattern.newBuilder().addCharacters("x"))), n -> { }).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = pty("sh", "-c", "echo ready; read line; echo \"got:$line\"");
    eventually(() -> assertThat(screen()).contains("ready"));

    type("axb\u0001\n");

    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(screen()).contains("got:ab\u0001");
    eventually(() -> assertThat(heard).hasSize(5));
    assertThat(heard).extracting(KeystrokeNotification::getCharacters).containsExactly("a", "x", "b", "\u0001", "\r");
    assertThat(heard.get(0).getKeyCode()).as("ANSI_A").isZero();
    assertThat(heard.get(3).getModifiersList()).extracting(Enum::name).containsExactly("CONTROL");
    assertThat(heard.get(3).getCharactersIgnoringModifiers()).isEqualTo("a");
    assertThat(heard.get(4).getKeyCode()).as("RETURN").isEqualTo(0x24);
    assertThat(heard).allSatisfy(k -> assertThat(k.getSession()).isNotEmpty());
  }

  @Test
  void aPromptMonitorSeesARealBashsCommandStartAndFinish() throws Exception {
    Path rc = folder.resolve("bashrc");
    Files.copy(Path.of("../docs/shell-integration.bash"), rc);
    List<PromptNotification> heard = new CopyOnWriteArrayList<>();
    WireRequests.subscribe(script, NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
        .setNotificationType(NotificationType.NOTIFY_ON_PROMPT).setPromptMonitorRequest(PromptMonitorRequest.newBuilder()
            .addModes(PromptMonitorMode.PROMPT).addModes(PromptMonitorMode.COMMAND_START).addModes(PromptMonitorMode.COMMAND_END)),
        n -> heard.add(n.getPromptNotification())).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = pty("bash", "--noprofile", "--rcfile", rc.toString(), "-i");
    eventually(() -> assertThat(heard).anySatisfy(n -> assertThat(n.hasPrompt()).isTrue()));
    String session = heard.getFirst().getSession();

    type("sh -c 'exit 3'\n");

    eventually(() -> assertThat(heard).anySatisfy(n -> assertThat(n.getCommandEnd().getStatus()).isEqualTo(3)));
    assertThat(heard).anySatisfy(n -> assertThat(n.getCommandStart().getCommand()).isEqualTo("sh -c 'exit 3'"));
    // bash's next prompt may come in a later read than the command's end
    eventually(() -> assertThat(heard).filteredOn(PromptNotification::hasPrompt).hasSizeGreaterThanOrEqualTo(2));
    GetPromptResponse last = WireRequests.request(script, ClientOriginatedMessage.newBuilder()
        .setGetPromptRequest(GetPromptRequest.newBuilder().setSession(session))).get(10, TimeUnit.SECONDS).getGetPromptResponse();
    assertThat(last.getStatus()).isEqualTo(GetPromptResponse.Status.OK);
    // the newest prompt is the one bash showed after the command; the command's is the one before
    List<String> ids = daemon.bridge().app().session(session).orElseThrow().prompts().all().stream()
        .map(org.polybridge.host.Prompts.Prompt::id).toList();
    GetPromptResponse ran = WireRequests.request(script, ClientOriginatedMessage.newBuilder().setGetPromptRequest(GetPromptRequest.newBuilder()
        .setSession(session).setUniquePromptId(ids.get(ids.size() - 2)))).get(10, TimeUnit.SECONDS).getGetPromptResponse();
    assertThat(ran.getCommand()).isEqualTo("sh -c 'exit 3'");
    assertThat(ran.getPromptState()).isEqualTo(GetPromptResponse.State.FINISHED);
    assertThat(ran.getExitStatus()).isEqualTo(3);
    assertThat(ran.getWorkingDirectory()).isEqualTo(Path.of("").toAbsolutePath().toString());

    type("exit 0\n");
    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }

  @Test
  void xtermTitlesTheProgramSendsBecomeItsIconNameWindowNameAndAutoName() throws Exception {
    CompletableFuture<String> attached = new CompletableFuture<>();
    script.onNewSession(attached::complete).get(10, TimeUnit.SECONDS);
    Path go = folder.resolve("go");
    CompletableFuture<Integer> status = pty("sh", "-c", "printf '\\033]1;%s\\007\\033]2;%s\\007' tab-name 'window title'; "
        + "while [ ! -e '" + go + "' ]; do sleep 0.05; done");
    var variables = daemon.bridge().app().session(attached.get(10, TimeUnit.SECONDS)).orElseThrow().variables();

    eventually(() -> assertThat(variables.get("autoName")).contains("window title"));
    assertThat(variables.get("terminalIconName")).contains("tab-name");
    assertThat(variables.get("terminalWindowName")).contains("window title");
    Files.writeString(go, "");
    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }
}
