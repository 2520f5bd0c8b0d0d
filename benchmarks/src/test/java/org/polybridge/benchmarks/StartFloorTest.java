package org.polybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The floor of the daemon's start answers the composition as the daemon does: 1 + 2 × 3. */
class StartFloorTest {
  @Test
  void javaScriptFloorAnswersTheComposition() {
    assertThat(StartFloor.answer("js", System.nanoTime())).isEqualTo(7);
  }

  @Test
  void pythonFloorImportsTheExamplesStandardLibraryAndAnswersTheComposition() {
    assertThat(StartFloor.answer("python", System.nanoTime())).isEqualTo(7);
  }
}
