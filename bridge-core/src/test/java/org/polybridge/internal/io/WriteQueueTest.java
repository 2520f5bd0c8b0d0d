package org.polybridge.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.polybridge.testkit.Eventually;

class WriteQueueTest {
  @Test
  void offeringReturnsAtOnceWhileTheProgramReadsNothingAndRefusesTextBeyondTheBound() throws Exception {
    CountDownLatch programReads = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream stalled = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          programReads.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (written) {
          written.write(b, off, len);
        }
      }
    };
    WriteQueue input = new WriteQueue(() -> "test-input", stalled, 10);

    assertThat(input.offer(bytes("12345"))).isTrue();
    assertThat(input.offer(bytes("67890"))).isTrue();
    assertThat(input.offer(bytes("x"))).isFalse();

    programReads.countDown();
    Eventually.until("queued text written", () -> {
      synchronized (written) {
        return written.size() == 10;
      }
    });
    assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("1234567890");
    Eventually.until("room again", () -> input.offer(bytes("x")));
  }

  @Test
  void copiesAreWrittenInOrderWhateverTheCallerDoesWithItsArrayAfter() throws Exception {
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (written) {
          written.write(b, off, len);
        }
      }
    };
    WriteQueue queue = new WriteQueue(() -> "test-copies", out, 1 << 20);
    byte[] reused = new byte[WriteQueue.KEPT_SIZE + 10];
    StringBuilder expected = new StringBuilder();

    for (int i = 0; i < 200; i++) {
      int length = i == 100 ? reused.length : 1 + i % 7; // one beyond the size of the arrays the queue keeps
      java.util.Arrays.fill(reused, (byte) ('a' + i % 26));
      assertThat(queue.putCopy(reused, 1, length - (i == 100 ? 1 : 0))).isTrue();
      expected.append(String.valueOf((char) ('a' + i % 26)).repeat(length - (i == 100 ? 1 : 0)));
    }
    queue.drain(java.time.Duration.ofSeconds(10));

    assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void copiesOfferedWhileTheWriterIsBusyGoOutTogetherInOneWriteAfterWhatCameBefore() throws Exception {
    HeldScreen slow = new HeldScreen();
    CountDownLatch firstWriteStarted = slow.firstWriteStarted;
    CountDownLatch screenReads = slow.screenReads;
    java.util.List<String> writes = slow.writes;
    WriteQueue queue = new WriteQueue(() -> "test-screen", slow, 1 << 20);
    byte[] reused = new byte[16];

    queue.putCopy(fill(reused, 'a'), 0, 4);
    firstWriteStarted.await();
    queue.putCopy(fill(reused, 'b'), 0, 4);
    queue.offer(bytes("cc"));
    queue.putCopy(fill(reused, 'd'), 0, 4);
    queue.putCopy(fill(reused, 'e'), 0, 4);
    screenReads.countDown();
    queue.drain(java.time.Duration.ofSeconds(10));

    assertThat(writes).containsExactly("aaaa", "bbbb", "cc", "ddddeeee");
  }

  @Test
  void bytesFilledInPlaceJoinWhatWaitsInOrder() throws Exception {
    HeldScreen slow = new HeldScreen();
    CountDownLatch firstWriteStarted = slow.firstWriteStarted;
    CountDownLatch screenReads = slow.screenReads;
    java.util.List<String> writes = slow.writes;
    WriteQueue queue = new WriteQueue(() -> "test-filled", slow, 1 << 20);

    assertThat(queue.offerFilled(2, (into, at) -> into[at + 1] = into[at] = 'a')).isTrue();
    firstWriteStarted.await();
    assertThat(queue.offerFilled(3, (into, at) -> java.util.Arrays.fill(into, at, at + 3, (byte) 'b'))).isTrue();
    assertThat(queue.offerFilled(0, (into, at) -> {
      throw new AssertionError("nothing to fill");
    })).isTrue();
    assertThat(queue.offerFilled(1, (into, at) -> into[at] = 'c')).isTrue();
    screenReads.countDown();
    queue.drain(java.time.Duration.ofSeconds(10));

    assertThat(writes).containsExactly("aa", "bbbc");
    assertThatThrownBy(() -> queue.offerFilled(-1, (into, at) -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("length -1 (expected: 0 or more)");
  }

  private static byte[] fill(byte[] array, char c) {
    java.util.Arrays.fill(array, (byte) c);
    return array;
  }

  @Test
  void closedInputRefusesText() throws Exception {
    WriteQueue input = new WriteQueue(() -> "test-input", OutputStream.nullOutputStream(), 10);
    input.close();

    assertThat(input.offer(bytes("a"))).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A screen whose every write waits until it reads ({@code screenReads}), keeping each write's text. */
  private static final class HeldScreen extends OutputStream {
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CountDownLatch screenReads = new CountDownLatch(1);
    final java.util.List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      firstWriteStarted.countDown();
      try {
        screenReads.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writes.add(new String(b, off, len, StandardCharsets.US_ASCII));
    }
  }
}
