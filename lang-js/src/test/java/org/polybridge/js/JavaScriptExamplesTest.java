package org.polybridge.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.InvocationContext;
import org.polybridge.host.HostEvents;
import org.polybridge.host.Session;
import org.polybridge.testkit.RecordingSessionIo;

/** The JavaScript twins of the seed examples, run from an AutoLaunch folder and driven as a user would. */
class JavaScriptExamplesTest {
  private static final Path TWINS = Path.of("..", "examples", "Scripts", "js-twins");
  private static final String CLEAR_SCROLLBACK = "\u001b]1337;ClearScrollback\u0007";

  @TempDir Path temp;
  private JsBench bench;

  @BeforeEach
  void open() throws Exception {
    bench = new JsBench(temp);
  }

  @AfterEach
  void close() {
    bench.close();
  }

  private void install(String example) throws Exception {
    bench.write(example, Files.readString(TWINS.resolve(example)));
  }

  @Test
  void compositionInjectsSevenIntoTheCurrentSession() throws Exception {
    install("composition.js");
    bench.start();

    assertThat(bench.call("add(a: 1, b: times(a: 2, b: 3))")).isEqualTo(7L);
    bench.call("show(s: add(a: 1, b: times(a: 2, b: 3)))");

    assertThat(bench.io.displayed()).isEqualTo("7");
  }

  @Test
  void clearAllSessionsClearsEverySession() throws Exception {
    Session second = RecordingSessionIo.openIn(bench.session.tab().window().newTab());
    install("clear_all_sessions.js");
    bench.start();

    bench.call("clear_all_sessions()");

    assertThat(bench.io.displayed()).isEqualTo(CLEAR_SCROLLBACK);
    assertThat(((RecordingSessionIo) second.io()).displayed()).isEqualTo(CLEAR_SCROLLBACK);
  }

  @Test
  void clearSessionClearsOnlyTheSessionItIsInvokedFrom() throws Exception {
    Session other = RecordingSessionIo.openIn(bench.session.tab().window().newTab());
    install("clear_session.js");
    bench.start();

    bench.callIn(InvocationContext.session(bench.session.id()), "clear_session()");

    assertThat(bench.io.displayed()).isEqualTo(CLEAR_SCROLLBACK);
    assertThat(((RecordingSessionIo) other.io()).displayed()).isEmpty();
  }

  @Test
  void createWindowDaemonOpensAWindowForItsOwnSequenceOnly() throws Exception {
    install("create_window_daemon.js");
    bench.start();
    bench.awaitLog("create_window_daemon.js", "INFO  loaded");
    int windows = bench.bridge.app().windows().size();

    HostEvents.customControlSequence(bench.session, "someone-else", "create-window");
    HostEvents.customControlSequence(bench.session, "shared-secret", "delete-window");
    HostEvents.customControlSequence(bench.session, "shared-secret", "create-window");

    // The right sequence came last and the script handles them in order: once its window is there,
    // a window made for a wrong one would be there too.
    JsBench.await(() -> bench.bridge.app().windows().size() > windows, () -> "a new window");
    assertThat(bench.bridge.app().windows()).hasSize(windows + 1);
  }

  @Test
  void createWindowDaemonIgnoresOtherIdentitiesAndPayloads() throws Exception {
    bench.write("probe.js", """
        iterm2.runForever(async connection => {
          const seen = [];
          const sequence = new iterm2.CustomControlSequence({
            connection, sharedSecret: 'shared-secret', regex: '^create-(\\\\w+)$',
            callback: async (match, sessionId) => { seen.push(match[1] + '@' + (sessionId !== undefined)); },
          });
          await sequence.register();
          await iterm2.rpc(async function seen_payloads() { return seen; }).register(connection);
        });
        """);
    bench.start();
    bench.call("seen_payloads()");

    HostEvents.customControlSequence(bench.session, "someone-else", "create-window");
    HostEvents.customControlSequence(bench.session, "shared-secret", "delete-window");
    HostEvents.customControlSequence(bench.session, "shared-secret", "create-tab");

    JsBench.await(() -> {
      try {
        return !((java.util.List<?>) bench.invoke("seen_payloads()")).isEmpty();
      } catch (Exception e) {
        return false;
      }
    }, () -> "a payload");
    assertThat(bench.invoke("seen_payloads()")).isEqualTo(java.util.List.of("tab@true"));
  }
}
