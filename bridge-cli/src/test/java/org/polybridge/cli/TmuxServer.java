package org.polybridge.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test kit: a tmux server of the test's own, on a socket of its own ({@code -L}), with no user
 * configuration; {@link #close()} kills it. Tests that need tmux skip, saying why, where it is
 * missing ({@code .ci/run} installs it).
 *
 * <pre>{@code
 * try (TmuxServer tmux = TmuxServer.require()) {
 *   session.io().type(tmux.controlModeCommand("work") + "\n");
 * }
 * }</pre>
 */
public final class TmuxServer implements AutoCloseable {
  private final Path program;
  private final String socket = "polybridge-test-" + UUID.randomUUID().toString().substring(0, 8);

  private TmuxServer(Path program) {
    this.program = program;
  }

  /** tmux on the {@code PATH}, if any. */
  public static Optional<Path> program() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "tmux");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A server to start; the test is skipped (an assumption, with the reason) when tmux is missing. */
  public static TmuxServer require() {
    Optional<TmuxServer> server = find();
    Assumptions.assumeTrue(server.isPresent(),
        "tmux is not installed (not on PATH): the tmux integration is not tested here; apt-get install tmux");
    return server.get();
  }

  /** A server to start, if tmux is installed. */
  public static Optional<TmuxServer> find() {
    return program().map(TmuxServer::new);
  }

  /** The shell command that starts this server's session {@code name} with a client in control mode. */
  public String controlModeCommand(String name) {
    // panes run /bin/sh, not the account's login shell: its rc files (a version manager's hooks)
    // can take longer to show a prompt than a test waits
    return "SHELL=/bin/sh " + program + " -L " + socket + " -f /dev/null -CC new-session -s " + name;
  }

  @Override
  public void close() throws Exception {
    Process kill = new ProcessBuilder(program.toString(), "-L", socket, "kill-server")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
    }
    // a server killed so leaves its socket file behind
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Files.deleteIfExists(Path.of(System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp"), "tmux-" + uid, socket));
  }
}
