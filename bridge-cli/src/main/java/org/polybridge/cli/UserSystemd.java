package org.polybridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.polybridge.ProtocolException;

/** The user's systemd manager, through {@code systemctl --user}, found on the command's {@code PATH}. */
final class UserSystemd {
  private static final long PATIENCE_SECONDS = 60;

  /** What {@code systemctl} said: its exit status and its output, both streams. */
  record Answer(int status, String output) {
    String firstLine() {
      String s = output.strip();
      int end = s.indexOf('\n');
      return end < 0 ? s : s.substring(0, end);
    }
  }

  private final Path systemctl;

  private UserSystemd(Path systemctl) {
    this.systemctl = systemctl;
  }

  /**
   * The user's manager when it answers ({@code systemctl --user show-environment}); otherwise a
   * {@link ProtocolException} saying why, and what to run instead.
   */
  static UserSystemd reach(Map<String, String> environment) throws InterruptedException {
    Optional<Path> found = onPath(environment.getOrDefault("PATH", ""), "systemctl");
    if (found.isEmpty()) {
      throw new ProtocolException("no systemd here (no systemctl on PATH): " + INSTEAD);
    }
    UserSystemd systemd = new UserSystemd(found.get());
    Answer answer = systemd.run(environment, "show-environment");
    if (answer.status() != 0) {
      throw new ProtocolException("no systemd user manager to talk to (systemctl --user: " + answer.firstLine() + "): " + INSTEAD);
    }
    return systemd;
  }

  static final String INSTEAD = "run the daemon yourself, e.g. `nohup polybridge run >/dev/null 2>&1 &` or from your"
      + " desktop's autostart (`polybridge stop` stops it), or log in with a systemd user session (loginctl enable-linger)";

  private static Optional<Path> onPath(String path, String name) {
    for (String folder : path.split(":")) {
      if (!folder.isEmpty()) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code systemctl --user ARGS}. */
  Answer run(Map<String, String> environment, String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of(systemctl.toString(), "--user"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ProtocolException("systemctl --user " + String.join(" ", args) + " did not end within " + PATIENCE_SECONDS + " s");
      }
      return new Answer(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ProtocolException("cannot run " + systemctl + ": " + e.getMessage(), e);
    }
  }
}
