package org.polybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor of the daemon's start answers the composition as the daemon does: 1 + 2 × 3. */
class StartFloorTest {
  @TempDir Path pyc;

  @Test
  void javaScriptFloorAnswersTheComposition() {
    assertThat(StartFloor.answer("js", pyc, System.nanoTime())).isEqualTo(7);
  }

  @Test
  @Tag("slow") // half a minute: every module compiled anew into an empty .pyc folder
  void pythonFloorImportsTheExamplesStandardLibraryAndAnswersTheComposition() {
    assertThat(StartFloor.answer("python", pyc, System.nanoTime())).isEqualTo(7);
    assertThat(pyc).isNotEmptyDirectory(); // its compiled modules, not in GraalPy's home
  }
}
