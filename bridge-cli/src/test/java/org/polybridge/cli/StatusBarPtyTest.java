package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.testkit.Eventually.eventually;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.RPCRegistrationRequest.StatusBarComponentAttributes;
import org.polybridge.testkit.WireRequests;

/**
 * Status-bar components and title providers registered over the wire, shown by {@code polybridge
 * pty} (in-process, standard input a pipe) attached to a real daemon, its program a real shell.
 */
class StatusBarPtyTest {
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

  private CompletableFuture<Integer> pty(String command) {
    return CompletableFuture.supplyAsync(() -> {
      Main cli = new Main(Map.of(), () -> new AttachedPty.Streams(stdin, screen, false), new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true));
      return cli.execute("pty", "--socket", socket.toString(), "--", "sh", "-c", command);
    });
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private void registerMoodComponent() throws Exception {
    RpcDefinition mood = new RpcDefinition("mood", List.of("knobs", "mood"), Map.of("mood", "user.mood?"), Duration.ofSeconds(5));
    WireRequests.register(script, mood, args -> {
      Map<?, ?> knobs = (Map<?, ?>) args.get("knobs");
      return CompletableFuture.completedFuture(knobs.get("prefix") + String.valueOf(args.get("mood")));
    }, RPCRegistrationRequest.newBuilder().setRole(RPCRegistrationRequest.Role.STATUS_BAR_COMPONENT).setStatusBarComponentAttributes(
        StatusBarComponentAttributes.newBuilder().setUniqueIdentifier("com.example.mood").setShortDescription("Mood")
            .setExemplar("mood: happy").addKnobs(StatusBarComponentAttributes.Knob.newBuilder()
                .setKey("prefix").setName("Prefix").setType(StatusBarComponentAttributes.Knob.Type.String)
                .setJsonDefaultValue("\"mood: \"")))).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aComponentsTextShowsOnTheBottomRowAndFollowsTheVariableItReads() throws Exception {
    registerMoodComponent();
    Path go = folder.resolve("go");
    CompletableFuture<Integer> status = pty("printf '\\033]1337;SetUserVar=mood=%s\\007' aGFwcHk=; "
        + "while [ ! -e '" + go + "' ]; do sleep 0.05; done; "
        + "printf '\\033]1337;SetUserVar=mood=%s\\007' c2Fk; sleep 0.5; echo \"size:$(stty size)\"; printf '\\033[2J'; sleep 0.5");

    // the bottom row of the pipe's 80x24 terminal, in reverse video, the cursor saved around it
    eventually(() -> assertThat(screen()).contains("\033[24;1H\033[2K\033[7m mood: happy \033[0m\0338"));
    assertThat(screen()).as("the program's rows end above the bar").contains("\0337\033[1;23r\0338");
    java.nio.file.Files.writeString(go, "");
    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(screen()).contains("\033[7m mood: sad \033[0m").contains("size:23 80");
    String afterClear = screen().substring(screen().indexOf("size:23 80"));
    assertThat(afterClear).as("a clear screen takes the bar's row: it is drawn again")
        .contains("\033[2J").containsPattern("\\033\\[2J[\\s\\S]*\\033\\[1;23r[\\s\\S]*mood: sad");
  }

  @Test
  void theStatusBarListsEachComponentsTextPerSessionAndForgetsItWithItsOwner() throws Exception {
    registerMoodComponent();
    String session = script.createTab(null, null).get(30, TimeUnit.SECONDS).sessionId();
    script.setVariable(org.polybridge.client.VariableScope.SESSION, session, "user.mood", "calm").get(10, TimeUnit.SECONDS);

    eventually(() -> assertThat(statusBar().toString()).contains("com.example.mood").contains(session + "=mood: calm"));
    script.close();
    eventually(() -> assertThat(statusBar()).isEqualTo(List.of()));
  }

  private Object statusBar() {
    return daemon.bridge().invoke("iterm2.status_bar()", InvocationContext.app(), Duration.ofSeconds(10)).join();
  }

  @Test
  void aTitleProvidersResultIsTheSessionsNameAndTheTerminalsWindowTitle() throws Exception {
    RpcDefinition title = new RpcDefinition("title", List.of("job"), Map.of("job", "jobName"), Duration.ofSeconds(5));
    WireRequests.register(script, title, args -> CompletableFuture.completedFuture("[" + args.get("job") + "]"),
        RPCRegistrationRequest.newBuilder().setRole(RPCRegistrationRequest.Role.SESSION_TITLE).setSessionTitleAttributes(
            RPCRegistrationRequest.SessionTitleAttributes.newBuilder().setDisplayName("Job")
                .setUniqueIdentifier("com.example.job"))).get(10, TimeUnit.SECONDS);
    Path go = folder.resolve("go");
    CompletableFuture<Integer> status = pty("while [ ! -e '" + go + "' ]; do sleep 0.05; done");

    eventually(() -> assertThat(screen()).contains("\033]2;[sh]\007"));
    assertThat(daemon.bridge().app().sessions()).anySatisfy(s -> assertThat(s.variables().get("name")).contains("[sh]"));
    java.nio.file.Files.writeString(go, "");
    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }

  @Test
  void aJavaScriptComponentShowsOnTheBottomRowAsAPythonOneWould() throws Exception {
    java.nio.file.Files.createDirectories(folder.resolve("scripts"));
    java.nio.file.Files.writeString(folder.resolve("scripts").resolve("mood.js"), """
        const mood = new iterm2.StatusBarComponent({ shortDescription: 'Mood', exemplar: 'js mood: happy',
          identifier: 'com.example.js-mood',
          knobs: [iterm2.knob({ type: 'String', name: 'Prefix', key: 'prefix', defaultValue: 'js mood: ' })] });
        iterm2.runForever(async (connection) => {
          await mood.register(connection, iterm2.rpc(async function jsMood(knobs, m = iterm2.Reference('user.mood?')) {
            return [knobs.prefix + m, m];
          }));
        });
        """);
    eventually(java.time.Duration.ofSeconds(60),
        () -> assertThat(statusBar().toString()).contains("com.example.js-mood"));
    Path go = folder.resolve("go");
    CompletableFuture<Integer> status = pty("printf '\\033]1337;SetUserVar=mood=%s\\007' aGFwcHk=; "
        + "while [ ! -e '" + go + "' ]; do sleep 0.05; done");

    eventually(() -> assertThat(screen()).contains("\033[7m js mood: happy \033[0m"));
    java.nio.file.Files.writeString(go, "");
    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }
}
