package org.polybridge.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.InvocationException;
import org.polybridge.host.App;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;

class ApiServerTest {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final App app = new App();
  private final AtomicReference<List<ScriptStatus>> scripts = new AtomicReference<>(List.of());
  private final ApiServer server = new ApiServer(app, null, timer, scripts::get);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void noFunctionErrorNamesTheScriptsStillLoading() {
    scripts.set(List.of(status("composition.py", State.LOADING), status("add.js", State.RUNNING),
        status("slow.js", State.LOADING)));

    assertThat(failureOf("times(a: 2, b: 3)")).hasMessage("In call to times: No function registered for invocation times(a,b): "
        + "nothing is registered under that name (scripts still loading: composition.py, slow.js)");

    scripts.set(List.of(status("composition.py", State.RUNNING)));
    assertThat(failureOf("times(a: 2, b: 3)")).hasMessage("In call to times: No function registered for invocation times(a,b): "
        + "nothing is registered under that name");
  }

  @Test
  void scriptsBuiltinListsEveryScriptWithItsStateAndLastError() throws Exception {
    scripts.set(List.of(status("add.js", State.RUNNING), new ScriptStatus("bad.py", "Python", State.FAILED, "SyntaxError")));

    Object listed = server.invoke("iterm2.scripts()", app.variables(), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);

    assertThat(Json.write(listed)).isEqualTo("[{\"name\":\"add.js\",\"language\":\"Test\",\"state\":\"RUNNING\","
        + "\"last_error\":null},{\"name\":\"bad.py\",\"language\":\"Python\",\"state\":\"FAILED\","
        + "\"last_error\":\"SyntaxError\"}]");
  }

  @Test
  void theConsoleBuiltinFailsOnAHostWithoutAConsoleAndAnswersTheAddressOnceOneIsSet() throws Exception {
    assertThat(failureOf("iterm2.console()")).hasMessageContaining("this host serves no console");

    server.console(() -> CompletableFuture.completedFuture(Map.of("url", "http://127.0.0.1:1/?token=t")));

    assertThat(server.invoke("iterm2.console()", app.variables(), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .isEqualTo(Map.of("url", "http://127.0.0.1:1/?token=t"));
  }

  private static ScriptStatus status(String name, State state) {
    return new ScriptStatus(name, "Test", state, null);
  }

  private Throwable failureOf(String invocation) {
    CompletableFuture<Object> result = server.invoke(invocation, app.variables(), Duration.ofSeconds(5));
    try {
      result.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(InvocationException.class);
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(invocation + " succeeded");
  }
}
