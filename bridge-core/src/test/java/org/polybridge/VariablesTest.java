package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.VariableScope;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.Window;
import org.polybridge.testkit.RecordingSessionIo;

class VariablesTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Window window = bridge.app().newWindow();
  private final Tab tab = window.newTab();
  private final Session session = RecordingSessionIo.openIn(tab);
  private final ApiClient client = new ApiClient(bridge.connect("vars"), Runnable::run);

  @AfterEach
  void close() {
    bridge.close();
  }

  private Object in(InvocationContext context, String invocation) throws Exception {
    return bridge.invoke(invocation, context, null).get(5, TimeUnit.SECONDS);
  }

  @Test
  void eachContextSeesItsOwnVariablesByBareName() throws Exception {
    assertThat(in(InvocationContext.session(session.id()), "id")).isEqualTo(session.id());
    assertThat(in(InvocationContext.tab(tab.id()), "id")).isEqualTo(tab.id());
    assertThat(in(InvocationContext.window(window.id()), "id")).isEqualTo(window.id());
    assertThat(in(InvocationContext.app(), "pid")).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void referenceVariablesReachTheOtherContexts() throws Exception {
    tab.variables().set("title", "build");
    assertThat(in(InvocationContext.session(session.id()), "tab.title")).isEqualTo("build");
    assertThat(in(InvocationContext.session(session.id()), "tab.window.id")).isEqualTo(window.id());
    assertThat(in(InvocationContext.session(session.id()), "iterm2.pid")).isEqualTo(ProcessHandle.current().pid());
    assertThat(in(InvocationContext.tab(tab.id()), "currentSession.id")).isEqualTo(session.id());
    assertThat(in(InvocationContext.window(window.id()), "currentTab.id")).isEqualTo(tab.id());
  }

  @Test
  void userVariablesHoldAnyJsonValueSetOverTheApi() throws Exception {
    client.setVariable(VariableScope.SESSION, session.id(), "user.config", Map.of("depth", 3, "tags", List.of("a"))).join();

    assertThat(client.getVariable(VariableScope.SESSION, session.id(), "user.config").join())
        .isEqualTo(Map.of("depth", 3L, "tags", List.of("a")));
    assertThat(in(InvocationContext.session(session.id()), "user.config")).isEqualTo(Map.of("depth", 3L, "tags", List.of("a")));
  }

  @Test
  void clientsMaySetOnlyUserVariables() {
    assertThatThrownBy(() -> client.setVariable(VariableScope.SESSION, session.id(), "id", "forged").join())
        .hasMessageContaining("INVALID_NAME");
    assertThat(session.variables().get("id")).contains(session.id());
  }

  @Test
  void unknownScopeIsReportedByItsKind() {
    assertThatThrownBy(() -> client.getVariable(VariableScope.TAB, "999", "id").join()).hasMessageContaining("TAB_NOT_FOUND");
  }

  @Test
  void monitorHearsChangesOfItsVariableOnly() throws Exception {
    BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
    client.onVariableChange(VariableScope.SESSION, session.id(), "user.mood", v -> changes.add(v == null ? "unset" : v)).join();

    session.variables().set("user.other", 1);
    session.variables().set("user.mood", "happy");
    session.variables().set("user.mood", null);

    assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo("happy");
    assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo("unset");
    assertThat(changes).isEmpty();
  }

  @Test
  void builtinSetVariableWritesToTheInvocationsContext() throws Exception {
    in(InvocationContext.session(session.id()), "iterm2.set_variable(name: \"user.count\", value: 2 + 3)");

    assertThat(session.variables().get("user.count")).contains(5L);
  }

  @Test
  void aMonitorOnAThreadPerTaskExecutorHearsChangesInTheOrderTheyHappened() throws Exception {
    ApiClient threaded = new ApiClient(bridge.connect("threaded"), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
    threaded.onVariableChange(VariableScope.SESSION, session.id(), "user.n", v -> {
      Thread.yield(); // a listener that takes a moment: threads that overtake each other would show
      changes.add(v);
    }).join();

    for (long n = 0; n < 300; n++) {
      session.variables().set("user.n", n);
    }

    for (long n = 0; n < 300; n++) {
      assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo(n);
    }
  }
}
