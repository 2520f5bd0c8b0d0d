package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.ProtocolException;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Session;

/** polybridge's terminal extension ({@code pty.polybridge.org}) on a real Unix socket, without the CLI. */
class TerminalAttachTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiClient api = new ApiClient(bridge.connect("test script"), Executors.newVirtualThreadPerTaskExecutor());
  private final RecordingListener terminal = new RecordingListener();
  @TempDir Path folder;
  private UnixDomainSocketAddress address;

  @BeforeEach
  void listen() {
    Path socket = folder.resolve("private").resolve("socket");
    ApiListener.unixSocket(bridge, socket, ApiListener.Options.newBuilder().credentials(credentials).build());
    address = UnixDomainSocketAddress.of(socket);
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private TerminalLink attach() throws Exception {
    return Connections.attachTerminal(address, credentials, "test terminal", terminal).get(10, TimeUnit.SECONDS);
  }

  private Session attachedSession(TerminalLink link) throws Exception {
    String id = link.hello("/bin/sh -l", 100, 30, "/tmp").get(10, TimeUnit.SECONDS);
    return bridge.app().session(id).orElseThrow();
  }

  @Test
  void helloOpensASessionInANewWindowWithTheTerminalsVariables() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      assertThat(bridge.app().sessions()).containsExactly(session);
      assertThat(session.variables().all())
          .containsEntry("name", "sh").containsEntry("jobName", "sh").containsEntry("commandLine", "/bin/sh -l")
          .containsEntry("path", "/tmp").containsEntry("columns", 100L).containsEntry("rows", 30L);
      assertThat(session.io().columns()).isEqualTo(100);
    }
  }

  @Test
  void helloWithASessionIdTheClientChoseOpensTheSessionWithThatId() throws Exception {
    String chosen = TerminalLink.newSessionId();
    try (TerminalLink link = attach()) {
      // the output goes before the answer, as a program started at once writes it
      CompletableFuture<String> answer = link.hello("sh", 80, 24, "/tmp", null, chosen);
      link.output("early\r\n".getBytes(StandardCharsets.UTF_8), 0, 7);

      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(chosen);
      Session session = bridge.app().session(chosen).orElseThrow();
      assertThat(session.variables().get("id")).hasValue(chosen);
      eventually(() -> assertThat(api.buffer(chosen, 5).join()).contains("early"));
    }
  }

  @Test
  void helloWithTheIdOfALiveSessionClosesTheConnectionAndLeavesThatSessionAlone() throws Exception {
    try (TerminalLink first = attach()) {
      Session live = attachedSession(first);
      TerminalLink second = attach();

      CompletableFuture<String> answer = second.hello("sh", 80, 24, "/tmp", null, live.id());

      second.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(answer).isCompletedExceptionally();
      assertThat(bridge.app().sessions()).containsExactly(live);
      assertThat(live.isLive()).isTrue();
    }
  }

  @Test
  void resizeUpdatesColumnsAndRows() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      link.resize(132, 43);

      eventually(() -> assertThat(session.variables().all()).containsEntry("columns", 132L).containsEntry("rows", 43L));
    }
  }

  @Test
  void jobUpdatesJobName() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      link.job("vim");

      eventually(() -> assertThat(session.variables().get("jobName")).hasValue("vim"));
    }
  }

  @Test
  void customControlSequenceInTheOutputReachesASubscriberAcrossFrames() throws Exception {
    BlockingQueue<String> payloads = new LinkedBlockingQueue<>();
    api.onCustomControlSequence("all", "shared-secret", (session, payload) -> payloads.add(session + " " + payload)).get(10, TimeUnit.SECONDS);
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);
      byte[] out = "hello \033]1337;Custom=id=shared-secret:create-window\007 world".getBytes(StandardCharsets.UTF_8);

      link.output(out, 0, 20);
      link.output(out, 20, out.length - 20);

      assertThat(payloads.poll(10, TimeUnit.SECONDS)).isEqualTo(session.id() + " create-window");
    }
  }

  @Test
  void setUserVarInTheOutputSetsAUserVariable() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);
      byte[] out = "\033]1337;SetUserVar=branch=bWFpbg==\007".getBytes(StandardCharsets.US_ASCII);

      link.output(out, 0, out.length);

      eventually(() -> assertThat(session.variables().get("user.branch")).hasValue("main"));
    }
  }

  @Test
  void bufferReadsTheLastLinesOfOutputAndInjectedBytesAsPlainText() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);
      byte[] out = "\033[32m$\033[0m make\r\n 50%\r100%\r\n".getBytes(StandardCharsets.UTF_8);
      link.output(out, 0, out.length);
      eventually(() -> assertThat(session.io().lines()).hasSize(2));

      api.inject(session.id(), "\033[1mdone\033[0m".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

      assertThat(api.buffer(session.id(), 2).get(10, TimeUnit.SECONDS)).containsExactly("100%", "done");
      assertThat(api.buffer(session.id(), 10).get(10, TimeUnit.SECONDS)).containsExactly("$ make", "100%", "done");
    }
  }

  @Test
  void outputOverTheUnixSocketWithTheMaskingKeyZeroArrivesByteExact() throws Exception {
    try (TerminalLink link = attach()) {
      assertOutputArrivesWhole(link);
    }
  }

  @Test
  void outputOverTcpWithRandomMaskingKeysArrivesByteExact() throws Exception {
    ApiListener tcp = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).build());
    var where = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), tcp.port());
    try (TerminalLink link = Connections.attachTerminal(where, credentials, "test terminal", terminal).get(10, TimeUnit.SECONDS)) {
      assertOutputArrivesWhole(link);
    }
  }

  /** 1 MB of text in chunks of every size up to 64 KB, as the session prints it. */
  private void assertOutputArrivesWhole(TerminalLink link) throws Exception {
    Session session = attachedSession(link);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    session.addOutputListener((bytes, offset, length) -> {
      synchronized (printed) {
        printed.write(bytes, offset, length);
      }
    });
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int line = 0; text.size() < 1 << 20; line++) {
      text.writeBytes(("line " + line + " of the program's output, " + "x".repeat(line % 97) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    byte[] out = text.toByteArray();

    java.util.Random sizes = new java.util.Random(7);
    for (int at = 0; at < out.length; ) {
      int n = Math.min(out.length - at, 1 + sizes.nextInt(sizes.nextBoolean() ? 200 : 64 * 1024));
      link.output(out, at, n);
      at += n;
    }

    eventually(() -> {
      synchronized (printed) {
        assertThat(printed.size()).isEqualTo(out.length);
      }
    });
    synchronized (printed) {
      assertThat(printed.toByteArray()).isEqualTo(out);
    }
  }

  @Test
  void injectArrivesAtTheClientAsBytesToShow() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      api.inject(session.id(), "\033[1mbold\033[0m".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

      eventually(() -> assertThat(terminal.displayed()).isEqualTo("\033[1mbold\033[0m"));
    }
  }

  @Test
  void sendTextArrivesAsTextToTypeAndCloseAsARequestToEndTheProgram() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      api.sendText(session.id(), "ls\n").get(10, TimeUnit.SECONDS);
      bridge.invoke("1").get(10, TimeUnit.SECONDS);
      session.io().close();

      assertThat(terminal.closeRequested.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(terminal.typed).containsExactly("ls\n");
      assertThat(session.isLive()).as("the session lives until the program exits").isTrue();
    }
  }

  @Test
  void closingTheClientTerminatesTheSession() throws Exception {
    CompletableFuture<String> terminated = new CompletableFuture<>();
    api.onSessionTerminated(terminated::complete).get(10, TimeUnit.SECONDS);
    TerminalLink link = attach();
    Session session = attachedSession(link);

    link.close();

    assertThat(terminated.get(10, TimeUnit.SECONDS)).isEqualTo(session.id());
    assertThat(bridge.app().windows()).isEmpty();
  }

  @Test
  void exitTerminatesTheSessionWhileTheConnectionStaysOpen() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      link.exit(0);

      eventually(() -> assertThat(session.isLive()).isFalse());
      assertThat(link.closeFuture()).isNotDone();
    }
  }

  @Test
  void sessionEndedByTheHostAsksTheClientToClose() throws Exception {
    try (TerminalLink link = attach()) {
      Session session = attachedSession(link);

      session.tab().window().close();

      assertThat(terminal.closeRequested.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void outputBeforeHelloClosesTheConnection() throws Exception {
    TerminalLink link = attach();

    link.output(new byte[] {'x'}, 0, 1);

    link.closeFuture().get(10, TimeUnit.SECONDS);
    assertThat(bridge.app().sessions()).isEmpty();
  }

  @Test
  void wrongCookieIsRefusedForTheExtensionToo() {
    assertThatThrownBy(() -> Connections.attachTerminal(address, Credentials.random(), "stale", terminal).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining("the daemon refused the cookie")
        .hasMessageContaining("401");
    assertThat(bridge.app().sessions()).isEmpty();
  }

  @Test
  void missingDaemonSaysHowToStartOne() {
    var nowhere = UnixDomainSocketAddress.of(folder.resolve("none"));

    assertThatThrownBy(() -> Connections.attachTerminal(nowhere, credentials, "lost", terminal).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("no polybridge daemon at " + nowhere.getPath() + ": start one with `polybridge run`");
  }


  /** What the host asked of the terminal. */
  private static final class RecordingListener implements TerminalLink.Listener {
    private final ByteArrayOutputStream displayed = new ByteArrayOutputStream();
    final List<String> typed = new CopyOnWriteArrayList<>();
    final CountDownLatch closeRequested = new CountDownLatch(1);

    @Override
    public synchronized void display(byte[] bytes) {
      displayed.writeBytes(bytes);
    }

    synchronized String displayed() {
      return displayed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void type(String text) {
      typed.add(text);
    }

    @Override
    public void close() {
      closeRequested.countDown();
    }
  }
}
