package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MasterOutputTest {
  /** A terminal's master side that hands out queued chunks, one per poll that finds data; the waits asked for are kept. */
  private static final class ScriptedMaster implements MasterOutput.Master {
    final Deque<Object> script = new ArrayDeque<>(); // a byte[] is data for that poll, a String "quiet" a poll that times out
    final List<Integer> waits = new ArrayList<>();
    final Runnable onEmpty;

    ScriptedMaster(Runnable onEmpty) {
      this.onEmpty = onEmpty;
    }

    @Override
    public boolean poll(int timeoutMs) {
      waits.add(timeoutMs);
      if (script.isEmpty()) {
        onEmpty.run();
        return false;
      }
      if (script.peek() instanceof String) {
        script.poll();
        return false;
      }
      return true;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      byte[] chunk = (byte[]) script.poll();
      System.arraycopy(chunk, 0, buffer, offset, chunk.length);
      return chunk.length;
    }
  }

  @Test
  void aQuietTerminalIsLookedAtSoonAfterOutputThenLessOftenUpToEvery50Ms() throws Exception {
    AtomicBoolean gone = new AtomicBoolean();
    ScriptedMaster master = new ScriptedMaster(() -> gone.set(true));
    for (int i = 0; i < MasterOutput.YOUNG_LOOKS + 6; i++) {
      master.script.add("quiet");
    }
    master.script.add(new byte[] {'a'});
    master.script.add("quiet"); // the look for more right after the read
    master.script.add("quiet");
    MasterOutput output = new MasterOutput(master, gone::get);
    byte[] buffer = new byte[16];

    assertThat(output.read(buffer, 0, buffer.length)).isEqualTo(1);
    assertThat(master.waits.subList(0, MasterOutput.YOUNG_LOOKS + 1)).as("quiet from the start: every 4 ms for its first looks")
        .containsOnly(4);
    assertThat(master.waits.subList(MasterOutput.YOUNG_LOOKS, master.waits.size()))
        .as("then twice that, up to 50").startsWith(4, 8, 16, 32, 50, 50, 50);
    master.waits.clear();

    assertThat(output.read(buffer, 0, buffer.length)).as("the program ended").isEqualTo(-1);
    assertThat(master.waits).as("after output, the first wait again; once gone, one look that does not wait")
        .containsExactly(4, 8, 0);
  }

  @Test
  void aProgramThatEndsWithoutAWordIsSeenGoneAtTheNextLookAfter4Ms() throws Exception {
    AtomicBoolean gone = new AtomicBoolean();
    AtomicInteger looks = new AtomicInteger();
    ScriptedMaster master = new ScriptedMaster(() -> gone.set(looks.incrementAndGet() > 20)); // it ends after 20 quiet looks
    MasterOutput output = new MasterOutput(master, gone::get);

    assertThat(output.read(new byte[16], 0, 16)).isEqualTo(-1);
    assertThat(master.waits).as("looks 4 ms apart until it has ended, then one that does not wait").hasSize(22)
        .startsWith(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4).endsWith(0);
  }

  @Test
  void outputWrittenBeforeTheEndIsReadBeforeTheStreamEnds() throws Exception {
    ScriptedMaster master = new ScriptedMaster(() -> { });
    master.script.add(new byte[] {'l', 'a', 's', 't'});
    MasterOutput output = new MasterOutput(master, () -> true);

    assertThat(new String(output.readAllBytes())).isEqualTo("last");
  }
}
