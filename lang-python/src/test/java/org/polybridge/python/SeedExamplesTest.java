package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.polybridge.host.ControlSequences;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.Subscribers;
import org.polybridge.testkit.RecordingSessionIo;

/** iTerm2's seed examples (daemons.rst, rpcs.txt), unchanged, served by the Python runtime. */
class SeedExamplesTest extends ScriptFixtureTest {
  private static final String CLEAR_SCROLLBACK = "\u001b]1337;ClearScrollback\u0007";

  @Test
  void compositionInjectsSevenIntoTheActiveSession() throws Exception {
    fixture.startExample("composition.py");
    fixture.awaitFunction("show");

    fixture.invoke("show(s: add(a: 1, b: times(a: 2, b: 3)))");

    assertThat(ScriptFixture.displayed(fixture.session)).isEqualTo("7");
  }

  @Test
  void clearSessionClearsOnlyTheSessionItIsInvokedIn() throws Exception {
    Session other = RecordingSessionIo.openIn(fixture.session.tab());
    fixture.startExample("clear_session.py");
    fixture.awaitFunction("clear_session");

    fixture.invokeIn(fixture.session, "clear_session()");

    assertThat(ScriptFixture.displayed(fixture.session)).isEqualTo(CLEAR_SCROLLBACK);
    assertThat(ScriptFixture.displayed(other)).isEmpty();
  }

  @Test
  void clearAllSessionsClearsEverySessionOfEveryWindow() throws Exception {
    Session sameTab = RecordingSessionIo.openIn(fixture.session.tab());
    Session otherWindow = RecordingSessionIo.openIn(fixture.bridge.app().newWindow().newTab());
    fixture.startExample("clear_all_sessions.py");
    fixture.awaitFunction("clear_all_sessions");

    fixture.invoke("clear_all_sessions()");

    for (Session s : new Session[] {fixture.session, sameTab, otherWindow}) {
      assertThat(ScriptFixture.displayed(s)).isEqualTo(CLEAR_SCROLLBACK);
    }
  }

  @Test
  void daemonCreatesAWindowForItsControlSequenceOnly() throws Exception {
    fixture.startExample("create_window_daemon.py");
    awaitSubscription();

    ControlSequences.arrive(fixture.session, "other-secret", "create-window");
    ControlSequences.arrive(fixture.session, "shared-secret", "create-window-now");
    ControlSequences.arrive(fixture.session, "shared-secret", "create-window");

    // The right sequence came last: the script handles sequences in order and its window requests
    // reach the host in order, so once its window is there, any window the wrong ones made would be
    // there too. No waiting for "nothing more".
    awaitWindows(2);
    assertThat(fixture.bridge.app().windows()).hasSize(2);
  }

  @Test
  void daemonAcceptsIdentityAsTheSecondListingSpellsIt() throws Exception {
    String source = Files.readString(ScriptFixture.EXAMPLES.resolve("create_window_daemon.py"))
        .replace("shared_secret=\"shared-secret\"", "identity=\"shared-secret\"");
    assertThat(source).contains("identity=\"shared-secret\"");
    fixture.startSource("create_window_daemon.py", source);
    awaitSubscription();

    ControlSequences.arrive(fixture.session, "shared-secret", "create-window");

    awaitWindows(2);
  }

  private void awaitWindows(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fixture.bridge.app().windows().size() < count) {
      assertThat(System.nanoTime()).as("a window was created; log: %s", fixture.log).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private void awaitSubscription() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Subscribers.listenToControlSequences(fixture.bridge, fixture.session)) {
      assertThat(System.nanoTime()).as("the daemon subscribed; log: %s", fixture.log).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
