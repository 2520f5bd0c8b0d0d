package org.polybridge.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.InvocationException;
import org.polybridge.host.App;

class ApiServerTest {
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final App app = new App();
  private final AtomicReference<List<String>> loading = new AtomicReference<>(List.of());
  private final ApiServer server = new ApiServer(app, null, timer, loading::get);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void noFunctionErrorNamesTheScriptsStillLoading() {
    loading.set(List.of("composition.py", "slow.js"));

    assertThat(failureOf("times(a: 2, b: 3)")).hasMessage("In call to times: No function registered for invocation times(a,b): "
        + "nothing is registered under that name (scripts still loading: composition.py, slow.js)");

    loading.set(List.of());
    assertThat(failureOf("times(a: 2, b: 3)")).hasMessage("In call to times: No function registered for invocation times(a,b): "
        + "nothing is registered under that name");
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
