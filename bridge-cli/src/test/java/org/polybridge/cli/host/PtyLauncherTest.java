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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PtyLauncherTest {
  @TempDir Path folder;

  /** Both ways to start a program: a session of its own through setsid (where this machine allows), and pty4j's. */
  static List<Boolean> ways() {
    return SessionProgram.usable() ? List.of(false, true) : List.of(true);
  }

  @Test
  void programsStartAsSessionsOfTheirOwnWhereThisMachineAllows() {
    assertThat(ways()).as("setsid(1) and JLine's native library on Linux: the fast way is used").contains(false);
  }

  @ParameterizedTest(name = "pty4j: {0}")
  @MethodSource("ways")
  void theProgramReadsItsTerminalsSizeAsItsFirstActAndSeesIt(boolean pty4j) throws Exception {
    PtyProgram process = PtyLauncher.start(pty4j, List.of("stty", "size"), Map.of("PATH", System.getenv("PATH")), folder, 123, 45);

    String output = new String(process.output().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(output.strip()).isEqualTo("45 123");
    process.close();
  }

  @ParameterizedTest(name = "pty4j: {0}")
  @MethodSource("ways")
  void theProgramLeadsASessionWhoseControllingTerminalIsItsOwnAndItsStatusIsKept(boolean pty4j) throws Exception {
    // ps: the session, the process group and the terminal of the shell itself
    PtyProgram process = PtyLauncher.start(pty4j, List.of("sh", "-c", "ps -o sid=,pgid=,tty= -p $$; exit 3"),
        Map.of("PATH", System.getenv("PATH")), folder, 80, 24);

    String output = new String(process.output().readAllBytes(), StandardCharsets.UTF_8).strip();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    String[] fields = output.split("\\s+");
    assertThat(fields).as(output).hasSize(3);
    assertThat(Long.parseLong(fields[0])).as("session").isEqualTo(process.pid());
    assertThat(Long.parseLong(fields[1])).as("process group").isEqualTo(process.pid());
    assertThat("/dev/" + fields[2]).as("controlling terminal").isEqualTo(process.terminalName());
    process.close();
  }

  @ParameterizedTest(name = "pty4j: {0}")
  @MethodSource("ways")
  void everythingAProgramWritesJustBeforeItExitsIsRead(boolean pty4j) throws Exception {
    PtyProgram process = PtyLauncher.start(pty4j, List.of("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"),
        Map.of("PATH", System.getenv("PATH")), folder, 80, 24);

    byte[] output = process.output().readAllBytes();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(output, StandardCharsets.US_ASCII)).hasSize(300_000).matches("x+");
    process.close();
  }

  @ParameterizedTest(name = "pty4j: {0}")
  @MethodSource("ways")
  void aClosedProgramLeavesNoDescriptorOpen(boolean pty4j) throws Exception {
    run(pty4j, "true"); // what loads once (libraries, the JDK's reaper) is loaded before counting
    long before = openDescriptors();
    for (int i = 0; i < 20; i++) {
      run(pty4j, "true");
    }

    assertThat(openDescriptors()).as("descriptors after 20 programs").isLessThanOrEqualTo(before + 2);
  }

  private void run(boolean pty4j, String program) throws Exception {
    PtyProgram process = PtyLauncher.start(pty4j, List.of(program), Map.of("PATH", System.getenv("PATH")), folder, 80, 24);
    process.output().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    process.input().close();
    process.close();
  }

  private static long openDescriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @ParameterizedTest(name = "pty4j: {0}")
  @MethodSource("ways")
  void aHungUpProgramHearsSighupAndItsOutputEnds(boolean pty4j) throws Exception {
    Path heard = folder.resolve("heard");
    PtyProgram process = PtyLauncher.start(pty4j,
        List.of("sh", "-c", "trap 'echo HUP > " + heard + "; exit 9' HUP; echo ready; while :; do sleep 0.1; done"),
        Map.of("PATH", System.getenv("PATH")), folder, 80, 24);
    java.io.InputStream output = process.output();
    StringBuilder seen = new StringBuilder();
    byte[] buffer = new byte[256];
    while (!seen.toString().contains("ready")) {
      int n = output.read(buffer, 0, buffer.length);
      assertThat(n).as("output before ready: " + seen).isPositive();
      seen.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
    }

    process.hangUp();
    while (output.read(buffer, 0, buffer.length) > 0) {
      // what is left, until the end
    }

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(heard).strip()).isEqualTo("HUP");
    process.close();
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
