package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.BridgeException;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.Window;
import org.polybridge.testkit.Eventually;

class PtyHostTest {
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private PtyHost host(String... command) {
    return host(PtyHost.newBuilder().command(List.of(command)));
  }

  private PtyHost host(PtyHost.Builder builder) {
    PtyHost host = builder.build();
    resources.add(host);
    return host;
  }

  private Bridge bridge(PtyHost host) {
    Bridge bridge = Bridge.newBuilder().host(host).build();
    resources.add(bridge);
    return bridge;
  }

  private static Session open(PtyHost host, Bridge bridge) {
    return host.createTab(bridge.app(), null, "Default").orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void textTypedIntoTheShellRunsAndItsOutputReachesTheScrollback() throws Exception {
    PtyHost host = host("/bin/sh");
    Session session = open(host, bridge(host));
    Scrollback scrollback = host.scrollback(session).orElseThrow();

    session.io().type("echo hello-$((6*7))\n");

    Eventually.until("hello-42 in " + scrollback.text(), () -> scrollback.text().contains("hello-42"));
    // the shell may print its first prompt after the terminal echoed the typed line: "# hello-42"
    assertThat(scrollback.lines()).anyMatch(line -> line.endsWith("hello-42") && !line.contains("echo"));
  }

  @Test
  void sessionVariablesDescribeTheProgramAndItsTerminal() throws Exception {
    PtyHost host = host("/bin/sh");
    Session session = open(host, bridge(host));

    assertThat(session.variables().get("name")).contains("sh");
    assertThat(session.variables().get("jobName")).contains("sh");
    assertThat(session.variables().get("pid")).get()
        .isInstanceOf(Long.class).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(session.variables().get("tty")).get().asString().startsWith("/dev/pts/");
    assertThat(session.variables().get("path")).contains(System.getProperty("user.home"));
    assertThat(session.variables().get("columns")).get().isEqualTo(80L);
    assertThat(session.variables().get("rows")).get().isEqualTo(24L);
  }

  @Test
  void mouseReportingModeFollowsWhatTheProgramAsksItsTerminalFor() throws Exception {
    PtyHost host = host("/bin/sh");
    Session session = open(host, bridge(host));
    assertThat(session.variables().get("mouseReportingMode")).contains(-1L);

    // printf in the shell: the sequences reach the session as a program's output, not as the typed echo
    for (String[] step : new String[][] {{"1000h", "0"}, {"1002h", "2"}, {"1003h", "3"}, {"1003l", "-1"}, {"1002h", "2"}}) {
      session.io().type("printf '\\033[?" + step[0] + "'\n");
      long expected = Long.parseLong(step[1]);
      Eventually.until("mouseReportingMode " + expected + " after ?" + step[0],
          () -> session.variables().get("mouseReportingMode").equals(java.util.Optional.of(expected)));
    }
    session.io().type("printf '\\033c'\n"); // a full reset
    Eventually.until("mouseReportingMode -1 after a reset",
        () -> session.variables().get("mouseReportingMode").equals(java.util.Optional.of(-1L)));
  }

  @Test
  void theProgramSeesAnXtermOf80By24WithTheExtraEnvironment() throws Exception {
    PtyHost host = host(PtyHost.newBuilder()
        .command(List.of("/bin/sh", "-c", "echo \"$TERM $(stty size) $ITERM2_COOKIE\"; read x"))
        .environment(Map.of("ITERM2_COOKIE", "c00kie")));
    Session session = open(host, bridge(host));
    Scrollback scrollback = host.scrollback(session).orElseThrow();

    Eventually.until("the program's line in " + scrollback.text(),
        () -> scrollback.lines().contains("xterm-256color 24 80 c00kie"));
  }

  @Test
  void customSequenceFromTheProgramLetsADaemonScriptOpenAWindowWithALiveSession() throws Exception {
    PtyHost shells = host("/bin/sh");
    PtyHost senders = host("/bin/sh", "-c",
        "printf '\\033]1337;Custom=id=%s:%s\\a' shared-secret create-window; sleep 1");
    Bridge bridge = bridge(shells);
    ApiClient daemon = new ApiClient(bridge.connect("daemon"), Runnable::run);
    List<String> payloads = new CopyOnWriteArrayList<>();
    List<String> created = new CopyOnWriteArrayList<>();
    daemon.onCustomControlSequence("all", "shared-secret", (sessionId, payload) -> {
      payloads.add(payload);
      if (payload.equals("create-window")) {
        daemon.createTab(null, null).thenAccept(tab -> created.add(tab.sessionId()));
      }
    }).join();

    Session sender = open(senders, bridge);

    Eventually.until("a window created on request", () -> created.size() == 1);
    assertThat(payloads).containsExactly("create-window");
    Session opened = bridge.app().session(created.get(0)).orElseThrow();
    assertThat(opened.isLive()).isTrue();
    assertThat(opened.tab().window()).isNotEqualTo(sender.tab().window());
    assertThat(bridge.app().windows()).contains(opened.tab().window());
    assertThat(shells.sessions()).containsExactly(opened);
    assertThat(opened.variables().get("name")).contains("sh");
  }

  @Test
  void otherIdentitiesAndOtherPayloadsOpenNoWindow() throws Exception {
    PtyHost host = host("/bin/sh", "-c", "printf '\\033]1337;Custom=id=%s:%s\\a'"
        + " other-secret create-window shared-secret something-else shared-secret done; read x");
    Bridge bridge = bridge(host);
    ApiClient daemon = new ApiClient(bridge.connect("daemon"), Runnable::run);
    List<String> payloads = new CopyOnWriteArrayList<>();
    daemon.onCustomControlSequence("all", "shared-secret", (sessionId, payload) -> {
      payloads.add(payload);
      if (payload.equals("create-window")) {
        daemon.createTab(null, null);
      }
    }).join();

    open(host, bridge);

    Eventually.until("the last sequence", () -> payloads.contains("done"));
    assertThat(payloads).containsExactly("something-else", "done");
    assertThat(bridge.app().windows()).hasSize(1);
  }

  @Test
  void setUserVarFromTheProgramReachesReferenceDefaults() throws Exception {
    PtyHost host = host("/bin/sh", "-c",
        "printf '\\033]1337;SetUserVar=%s=%s\\a' branch $(printf main | base64); read x");
    Bridge bridge = bridge(host);
    bridge.register(new RpcDefinition("f", List.of("b"), Map.of("b", "user.branch?"), null), a -> a.get("b"));

    Session session = open(host, bridge);

    Eventually.until("user.branch set", () -> session.variables().get("user.branch").isPresent());
    assertThat(session.variables().get("user.branch")).contains("main");
    assertThat(bridge.invoke("f()", InvocationContext.session(session.id()), null).get(5, TimeUnit.SECONDS))
        .isEqualTo("main");
  }

  @Test
  void jobNameFollowsTheJobInTheTerminalsForeground() throws Exception {
    PtyHost host = host("/bin/sh");
    Session session = open(host, bridge(host));
    assertThat(session.variables().get("jobName")).contains("sh");

    session.io().type("sleep 30\n");
    Eventually.until("jobName sleep", () -> session.variables().get("jobName").equals(java.util.Optional.of("sleep")));

    session.io().type("\003"); // Ctrl-C: the shell is in the foreground again, and prompts
    Eventually.until("jobName sh", () -> session.variables().get("jobName").equals(java.util.Optional.of("sh")));
  }

  @Test
  void pathFollowsTheDirectoryTheShellAnnounces() throws Exception {
    PtyHost host = host("/bin/sh", "-c", "read x; cd /tmp && printf '\\033]7;file://localhost%s\\a' \"$PWD\"; read y");
    Session session = open(host, bridge(host));
    String started = (String) session.variables().get("path").orElseThrow();

    session.io().type("go\n");

    Eventually.until("path is /tmp", () -> session.variables().get("path").equals(java.util.Optional.of("/tmp")));
    assertThat(started).isNotEqualTo("/tmp");
  }

  @Test
  void outputWrittenJustBeforeTheProgramExitsIsStillRead() throws Exception {
    PtyHost host = host("/bin/sh", "-c", "printf '\\033]1337;SetUserVar=last=%s\\a' $(printf words | base64)");
    Session session = open(host, bridge(host));

    Eventually.until("session terminated", () -> !session.isLive());
    assertThat(session.variables().get("user.last")).contains("words");
  }

  @Test
  void programExitingTerminatesItsSessionAndItsWindowGoes() throws Exception {
    PtyHost host = host("/bin/sh");
    Bridge bridge = bridge(host);
    ApiClient client = new ApiClient(bridge.connect("watcher"), Runnable::run);
    List<String> terminated = new CopyOnWriteArrayList<>();
    client.onSessionTerminated(terminated::add).join();
    Session session = open(host, bridge);
    Window window = session.tab().window();

    session.io().type("exit\n");

    Eventually.until("termination heard", () -> terminated.contains(session.id()));
    assertThat(session.isLive()).isFalse();
    assertThat(bridge.app().windows()).doesNotContain(window);
    assertThat(host.sessions()).doesNotContain(session);
    assertThat(host.scrollback(session)).isEmpty();
  }

  @Test
  void closingTheSessionKillsItsProgramAndTerminatesTheSession() throws Exception {
    PtyHost host = host("sleep", "100");
    Bridge bridge = bridge(host);
    Session session = open(host, bridge);
    long pid = (Long) session.variables().get("pid").orElseThrow();

    session.io().close();

    Eventually.until("session terminated", () -> !session.isLive());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(bridge.app().sessions()).doesNotContain(session);
  }

  @Test
  void closingTheWindowInTheModelHangsUpItsProgram() throws Exception {
    PtyHost host = host("sleep", "100");
    Session session = open(host, bridge(host));
    long pid = (Long) session.variables().get("pid").orElseThrow();

    session.tab().window().close();

    Eventually.until("program ended", () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    Eventually.until("host forgot the session", () -> host.sessions().isEmpty());
  }

  @Test
  void aProgramIgnoringTheHangupIsKilledAfterTheGracePeriod() throws Exception {
    PtyHost host = host(PtyHost.newBuilder()
        .command(List.of("/bin/sh", "-c", "trap '' HUP; echo ready; while :; do sleep 1; done"))
        .gracePeriod(java.time.Duration.ofMillis(200)));
    Session session = open(host, bridge(host));
    Scrollback scrollback = host.scrollback(session).orElseThrow();
    Eventually.until("trap set", () -> scrollback.lines().contains("ready"));

    session.io().close();

    Eventually.until("session terminated", () -> !session.isLive());
  }

  @Test
  void injectedBytesJoinTheScrollbackAndReachTheScanner() throws Exception {
    PtyHost host = host("/bin/sh", "-c", "read x");
    Bridge bridge = bridge(host);
    Session session = open(host, bridge);

    ApiClient client = new ApiClient(bridge.connect("client"), Runnable::run);
    client.inject(session.id(), "\033]1337;SetUserVar=who=d2hv\007shown\r\n".getBytes(StandardCharsets.UTF_8)).join();

    // the scrollback keeps what the session shows: polybridge's own sequences are consumed
    assertThat(host.scrollback(session).orElseThrow().text()).endsWith("shown\r\n").doesNotContain("SetUserVar");
    assertThat(session.variables().get("user.who")).contains("who");
  }

  @Test
  void scrollbackStaysBoundedWhenTheProgramPrintsMore() throws Exception {
    PtyHost host = host(PtyHost.newBuilder()
        .command(List.of("/bin/sh", "-c", "read go; yes | head -c 3000000"))
        .scrollbackCapacity(1 << 20));
    Session session = open(host, bridge(host));
    Scrollback scrollback = host.scrollback(session).orElseThrow();

    session.io().type("go\n");

    Eventually.until("session terminated", () -> !session.isLive());
    assertThat(scrollback.written()).isGreaterThan(3_000_000);
    assertThat(scrollback.bytes()).hasSize(1 << 20);
    assertThat(scrollback.lines()).allMatch(line -> line.equals("y") || line.isEmpty());
  }

  @Test
  void closingTheHostEndsEverySessionItStarted() throws Exception {
    PtyHost host = host("sleep", "100");
    Bridge bridge = bridge(host);
    Session first = open(host, bridge);
    Session second = host.createTab(bridge.app(), first.tab().window(), "Default").join();

    host.close();

    assertThat(first.isLive()).isFalse();
    assertThat(second.isLive()).isFalse();
    assertThat(bridge.app().windows()).isEmpty();
    assertThatThrownBy(() -> host.createTab(bridge.app(), null, "Default").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BridgeException.class);
  }

  @Test
  void aProgramThatCannotStartFailsTheNewTabAndOpensNoWindow() throws Exception {
    PtyHost host = host("/nonexistent/program");
    Bridge bridge = bridge(host);

    assertThatThrownBy(() -> open(host, bridge))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BridgeException.class)
        .hasMessageContaining("/nonexistent/program");
    assertThat(bridge.app().windows()).isEmpty();
  }
}
