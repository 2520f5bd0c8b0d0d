package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pty4jLoaderTest {
  @TempDir Path root;

  @Test
  void theBuildListsPty4jAndWhatItNeedsForBridgeClisJar() throws IOException {
    try (var in = Pty4jLoader.class.getResourceAsStream(Pty4jLoader.LISTING)) {
      assertThat(in).as("written by the build into bridge-cli's classes").isNotNull();
      assertThat(new String(in.readAllBytes()).split(":"))
          .anyMatch(jar -> jar.startsWith("lib/pty4j-")).anyMatch(jar -> jar.startsWith("lib/jna-"))
          .anyMatch(jar -> jar.startsWith("lib/kotlin-stdlib-")).noneMatch(jar -> jar.contains("jline"));
    }
  }

  @Test
  void theListedJarsAreFoundUnderTheRootAndAMissingOneIsNamed() throws IOException {
    Files.createDirectories(root.resolve("lib"));
    Files.write(root.resolve("lib/a.jar"), new byte[0]);

    assertThat(Pty4jLoader.jars("lib/a.jar\n", root)).containsExactly(root.resolve("lib/a.jar").toUri().toURL());
    assertThatThrownBy(() -> Pty4jLoader.jars("lib/a.jar:lib/b.jar", root))
        .isInstanceOf(IOException.class).hasMessageContaining(root.resolve("lib/b.jar") + " is missing");
    assertThatThrownBy(() -> Pty4jLoader.jars("", root)).isInstanceOf(IOException.class).hasMessageContaining("lists no jar");
  }

  @Test
  void whereTheClassPathHasPty4jItsLauncherComesFromThatClassPath() throws IOException {
    assertThat(Pty4jLoader.launcher().getClass().getClassLoader()).isSameAs(Pty4jLoader.class.getClassLoader());
  }
}
