package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.Subscribers;
import org.polybridge.testkit.Eventually;

/**
 * iTerm2's daemon example, unchanged, on the default host: a program in a real pseudo-terminal
 * prints the custom control sequence and the Python script opens a window with a new shell.
 */
class SeedDaemonEndToEndTest {
  @TempDir Path temp;

  @Test
  void customSequenceFromAProgramMakesTheSeedDaemonCreateAWindow() throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.copy(Path.of("../examples/Scripts/AutoLaunch/create_window_daemon.py"), autoLaunch.resolve("create_window_daemon.py"));
    try (PtyHost shells = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
        PtyHost programs = PtyHost.newBuilder().command(List.of("/bin/sh", "-c",
            "read go; printf '\\033]1337;Custom=id=%s:%s\\a' wrong-secret create-window;"
                + " printf '\\033]1337;Custom=id=%s:%s\\a' shared-secret create-window; sleep 5")).build();
        Bridge bridge = Bridge.newBuilder().host(shells).scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build()) {
      Session program = programs.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
      Eventually.until(Duration.ofSeconds(60), "the script listens", () -> Subscribers.listenToControlSequences(bridge, program));

      program.io().type("go\n");

      Eventually.until(Duration.ofSeconds(20), "a second window", () -> bridge.app().windows().size() == 2);
      Session opened = bridge.app().windows().get(1).tabs().get(0).sessions().getFirst();
      assertThat(opened.isLive()).isTrue();
      // the host files the session it started just after the app announces it
      Eventually.until("the shell host runs it", () -> shells.sessions().contains(opened));
      // The wrong identity came first, and sequences are handled and windows requested in order:
      // a window it had made would already be there.
      assertThat(bridge.app().windows()).hasSize(2);
    }
  }
}
