package org.polybridge.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.client.RpcDefinition;
import org.polybridge.json.Json;
import org.polybridge.testkit.Eventually;

/** What an open page is sent: everything first, then only what changed, and its script's log as it grows. */
class ConsoleEventsTest {
  @TempDir Path logs;
  private Bridge bridge;
  private ConsoleData data;
  private ScheduledExecutorService executor;
  private ConsoleEvents events;
  private final List<String[]> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    bridge = Bridge.newBuilder().logFolder(logs).build();
    data = new ConsoleData(bridge, logs);
    executor = Executors.newSingleThreadScheduledExecutor();
    events = new ConsoleEvents(data, executor);
  }

  @AfterEach
  void stop() {
    events.close();
    executor.shutdownNow();
    data.close();
    bridge.close();
  }

  private List<String> named(String event) {
    return sent.stream().filter(e -> e[0].equals(event)).map(e -> e[1]).toList();
  }

  @Test
  void theLogOfTheSelectedScriptIsSentAsItGrows() throws Exception {
    Path log = Files.writeString(logs.resolve("add.py.log"), "first\n", StandardCharsets.UTF_8);
    events.feed("add.py", null).start((event, json) -> sent.add(new String[] {event, json}));
    Eventually.eventually(() -> assertThat(named("log")).hasSize(1));
    assertThat(Json.parse(named("log").getFirst())).isEqualTo(Map.of("name", "add.py", "reset", true, "text", "first\n"));
    Files.writeString(log, "second\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Eventually.eventually(() -> assertThat(named("log")).hasSize(2));
    assertThat(Json.parse(named("log").get(1))).isEqualTo(Map.of("name", "add.py", "reset", false, "text", "second\n"));
  }

  @Test
  void theFunctionsAreSentOnceAndAgainOnlyWhenTheyChange() throws Exception {
    events.feed(null, null).start((event, json) -> sent.add(new String[] {event, json}));
    Eventually.eventually(() -> assertThat(named("functions")).hasSize(1));
    assertThat(named("scripts")).containsExactly("[]");
    bridge.register(RpcDefinition.of("add", "a", "b"), args -> 0L);
    Eventually.eventually(() -> assertThat(named("functions")).hasSize(2));
    assertThat(named("functions").get(1)).contains("add(a,b)");
    assertThat(named("scripts")).hasSize(1);
  }

  @Test
  void aStoppedFeedIsSentNothingMore() throws Exception {
    ConsoleEvents.Feed feed = events.feed(null, null);
    feed.start((event, json) -> sent.add(new String[] {event, json}));
    Eventually.eventually(() -> assertThat(named("functions")).hasSize(1));
    feed.stop();
    executor.submit(() -> { }).get(); // a look under way as it stopped is over
    int before = sent.size();
    bridge.register(RpcDefinition.of("add", "a", "b"), args -> 0L);
    executor.submit(() -> { }).get();
    assertThat(sent.size()).isEqualTo(before);
  }
}
