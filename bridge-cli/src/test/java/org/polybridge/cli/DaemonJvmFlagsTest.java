package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The daemon's JVM flags as the two launchers give them (the checkout's {@code ./polybridge} and
 * the installed {@code bin/polybridge}, which docs/INSTALL.md says starts Java as the checkout's
 * does): with guests interpreted, C1 alone at its usual counts (a fifth of them answered a client's
 * first calls sooner and started the daemon slower: the checkout's launcher says by how much).
 */
class DaemonJvmFlagsTest {
  private static final Path CHECKOUT_LAUNCHER = Path.of("..", "polybridge");
  private static final Path INSTALLED_LAUNCHER = Path.of("src", "dist", "bin", "polybridge");

  @Test
  void bothLaunchersRunTheInterpretingDaemonOnC1WithTheSameFlags() throws IOException {
    Set<String> checkout = c1DaemonFlags(CHECKOUT_LAUNCHER);
    Set<String> installed = c1DaemonFlags(INSTALLED_LAUNCHER);

    assertThat(checkout).contains("-XX:TieredStopAtLevel=1").noneMatch(flag -> flag.startsWith("-XX:CompileThresholdScaling"));
    assertThat(installed).isEqualTo(checkout);
  }

  /** The {@code -XX:} flags of the launcher's line that puts the daemon on C1 alone. */
  private static Set<String> c1DaemonFlags(Path launcher) throws IOException {
    String line = Files.readAllLines(launcher).stream()
        .filter(l -> l.contains("-XX:TieredStopAtLevel=1") && l.contains("WarnInterpreterOnly"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(launcher + " has no line that starts the daemon on C1"));
    Set<String> flags = new TreeSet<>();
    Arrays.stream(line.split("[\\s()]+")).filter(word -> word.startsWith("-XX:")).forEach(flags::add);
    return flags;
  }
}
