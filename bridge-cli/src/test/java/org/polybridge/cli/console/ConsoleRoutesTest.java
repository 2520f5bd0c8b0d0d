package org.polybridge.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Alerts;
import org.polybridge.json.Json;

/** The console's API as plain calls: invocations, their failures, logs, and requests it cannot take. */
class ConsoleRoutesTest {
  private static final String HOST = "127.0.0.1:4711";

  @TempDir Path logs;
  private Bridge bridge;
  private ConsoleData data;
  private ScheduledExecutorService executor;
  private ConsoleRoutes routes;
  private String cookie;

  @BeforeEach
  void start() {
    bridge = Bridge.newBuilder().logFolder(logs).build();
    bridge.register(RpcDefinition.of("add", "a", "b"), args -> (Long) args.get("a") + (Long) args.get("b"));
    bridge.register(RpcDefinition.of("fail", "why"), args -> {
      throw new IllegalStateException("failed because " + args.get("why"));
    });
    data = new ConsoleData(bridge, logs);
    ConsoleGuard guard = new ConsoleGuard(Clock.systemUTC());
    guard.port(4711);
    cookie = guard.exchange(guard.newToken());
    executor = Executors.newSingleThreadScheduledExecutor();
    routes = new ConsoleRoutes(guard, data, new ConsoleEvents(data, executor));
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    data.close();
    bridge.close();
  }

  private ConsoleResponse request(String method, String path, Map<String, String> query, String body) throws Exception {
    return routes.handle(new ConsoleRequest(method, path, query, HOST, null, Map.of("polybridge_console_4711", cookie), body))
        .get(10, TimeUnit.SECONDS);
  }

  private Map<?, ?> json(ConsoleResponse response) {
    return (Map<?, ?>) Json.parse(response.bodyText());
  }

