package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Session;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.RecordingSessionIo;

/**
 * A client keeps its model of the app from layout notifications, each the whole layout, and a call
 * in a session just opened must find that session there: notifications reach a client in the order
 * of the changes they describe, and a script's loop runs them in line with the calls and answers
 * posted to it.
 */
class SessionNotificationOrderTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private static final Map<String, String> LAYOUT = Map.of("session", "all", "notification_type", "NOTIFY_ON_LAYOUT_CHANGE");

  private final Bridge bridge = Bridge.newBuilder().build();
  private final ScriptEventLoop loop = new ScriptEventLoop("order");
  private final CountDownLatch resume = new CountDownLatch(1);

  @AfterEach
  void close() {
    resume.countDown();
    loop.close();
    bridge.close();
  }

  @Test
  void aLayoutTakenBeforeAnotherChangeIsNotSentAfterTheLayoutOfThatChange() throws Exception {
    // The first subscriber holds up the next layout notification it hears on the changing thread
    // (its executor runs listeners there), after the host took the layout and before the second
    // subscriber heard it.
    AtomicBoolean holdNext = new AtomicBoolean();
    CountDownLatch held = new CountDownLatch(1);
    new ApiClient(bridge.connect("holder"), Runnable::run).subscribe(LAYOUT, n -> {
      if (holdNext.getAndSet(false)) {
        held.countDown();
        await(resume);
      }
    }).get(10, TimeUnit.SECONDS);
    List<List<String>> heard = new CopyOnWriteArrayList<>();
    new ApiClient(bridge.connect("watcher"), Runnable::run).subscribe(LAYOUT, n -> heard.add(sessionIds(n)))
        .get(10, TimeUnit.SECONDS);
    Session ending = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());

    holdNext.set(true);
    CompletableFuture<Void> ended = CompletableFuture.runAsync(ending::terminate);
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the end's layout is held").isTrue();
    CompletableFuture<Session> opened = new CompletableFuture<>();
    Thread opening = Thread.ofPlatform().start(() -> opened.complete(RecordingSessionIo.openIn(bridge.app().newWindow().newTab())));
    // the new session's layout is sent, or waits for the held one to be sent first
    Eventually.until(WITHIN, "the new session's layout sent or waiting", () -> opened.isDone() || waitsToSendALayout(opening));
    resume.countDown();
    ended.get(10, TimeUnit.SECONDS);
    Session session = opened.get(10, TimeUnit.SECONDS);

    // once the watcher heard of the new session, every later layout it heard holds it
    int first = firstNaming(heard, session.id());
    assertThat(first).as("the watcher heard of the new session: %s", heard).isNotNegative();
    List<List<String>> since = heard.subList(first, heard.size());
    assertThat(since).as("the layouts the watcher heard: %s", heard).allMatch(ids -> ids.contains(session.id()));
    assertThat(since.getLast()).doesNotContain(ending.id());
  }

  @Test
  void aScriptsLoopRunsANotificationAfterWhatWasPostedToItBefore() throws Exception {
    // A listener that runs long (here: until told) holds the loop while a task is posted to it (the
    // answer to one of the script's requests, a call of one of its functions) and then a session
    // opens. The task was there first: it runs before the new session's notification.
    List<Object> ran = new CopyOnWriteArrayList<>();
    AtomicBoolean holdNext = new AtomicBoolean(true);
    CountDownLatch held = new CountDownLatch(1);
    new ApiClient(bridge.connect("script"), loop).subscribe(LAYOUT, n -> {
      ran.add(sessionIds(n));
      if (holdNext.getAndSet(false)) {
        held.countDown();
        await(resume);
      }
    }).get(10, TimeUnit.SECONDS);
    RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the listener holds the loop").isTrue();

    loop.execute(() -> ran.add("the task posted before"));
    Session opened = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
    resume.countDown();
    CountDownLatch done = new CountDownLatch(1);
    loop.execute(done::countDown);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

    int task = ran.indexOf("the task posted before");
    int layout = firstNaming(ran, opened.id());
    assertThat(layout).as("the new session's layout was heard: %s", ran).isNotNegative();
    assertThat(task).as("what ran on the loop, in order: %s", ran).isLessThan(layout);
  }

  /** Whether {@code thread} waits to send a layout notification (for the one sent before it). */
  private static boolean waitsToSendALayout(Thread thread) {
    if (thread.getState() != Thread.State.BLOCKED) {
      return false;
    }
    StackTraceElement[] stack = thread.getStackTrace();
    return stack.length > 0 && stack[0].getMethodName().equals("layoutChanged");
  }

  private static int firstNaming(List<?> ran, String sessionId) {
    for (int i = 0; i < ran.size(); i++) {
      if (ran.get(i) instanceof List<?> ids && ids.contains(sessionId)) {
        return i;
      }
    }
    return -1;
  }

  /** The ids of the sessions in a layout notification, in its JSON form. */
  private static List<String> sessionIds(Map<String, Object> notification) {
    List<String> ids = new ArrayList<>();
    collect(notification, ids);
    return ids;
  }

  private static void collect(Object value, List<String> ids) {
    if (value instanceof Map<?, ?> map) {
      if (map.get("unique_identifier") instanceof String id) {
        ids.add(id);
      }
      map.values().forEach(v -> collect(v, ids));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, ids));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
