package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

class TriggersTest {
  @TempDir Path folder;
  private Bridge bridge;

  @AfterEach
  void close() {
    if (bridge != null) {
      bridge.close();
    }
  }

  private Session sessionWith(String config) throws Exception {
    Files.writeString(folder.resolve("config.toml"), config);
    bridge = Bridge.newBuilder().configFile(folder.resolve("config.toml")).build();
    return RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
  }

  private static void print(Session session, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    session.output(bytes, 0, bytes.length);
  }

  @Test
  void aTriggerInvokesAFunctionWithItsCaptureInTheSessionsContext() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = 'ERROR (\\w+)'
        invoke = 'on_error(text: matches[1], line: trigger.input)'
        """);
    LinkedBlockingQueue<Map<String, Object>> calls = new LinkedBlockingQueue<>();
    bridge.register(RpcDefinition.of("on_error", "text", "line"), args -> {
      calls.add(args);
      return null;
    });

    // a line split across chunks, its colours, and a line that does not match
    print(session, "all fine\r\n\033[31mERR");
    print(session, "OR disk\033[0m full\r\n");

    Map<String, Object> call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call).containsEntry("text", "disk").containsEntry("line", "ERROR disk full");
    assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aTriggerSetsAUserVariableThatAMonitorSees() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = 'on branch (\\S+)'
        set_variable = "user.branch"
        value = 'git:\\(matches[1])'
        """);
    CompletableFuture<Object> seen = new CompletableFuture<>();
    session.variables().monitor((name, value) -> {
      if (name.equals("user.branch")) {
        seen.complete(value);
      }
    });

    print(session, "On branch main\n".toLowerCase());

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("git:main");
  }

  @Test
  void triggersAScriptPutsInTheSessionsProfileRunBesideTheFilesInIterm2sEncoding() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = 'on branch (\\S+)'
        set_variable = "user.branch"
        value = '\\(matches[1])'
        """);
    LinkedBlockingQueue<Map<String, Object>> calls = new LinkedBlockingQueue<>();
    bridge.register(RpcDefinition.of("on_error", "text"), args -> {
      calls.add(args);
      return null;
    });
    CompletableFuture<Object> status = new CompletableFuture<>();
    session.variables().monitor((name, value) -> {
      if (name.equals("user.status")) {
        status.complete(value);
      }
    });

    // as iTerm2's library encodes RPCTrigger and SetUserVariableTrigger (name and value joined by U+0001)
    session.profile().set("Triggers", List.of(
        Map.of("regex", "ERROR (\\w+)", "action", "iTermRPCTrigger", "parameter", "on_error(text: matches[1])"),
        Map.of("regex", "exit (\\d+)", "action", "iTermSetUserVariableTrigger", "parameter", "status\u0001code \\1"),
        Map.of("regex", "ERROR", "action", "iTermRPCTrigger", "parameter", "never()", "disabled", true),
        Map.of("regex", "x", "action", "iTermBounceTrigger", "parameter", "")));
    print(session, "ERROR disk\r\nexit 3\r\non branch main\r\n");

    assertThat(calls.poll(10, TimeUnit.SECONDS)).containsEntry("text", "disk");
    assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo("code 3");
    Eventually.until("the file's trigger still runs", () -> "main".equals(session.variables().get("user.branch").orElse(null)));
    assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).as("the disabled trigger stays off").isNull();
  }

  @Test
  void aPartialLineTriggerFiresOnceWhileTheLineIsDrawn() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = 'password:'
        partial = true
        inject = '[seen \\(trigger.line_number)]'
        """);
    LinkedBlockingQueue<String> injected = new LinkedBlockingQueue<>();
    session.addOutputListener((bytes, offset, length) -> {
      String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
      if (text.startsWith("[seen")) {
        injected.add(text);
      }
    });

    print(session, "hello\nyour password:");
    assertThat(injected.poll(10, TimeUnit.SECONDS)).isEqualTo("[seen 1]");
    print(session, " ");
    print(session, "\n");
    assertThat(injected.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aProgramsSetProfileSwitchesTheSessionToThatProfilesTriggers() throws Exception {
    Session session = sessionWith("""
        [[profiles.Work.triggers]]
        regex = 'deploy (\\w+)'
        invoke = 'deployed(target: matches[1], profile: profileName)'
        """);
    CompletableFuture<Object> deployed = new CompletableFuture<>();
    bridge.register(RpcDefinition.of("deployed", "target", "profile"), args -> deployed.complete(args));

    print(session, "deploy ignored\n\033]1337;SetProfile=Work\007deploy staging\n");

    assertThat(deployed.get(10, TimeUnit.SECONDS)).isEqualTo(Map.of("target", "staging", "profile", "Work"));
    assertThat(session.variables().get("profileName")).contains("Work");
  }

  @Test
  void textATriggerInjectsIsNotMatchedAgain() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = 'ping'
        inject = 'ping\\n'
        [[triggers]]
        regex = 'done'
        invoke = 'finished()'
        """);
    CompletableFuture<Object> finished = new CompletableFuture<>();
    bridge.register(RpcDefinition.of("finished"), args -> finished.complete("yes"));
    java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    session.addOutputListener((bytes, offset, length) -> {
      if (new String(bytes, offset, length, StandardCharsets.UTF_8).contains("ping")) {
        pings.incrementAndGet();
      }
    });

    print(session, "ping\n");
    org.polybridge.testkit.Eventually.until("the trigger injected its ping", () -> pings.get() >= 2);
    print(session, "done\n"); // matched after anything the injected ping could have set off

    assertThat(finished.get(10, TimeUnit.SECONDS)).isEqualTo("yes");
    assertThat(pings.get()).as("the printed ping and the one injected").isEqualTo(2);
  }

  @Test
  void aCatastrophicPatternIsBoundedAndTheNextTriggersStillRun() throws Exception {
    Session session = sessionWith("""
        [[triggers]]
        regex = '^(a+)+$'
        invoke = 'never()'
        [[triggers]]
        regex = 'done (\\d+)'
        invoke = 'finished(n: matches[1])'
        """);
    CompletableFuture<Object> finished = new CompletableFuture<>();
    bridge.register(RpcDefinition.of("finished", "n"), args -> finished.complete(args.get("n")));
    long start = System.nanoTime();

    print(session, "a".repeat(60) + "b\n" + "a".repeat(60) + "c\n" + "done 7\n");

    assertThat(finished.get(10, TimeUnit.SECONDS)).isEqualTo("7");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
  }

  @Test
  void theConfigurationIsReadAgainWhenTheFileChanges() throws Exception {
    Session session = sessionWith("");
    assertThat(bridge.invoke("iterm2.triggers()").get(10, TimeUnit.SECONDS)).isEqualTo(List.of());
    CompletableFuture<Object> seen = new CompletableFuture<>();
    session.variables().monitor((name, value) -> {
      if (name.equals("user.x")) {
        seen.complete(value);
      }
    });

    Files.writeString(folder.resolve("config.toml"), """
        [[triggers]]
        regex = 'x=(\\d)'
        set_variable = "user.x"
        value = '\\(matches[1])'
        """);
    org.polybridge.testkit.Eventually.until("the new trigger is listed",
        () -> !((List<?>) bridge.invoke("iterm2.triggers()").join()).isEmpty());
    print(session, "x=5\n");

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("5");
  }
}