  @Test
  void anInvocationAnswersItsValueAndTheTimeItTook() throws Exception {
    Map<?, ?> answer = json(request("POST", "/api/invoke", Map.of(), "{\"invocation\": \"add(a: 1, b: add(a: 2, b: 3))\"}"));
    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(answer.get("value")).isEqualTo(6L);
    assertThat(((Number) answer.get("elapsed_ms")).doubleValue()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aFailedInvocationAnswersItsStatusAndTheChainOfCalls() throws Exception {
    Map<?, ?> answer = json(request("POST", "/api/invoke", Map.of(), "{\"invocation\": \"add(a: 1, b: fail(why: \\\"no\\\"))\"}"));
    assertThat(answer.get("ok")).isEqualTo(false);
    assertThat(answer.get("status")).isEqualTo("FAILED");
    assertThat((String) answer.get("reason")).startsWith("In call to add: In call to fail:").contains("failed because no");
  }

  @Test
  void anInvocationInAnUnknownSessionNamesIt() throws Exception {
    Map<?, ?> answer = json(request("POST", "/api/invoke", Map.of(), "{\"invocation\": \"add(a: 1, b: 2)\", \"session\": \"nope\"}"));
    assertThat(answer.get("status")).isEqualTo("INVALID_ID");
    assertThat((String) answer.get("reason")).contains("nope");
  }

  @Test
  void aBodyThatIsNotTheExpectedJsonIsRefusedWithTheRuleItBroke() throws Exception {
    ConsoleResponse notJson = request("POST", "/api/invoke", Map.of(), "add(");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(json(notJson).get("error")).asString().startsWith("body : not JSON");
    ConsoleResponse wrongType = request("POST", "/api/invoke", Map.of(), "{\"invocation\": 3}");
    assertThat(json(wrongType).get("error")).isEqualTo("invocation : 3 (expected: a string)");
    ConsoleResponse action = request("POST", "/api/script", Map.of(), "{\"action\": \"delete\", \"name\": \"a.py\"}");
    assertThat(action.status()).isEqualTo(400);
    assertThat(json(action).get("error")).isEqualTo("action : delete (expected: one of start, stop, restart)");
  }

  @Test
  void anUnknownPathIs404AndAWrongMethod405() throws Exception {
    assertThat(request("GET", "/etc/passwd", Map.of(), "").status()).isEqualTo(404);
    ConsoleResponse wrong = request("GET", "/api/invoke", Map.of(), "");
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(json(wrong).get("error")).isEqualTo("method : GET (expected: POST for /api/invoke)");
  }

  @Test
  void aScriptsLogIsReadFromTheLogFolderAndAnUnknownOneNamesThoseThereAre() throws Exception {
    Files.writeString(logs.resolve("add.py.log"), "one\ntwo\nthree\n", StandardCharsets.UTF_8);
    Map<String, String> query = new HashMap<>(Map.of("name", "add.py", "lines", "2"));
    assertThat(json(request("GET", "/api/log", query, "")).get("text")).isEqualTo("two\nthree\n");
    ConsoleResponse unknown = request("GET", "/api/log", Map.of("name", "../secret"), "");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(json(unknown).get("error")).asString().contains("expected one of: add.py");
  }

  @Test
  void functionsAreListedAsIterm2FunctionsListsThem() throws Exception {
    List<?> functions = (List<?>) Json.parse(request("GET", "/api/functions", Map.of(), "").bodyText());
    List<Object> signatures = functions.stream().map(f -> ((Map<?, ?>) f).get("signature")).map(Object.class::cast).toList();
    assertThat(signatures).contains("add(a,b)", "fail(why)");
  }

  private static Alerts.Alert question(Alerts.Kind kind, List<String> buttons, String placeholder, List<String> boxes,
      List<Boolean> defaults, List<String> combo) {
    return new Alerts.Alert(null, kind, "Deploy?", "to production", buttons, placeholder, placeholder == null ? null : "v1",
        boxes, defaults, combo, combo.isEmpty() ? null : combo.getFirst(), null, "deploy.py", null);
  }

  @Test
  void aWaitingAlertIsListedAndAnsweredInFullFromThePage() throws Exception {
    CompletableFuture<Alerts.Answer> asked = bridge.app().alerts().ask(question(Alerts.Kind.POLY_MODAL, List.of("Go", "Cancel"),
        "version", List.of("notify", "dry run"), List.of(true, false), List.of("eu", "us")));
    List<?> listed = (List<?>) Json.parse(request("GET", "/api/alerts", Map.of(), "").bodyText());
    assertThat(listed).hasSize(1);
    Map<?, ?> alert = (Map<?, ?>) listed.getFirst();
    assertThat(alert.get("title")).isEqualTo("Deploy?");
    assertThat(alert.get("checkboxes")).isEqualTo(List.of("notify", "dry run"));
    assertThat(alert.get("combobox_items")).isEqualTo(List.of("eu", "us"));
    ConsoleResponse answered = request("POST", "/api/alert", Map.of(), "{\"id\": " + Json.write(alert.get("id"))
        + ", \"button\": \"Cancel\", \"text\": \"v2\", \"checked\": [\"dry run\"], \"combo\": \"us\"}");
    assertThat(answered.status()).as(answered.bodyText()).isEqualTo(200);
    assertThat(asked.get(10, TimeUnit.SECONDS)).isEqualTo(new Alerts.Answer("Cancel", "v2", List.of("dry run"), "us"));
    assertThat((List<?>) Json.parse(request("GET", "/api/alerts", Map.of(), "").bodyText())).isEmpty();
  }

  @Test
  void anAnswerThatDoesNotFitTheAlertIsRefusedNamingTheValueAndTheAlertWaitsOn() throws Exception {
    CompletableFuture<Alerts.Answer> asked = bridge.app().alerts().ask(question(Alerts.Kind.ALERT, List.of("Yes", "No"), null,
        List.of(), List.of(), List.of()));
    String id = bridge.app().alerts().pending().getFirst().id();
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("{\"id\": \"" + id + "\", \"button\": \"Maybe\"}", "button : Maybe (expected: one of the buttons [Yes, No])");
    bodies.put("{\"id\": \"" + id + "\", \"button\": \"Yes\", \"text\": \"hi\"}", "text : hi (expected: null: the alert has no text field)");
    bodies.put("{\"id\": \"" + id + "\", \"button\": \"Yes\", \"checked\": [\"x\"]}", "checked : x (expected: one of the checkboxes [])");
    bodies.put("{\"id\": \"" + id + "\", \"button\": \"Yes\", \"checked\": [1]}", "checked : [1] (expected: a list of checkbox labels)");
    bodies.put("{\"id\": \"" + id + "\", \"button\": \"Yes\", \"combo\": \"eu\"}", "combo : eu (expected: null: the alert has no combo box)");
    bodies.put("{\"id\": \"99\", \"button\": \"Yes\"}", "alert 99 : no such alert waits for an answer (waiting: [" + id + "])");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      ConsoleResponse refused = request("POST", "/api/alert", Map.of(), e.getKey());
      assertThat(refused.status()).as(e.getKey()).isEqualTo(400);
      assertThat(json(refused).get("error")).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertThat(asked).isNotDone();
    bridge.app().alerts().answer(id, "No"); // as `polybridge alerts answer` does: the page's answer then comes too late
    assertThat(asked.get(10, TimeUnit.SECONDS).button()).isEqualTo("No");
    ConsoleResponse late = request("POST", "/api/alert", Map.of(), "{\"id\": \"" + id + "\", \"button\": \"Yes\"}");
    assertThat(late.status()).isEqualTo(400);
    assertThat(json(late).get("error")).asString().startsWith("alert " + id + " : no such alert waits");
  }
}
