package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.client.ApiClient;
import org.polybridge.client.VariableScope;
import org.polybridge.host.Session;
import org.polybridge.testkit.Eventually;

/** Triggers of the configuration file on the default host's sessions: a real shell in a real pty. */
class PtyTriggersTest {
  @TempDir Path folder;

  @Test
  void aTriggerOnTheShellsOutputSetsAUserVariableThatAVariableMonitorSees() throws Exception {
    Path config = Files.writeString(folder.resolve("config.toml"), """
        [[profiles.Default.triggers]]
        regex = 'on branch (\\S+)'
        set_variable = "user.branch"
        value = '\\(matches[1])'

        [[profiles.Other.triggers]]
        regex = 'on branch (\\S+)'
        set_variable = "user.branch"
        value = 'wrong profile'
        """);
    try (PtyHost host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
        Bridge bridge = Bridge.newBuilder().host(host).configFile(config).build()) {
      ApiClient client = new ApiClient(bridge.connect("monitor"), Executors.newVirtualThreadPerTaskExecutor());
      Session session = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
      CompletableFuture<Object> branch = new CompletableFuture<>();
      client.onVariableChange(VariableScope.SESSION, session.id(), "user.branch", branch::complete).get(10, TimeUnit.SECONDS);

      // the echo of the typed command does not match; what printf prints does. It starts with a
      // newline: typed before the shell's first prompt, the prompt lands right before the output
      // ("$ on branch main": the trigger matches, the line is not the printed one)
      session.io().type("printf '\\non bra''nch %s\\n' main\n");

      assertThat(branch.get(10, TimeUnit.SECONDS)).isEqualTo("main");
      Eventually.until("the shell's output is kept", () -> session.io().lines().contains("on branch main"));
    }
  }

  @Test
  void clearScrollbackPrintedByAProgramEmptiesTheSessionsScrollback() throws Exception {
    try (PtyHost host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
        Bridge bridge = Bridge.newBuilder().host(host).build()) {
      Session session = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
      session.io().type("echo one; echo two\n");
      Eventually.until("the lines are kept", () -> session.io().lines().contains("two"));

      session.io().type("printf '\\033]1337;ClearScrollback\\007'; echo after\n");

      Eventually.until("only what came after is kept", () -> session.io().lines().contains("after")
          && !session.io().lines().contains("two"));
      assertThat(new String(host.scrollback(session).orElseThrow().bytes(), StandardCharsets.UTF_8)).doesNotContain("one");
    }
  }
}
