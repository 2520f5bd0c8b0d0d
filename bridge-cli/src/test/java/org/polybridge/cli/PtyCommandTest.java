package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.testkit.Eventually.eventually;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.client.ApiClient;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.CreateTabRequest;
import org.polybridge.testkit.WireRequests;
import org.polybridge.transport.Credentials;

/** {@code polybridge pty} in-process, its standard input a pipe, against a real daemon on a temporary socket. */
class PtyCommandTest {
  @TempDir Path folder;
  private Path socket;
  private Daemon daemon;
  private ApiClient script;
  private final PipedOutputStream keys = new PipedOutputStream();
  private PipedInputStream stdin;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private OutputStream screenOut = screen;
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

  private int pty(String... args) throws Exception {
    Main cli = new Main(Map.of(), () -> new AttachedPty.Streams(stdin, screenOut, false), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "pty";
    all[1] = "--socket";
    all[2] = socket.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return cli.execute(all);
  }

  /** {@link #pty} on another thread: its exit status, when the program has ended. */
  private CompletableFuture<Integer> ptyInBackground(String... args) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return pty(args);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  /** A screen that shows nothing until {@code reads} is counted down, as a terminal after Ctrl-S. */
  private OutputStream screenHeldUntil(CountDownLatch reads) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          reads.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        synchronized (screen) {
          screen.write(b, off, len);
        }
      }
    };
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }


  @Test
  void customSequenceFromTheProgramLetsAScriptOpenAWindow() throws Exception {
    CompletableFuture<String> created = new CompletableFuture<>();
    script.onCustomControlSequence("all", "shared-secret", (session, payload) -> {
      if (payload.equals("create-window")) {
        script.createTab(null, null).whenComplete((r, e) -> {
          if (e != null) {
            created.completeExceptionally(e);
          } else {
            created.complete(r.sessionId());
          }
        });
      }
    }).get(10, TimeUnit.SECONDS);

    int status = pty("--", "sh", "-c", "printf \"\\033]1337;Custom=id=%s:%s\\a\" shared-secret create-window; sleep 1");

    assertThat(status).as(err.toString()).isZero();
    String newSession = created.get(10, TimeUnit.SECONDS);
    assertThat(daemon.bridge().app().session(newSession)).isPresent();
    eventually(() -> assertThat(daemon.bridge().app().windows()).as("the pty's window is gone, the new one stays").hasSize(1));
    assertThat(screen()).contains("\033]1337;Custom=id=shared-secret:create-window\007");
  }

  @Test
  void theProgramStartedBeforeTheDaemonAnswersHasItsSessionsIdAndItsFirstOutputReachesTheSession() throws Exception {
    CompletableFuture<String> heard = new CompletableFuture<>();
    script.onCustomControlSequence("all", "shared-secret", (session, payload) -> heard.complete(session + " " + payload))
        .get(10, TimeUnit.SECONDS);

    // its first and only output, at once, then it exits
    int status = pty("--", "sh", "-c", "printf \"\\033]1337;Custom=id=shared-secret:%s\\a\" \"$POLYBRIDGE_SESSION\"");

    assertThat(status).as(err.toString()).isZero();
    String[] sessionAndPayload = heard.get(10, TimeUnit.SECONDS).split(" ");
    assertThat(sessionAndPayload[1]).as("the program's POLYBRIDGE_SESSION").isEqualTo(sessionAndPayload[0]).isNotBlank();
  }

  @Test
  void exitStatusIsTheProgramsAndTheSessionEndsWithIt() throws Exception {
    CompletableFuture<String> terminated = new CompletableFuture<>();
    script.onSessionTerminated(terminated::complete).get(10, TimeUnit.SECONDS);

    int status = pty("--", "sh", "-c", "exit 7");

    assertThat(status).isEqualTo(7);
    assertThat(terminated.get(10, TimeUnit.SECONDS)).isNotEmpty();
    eventually(() -> assertThat(daemon.bridge().app().sessions()).isEmpty());
  }

  @Test
  void theReaderOfKeysIsLetGoWhenTheProgramHasEndedNotLeftBlockedUntilTheJvmExits() throws Exception {
    // HotSpot's exit waits up to 300 ms for a thread blocked in a read of the terminal: the reader
    // must not be left in its read of standard input (here a pipe nobody writes to) once pty returns.
    int status = pty("--", "true");

    assertThat(status).as(err.toString()).isZero();
    eventually(() -> assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("polybridge-pty-stdin")));
  }

  @Test
  void everyLineOfAProgramThatWritesFastAndExitsReachesTheScreenInOrder() throws Exception {
    // Output is gathered into large chunks while the program writes, and the last of it is read
    // after the program has gone: nothing may be lost or reordered.
    int status = pty("--", "sh", "-c", "seq 1 200000; echo last-line");

    assertThat(status).as(err.toString()).isZero();
    String shown = screen().replace("\r\n", "\n");
    assertThat(shown).endsWith("199999\n200000\nlast-line\n");
    assertThat(shown.lines().filter(l -> l.matches("\\d+")).count()).isEqualTo(200_000);
    assertThat(shown).contains("\n99999\n100000\n100001\n");
  }

  @Test
  void injectShowsBytesAndSendTextTypesIntoTheProgram() throws Exception {
    CompletableFuture<String> attached = new CompletableFuture<>();
    script.onNewSession(attached::complete).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = ptyInBackground("--", "sh", "-c", "read line; echo \"got:$line\"; echo \"session:$POLYBRIDGE_SESSION cookie:${ITERM2_COOKIE:+set}"
        + " socket:$POLYBRIDGE_SOCKET\"");
    String session = attached.get(10, TimeUnit.SECONDS);

    script.inject(session, "[injected]".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    script.sendText(session, "hello\n").get(10, TimeUnit.SECONDS);

    assertThat(status.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(screen()).contains("[injected]").contains("got:hello").contains("session:" + session + " cookie:set socket:" + socket.toAbsolutePath());
  }

  @Test
  void sessionsTheDaemonStartsKnowItsSocketAndCredentials() throws Exception {
    // A command rather than typing into the user's shell, whose start-up files (a slow rc) the test
    // does not control.
    String session = WireRequests.request(script, ClientOriginatedMessage.newBuilder().setCreateTabRequest(CreateTabRequest.newBuilder()
            .setCommand("echo \"socket:$POLYBRIDGE_SOCKET cookie:${ITERM2_COOKIE:+set}\"; sleep 30")))
        .get(30, TimeUnit.SECONDS).getCreateTabResponse().getSessionId();
    eventually(() -> assertThat(String.join("\n", script.buffer(session, 20).join()))
        .contains("socket:" + socket.toAbsolutePath() + " cookie:set"));
    daemon.bridge().app().session(session).orElseThrow().io().close();
  }

  @Test
  void aScreenThatStopsReadingHoldsUpNeitherInjectNorTypedText() throws Exception {
    CountDownLatch screenReads = new CountDownLatch(1);
    screenOut = screenHeldUntil(screenReads);
    Path got = folder.resolve("got");
    CompletableFuture<String> attached = new CompletableFuture<>();
    script.onNewSession(attached::complete).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = ptyInBackground("--", "sh", "-c", "echo started; read line; echo \"$line\" > '" + got + "'");
    String session = attached.get(10, TimeUnit.SECONDS);

    for (int i = 0; i < 3; i++) {
      script.inject(session, ("[injected " + i + "]").getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
    }
    script.sendText(session, "typed\n").get(10, TimeUnit.SECONDS);

    eventually(() -> assertThat(got).exists().content().isEqualToIgnoringNewLines("typed"));
    screenReads.countDown();
    assertThat(status.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    // The program's own output runs concurrently with the injections and may land between them.
    assertThat(screen()).contains("started").containsSubsequence("[injected 0]", "[injected 1]", "[injected 2]");
  }

  @Test
  void theDaemonHearsOutputThatAScreenWhichStoppedReadingHasNotShownYet() throws Exception {
    CountDownLatch screenReads = new CountDownLatch(1);
    screenOut = screenHeldUntil(screenReads);
    CompletableFuture<String> attached = new CompletableFuture<>();
    script.onNewSession(attached::complete).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = ptyInBackground("--", "sh", "-c", "echo held-back; read line");
    String session = attached.get(10, TimeUnit.SECONDS);

    eventually(() -> assertThat(String.join("\n", script.buffer(session, 20).join())).contains("held-back"));
    assertThat(screen()).doesNotContain("held-back");
    script.sendText(session, "\n").get(10, TimeUnit.SECONDS);
    screenReads.countDown();

    assertThat(status.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(screen()).contains("held-back");
  }

  @Test
  void closingTheSessionFromTheDaemonHangsUpTheProgram() throws Exception {
    CompletableFuture<String> attached = new CompletableFuture<>();
    script.onNewSession(attached::complete).get(10, TimeUnit.SECONDS);
    CompletableFuture<Integer> status = ptyInBackground("--", "sleep", "30");
    String session = attached.get(10, TimeUnit.SECONDS);

    daemon.bridge().app().session(session).orElseThrow().io().close();

    assertThat(status.get(10, TimeUnit.SECONDS)).isNotZero();
    eventually(() -> assertThat(daemon.bridge().app().sessions()).isEmpty());
  }

  @Test
  void theProgramsOwnOptionsStayItsOwnWithoutADoubleDash() throws Exception {
    int status = pty("sh", "-c", "exit 4");

    assertThat(status).as(err.toString()).isEqualTo(4);
  }

  @Test
  void keysFromStandardInputReachTheProgram() throws Exception {
    keys.write("typed\n".getBytes(StandardCharsets.UTF_8));
    keys.flush();

    int status = pty("--", "sh", "-c", "read line; echo \"read:$line\"");

    assertThat(status).as(err.toString()).isZero();
    assertThat(screen()).contains("read:typed");
  }

  @Test
  void missingDaemonSaysHowToStartOne() throws Exception {
    daemon.close();

    int status = pty("--", "true");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("polybridge: no polybridge daemon at " + socket + ": start one with `polybridge run`");
  }

  @Test
  void aRefusedCookieLeavesTheProgramRunningDetachedWithAdvice() throws Exception {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    Main cli = new Main(Map.of("ITERM2_COOKIE", "stale", "ITERM2_KEY", "stale"),
        () -> new AttachedPty.Streams(stdin, screen, false, new java.io.PrintStream(said, true, StandardCharsets.UTF_8)),
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

    // the daemon's process runs: the program starts while the connection is made, and the refusal comes after
    int status = cli.execute("pty", "--socket", socket.toString(), "--", "sh", "-c", "exit 4");

    assertThat(status).as("the program's").isEqualTo(4);
    assertThat(said.toString(StandardCharsets.UTF_8)).contains("the daemon refused the cookie").contains("sh runs on, detached");
    assertThat(daemon.bridge().app().sessions()).isEmpty();
  }

  @Test
  void aSocketWhoseDaemonDiedWithoutRemovingItRunsNoProgram() throws Exception {
    daemon.close();
    // what a daemon killed with SIGKILL leaves: its socket, its credentials, its pid file naming no process
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    Credentials.random().write(DaemonAddress.authFile(socket));
    Files.writeString(PidFile.of(socket), Long.MAX_VALUE + "\n");
    Path ran = folder.resolve("ran");

    int status = pty("--", "sh", "-c", "touch \"$0\"", ran.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("polybridge: no polybridge daemon at " + socket + ": start one with `polybridge run`");
    assertThat(ran).as("the program never ran").doesNotExist();
  }

  @Test
  void theProgramStartsBeforeTheDaemonTakesTheConnectionAndWhatItWroteMeanwhileReachesItsSession() throws Exception {
    CompletableFuture<String> heard = new CompletableFuture<>();
    script.onCustomControlSequence("all", "shared-secret", (session, payload) -> heard.complete(payload)).get(10, TimeUnit.SECONDS);
    // the daemon's socket behind one that takes connections but passes them on only when released:
    // a daemon busy starting, as at login
    Path held = Files.createDirectory(folder.resolve("held"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path heldSocket = held.resolve("socket");
    Files.copy(DaemonAddress.authFile(socket), DaemonAddress.authFile(heldSocket), StandardCopyOption.COPY_ATTRIBUTES);
    PidFile.write(PidFile.of(heldSocket));
    CountDownLatch release = new CountDownLatch(1);
    Path ran = folder.resolve("ran");
    try (ServerSocketChannel front = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      front.bind(UnixDomainSocketAddress.of(heldSocket));
      Thread.ofPlatform().daemon().start(() -> passOnWhenReleased(front, release));

      Main cli = new Main(Map.of(), () -> new AttachedPty.Streams(stdin, screenOut, false), new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true));
      CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> cli.execute("pty", "--socket", heldSocket.toString(),
          "--", "sh", "-c", "printf '\\033]1337;Custom=id=shared-secret:early\\a'; touch \"$0\"; read line; exit 5", ran.toString()));

      eventually(() -> assertThat(ran).as("the program ran before the daemon took the connection").exists());
      eventually(() -> assertThat(screen()).as("shown at once").contains("\033]1337;Custom=id=shared-secret:early\007"));
      assertThat(heard).as("the daemon cannot have heard it yet").isNotDone();
      release.countDown();
      assertThat(heard.get(10, TimeUnit.SECONDS)).as("what the program wrote before the link was up").isEqualTo("early");
      keys.write("go\n".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      assertThat(status.get(10, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(5);
    }
  }

  /** Takes one connection on {@code front} and, once {@code release} is counted down, joins it to the daemon's socket. */
  private void passOnWhenReleased(ServerSocketChannel front, CountDownLatch release) {
    try (SocketChannel client = front.accept(); SocketChannel daemonSide = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      release.await();
      Thread up = Thread.ofPlatform().daemon().start(() -> pump(client, daemonSide));
      pump(daemonSide, client);
      up.join();
    } catch (IOException | InterruptedException e) {
      // the test has ended
    }
  }

  private static void pump(SocketChannel from, SocketChannel to) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16 * 1024);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Test
  void helpDescribesTheCommand() {
    StringWriter help = new StringWriter();
    Main cli = new Main(Map.of(), null, new PrintWriter(help, true), new PrintWriter(err, true));

    assertThat(cli.execute("pty", "--help")).isZero();
    assertThat(help.toString()).contains("Usage: polybridge pty").contains("--socket").contains("--tcp").contains("CMD");
  }
}
