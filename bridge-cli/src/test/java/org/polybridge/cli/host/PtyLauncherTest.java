package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyLauncherTest {
  @TempDir Path folder;

  @Test
  void theProgramReadsItsTerminalsSizeAsItsFirstActAndSeesIt() throws Exception {
    var process = PtyLauncher.start(List.of("stty", "size"), Map.of("PATH", System.getenv("PATH")), folder, 123, 45);

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(output.strip()).isEqualTo("45 123");
  }

  @Test
  void aBareNameIsFoundOnThePathAndAPathWithASlashIsTakenAsItIs() throws Exception {
    Path bin = Files.createDirectories(folder.resolve("bin"));
    Path tool = Files.createFile(bin.resolve("tool"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    assertThat(PtyLauncher.resolve("tool", "/nowhere:" + bin, folder)).isEqualTo(tool.toString());
    assertThat(PtyLauncher.resolve("bin/tool", null, folder)).isEqualTo("bin/tool");
  }

  @Test
  void aMissingOrNotExecutableProgramIsNamed() throws Exception {
    Files.writeString(folder.resolve("plain"), "not a program");

    assertThatThrownBy(() -> PtyLauncher.resolve("nope", "/usr/bin", folder))
        .isInstanceOf(IOException.class).hasMessage("no program nope on the PATH");
    assertThatThrownBy(() -> PtyLauncher.resolve("./plain", "/usr/bin", folder))
        .isInstanceOf(IOException.class).hasMessage("no program ./plain");
  }
}
