package org.polybridge.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallQueueTest {
  @Test
  void handsOverUpToItsWindowAndKeepsTheRestWaiting() {
    CallQueue<String> queue = new CallQueue<>(2);

    assertThat(queue.admit("a", "a1")).isTrue();
    assertThat(queue.admit("a", "a2")).isTrue();
    assertThat(queue.admit("a", "a3")).isFalse();
    assertThat(queue.waiting()).isOne();

    assertThat(queue.started()).isEqualTo("a3");
    assertThat(queue.started()).isNull();
    assertThat(queue.started()).isNull();
    assertThat(queue.admit("a", "a4")).isTrue(); // the window is free again
  }

  @Test
  void takesTurnsBetweenCallersKeepingEachCallersOrder() {
    CallQueue<String> queue = new CallQueue<>(1);
    queue.admit("a", "a1");
    for (String call : List.of("a2", "a3", "a4")) {
      queue.admit("a", call);
    }
    queue.admit("b", "b1");
    queue.admit("c", "c1");
    queue.admit("b", "b2");

    List<String> order = new ArrayList<>();
    for (String next = queue.started(); next != null; next = queue.started()) {
      order.add(next);
    }

    assertThat(order).containsExactly("a2", "b1", "c1", "a3", "b2", "a4");
  }

  @Test
  void aNewCallerWaitsItsTurnBehindCallsAlreadyWaiting() {
    CallQueue<String> queue = new CallQueue<>(3);
    queue.admit("a", "a1");
    queue.admit("a", "a2");
    queue.admit("a", "a3");
    queue.admit("a", "a4");
    queue.admit("a", "a5");
    assertThat(queue.started()).isEqualTo("a4"); // a1 started: a2, a3, a4 handed over, a5 waits

    assertThat(queue.admit("b", "b1")).isFalse(); // the window is full
    assertThat(queue.started()).isEqualTo("a5");
    assertThat(queue.started()).isEqualTo("b1");
    assertThat(queue.started()).isNull(); // a4 started: a5 and b1 handed over, nothing waits
    assertThat(queue.admit("c", "c1")).isTrue();
    assertThat(queue.admit("c", "c2")).isFalse();
  }

  @Test
  void aWindowMustHoldACall() {
    assertThatThrownBy(() -> new CallQueue<String>(0)).hasMessage("window : 0 (expected: > 0)");
  }
}
