package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandTest {
  @TempDir Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    return new Main(environment, null, new PrintWriter(out), new PrintWriter(err)).execute(args);
  }

  private Path executable(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** A command's environment: the launcher's variable, a config home of the test's, and {@code path}. */
  private Map<String, String> environment(Path path) {
    Map<String, String> environment = new HashMap<>();
    environment.put("POLYBRIDGE_LAUNCHER", folder.resolve("opt/polybridge/bin/polybridge").toString());
    environment.put("XDG_CONFIG_HOME", folder.resolve("config").toString());
    environment.put("PATH", path.toString());
    return environment;
  }

  private Path unit() {
    return folder.resolve("config/systemd/user/polybridge.service");
  }

  @Test
  void theUnitStartsTheLauncherRestartsItOnFailureAndCarriesTheDaemonsVariables() throws Exception {
    Path launcher = executable(folder.resolve("opt/polybridge 1/bin/polybridge"), "#!/bin/sh\n");
    ServiceUnit unit = ServiceUnit.of(launcher, Map.of("POLYBRIDGE_JAVA_OPTS", "-Duser.home=/home/me -Dratio=50%",
        "JAVA_HOME", "/usr/lib/jvm/jdk \"25\"", "HOME", "/home/me", "XDG_CACHE_HOME", ""));

    String text = unit.text();

    assertThat(text).contains("\n[Service]\nType=simple\n"
        + "Environment=\"JAVA_HOME=/usr/lib/jvm/jdk \\\"25\\\"\"\n"
        + "Environment=\"POLYBRIDGE_JAVA_OPTS=-Duser.home=/home/me -Dratio=50%%\"\n"
        + "ExecStart=\"" + launcher + "\" run\n"
        + "Restart=on-failure\n");
    assertThat(text).contains("\n[Install]\nWantedBy=default.target\n").doesNotContain("HOME=/home/me\"").doesNotContain("XDG_CACHE_HOME");

    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeThat(Files.isExecutable(analyze)).as("systemd-analyze checks the unit where it is installed").isTrue();
    Path file = Files.writeString(folder.resolve("polybridge.service"), text);
    Process verify = new ProcessBuilder(analyze.toString(), "verify", file.toString()).redirectErrorStream(true).start();
    String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(said).isZero();
    assertThat(said).as("no line of the unit was ignored").isEmpty();
  }

  @Test
  void withoutSystemctlInstallSaysWhatToRunInsteadAndWritesNothing() throws Exception {
    Path empty = Files.createDirectories(folder.resolve("bin"));

    assertThat(run(environment(empty), "service", "install")).isEqualTo(1);

    assertThat(err.toString()).startsWith("polybridge: no systemd here (no systemctl on PATH): run the daemon yourself, e.g. `nohup polybridge run");
    assertThat(folder.resolve("config")).doesNotExist();
  }

  @Test
  void withoutAUserManagerEveryActionSaysSoWithSystemctlsOwnWords() throws Exception {
    // A stand-in only for the absence: systemctl as it answers where no user bus runs.
    Path bin = folder.resolve("bin");
    executable(bin.resolve("systemctl"), "#!/bin/sh\necho 'Failed to connect to bus: No medium found' >&2\nexit 1\n");
    Files.createDirectories(unit().getParent());
    Files.writeString(unit(), "[Unit]\n");

    assertThat(run(environment(bin), "service", "status")).isEqualTo(1);
    assertThat(run(environment(bin), "service", "uninstall")).isEqualTo(1);
    assertThat(run(environment(bin), "service", "install", "--force")).isEqualTo(1);

    assertThat(err.toString().lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith(
        "polybridge: no systemd user manager to talk to (systemctl --user: Failed to connect to bus: No medium found): run the daemon yourself"));
    assertThat(Files.readString(unit())).as("left as it was").isEqualTo("[Unit]\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void installingOverAnInstalledUnitIsRefusedUnlessForcedAndUninstallingNoneToo() throws Exception {
    Path empty = Files.createDirectories(folder.resolve("bin"));
    Files.createDirectories(unit().getParent());
    Files.writeString(unit(), "[Unit]\n");

    assertThat(run(environment(empty), "service", "install")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: the service is already installed: " + unit()
        + " exists (`polybridge service install --force` replaces it, `polybridge service uninstall` removes it)\n");
    assertThat(Files.readString(unit())).isEqualTo("[Unit]\n");

    Files.delete(unit());
    err.getBuffer().setLength(0);
    assertThat(run(environment(empty), "service", "uninstall")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: the service is not installed: no " + unit() + "\n");
  }

  @Test
  void anUnknownActionOrAMissingLauncherIsNamed() throws Exception {
    Path empty = Files.createDirectories(folder.resolve("bin"));
    Map<String, String> noLauncher = environment(empty);
    noLauncher.remove("POLYBRIDGE_LAUNCHER");

    assertThat(run(environment(empty), "service", "start")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: ACTION : 'start' (expected: install, uninstall or status)\n");
    err.getBuffer().setLength(0);
    assertThat(run(noLauncher, "service", "install")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("polybridge: cannot tell which launcher to start (POLYBRIDGE_LAUNCHER is unset;"
        + " it is set by bin/polybridge and ./polybridge): run `polybridge service install` through one of them\n");
  }
}
