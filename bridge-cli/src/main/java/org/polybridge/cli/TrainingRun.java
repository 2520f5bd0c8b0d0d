package org.polybridge.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.polybridge.cli.host.AttachedPty;

/**
 * The training run of the client's class-data archive: what the JVM records here (JDK 25's AOT
 * cache, or a CDS archive on older JDKs) every later {@code polybridge} client process maps in
 * instead of loading and linking it again. The launcher runs it once per build, on the client's
 * class path:
 *
 * <pre>{@code
 * java -XX:AOTCacheOutput=client.aot -cp CLIENT_CLASS_PATH org.polybridge.cli.TrainingRun \
 *     JAVA DAEMON_CLASS_PATH [DAEMON_JVM_FLAG...]
 * }</pre>
 *
 * <p>It starts a daemon of its own (another process, on a temporary socket), so that the client
 * commands run as they do for a user: each one-shot command, its help, its usage errors, its
 * failures, and {@code pty} with a program that exits at once (in a terminal when the launcher gives
 * it one, {@link #IN_TERMINAL}). Their output goes nowhere. It exits
 * with 0 when the daemon answered, 1 otherwise (the archive is then not worth keeping).
 *
 * <p>With {@code -Dpolybridge.training.oneShot=true} it runs only the one-shot commands (those
 * the launcher starts on {@code oneshot.classpath}, docs/COMMAND-LINE.md), on that class path, for
 * their archive of their own: an archive holds every class its training loaded, and the JVM maps
 * and links them all at every start, so {@code invoke} would pay for {@code pty}'s terminal
 * classes. A command that needs a class the one-shot class path lacks fails the run ({@link
 * NoClassDefFoundError} is not caught).
 *
 * <p>With {@code -Dpolybridge.training.pty=true} ({@link #PTY_ONLY}) it runs only {@code pty}, for
 * the archive of its own that the launcher maps in for {@code pty}: the JVM maps every class of an
 * archive in at start, and {@code pty} is what people put in front of every shell they open.
 *
 * <p>With {@code -Dpolybridge.training.daemonArchive=FILE} the daemon records an archive of its
 * own too (its JVM flags say how: {@code -XX:AOTCacheOutput=FILE} or {@code
 * -XX:ArchiveClassesAtExit=FILE}), while it runs a Python and a JavaScript script until both
 * answer: GraalVM's classes are most of a daemon's start (a GraalPy context takes 8.5 s of CPU
 * without the archive, 3.5 s with it). The archive is written when the daemon exits.
 */
final class TrainingRun {
  /**
   * Set by the launcher when it runs the training inside {@code script(1)}, in a terminal of its
   * own with nothing to read: {@code pty} then runs in it as under a user's terminal, so that its
   * terminal's classes are in the archive (measured with {@code -Xlog:class+load}: {@code pty --
   * true} in a terminal took 38 of its classes from elsewhere than the archive, 16 of them from the
   * jars, with an archive trained without a terminal; 9, none from the jars, with one trained in it).
   */
  static final String IN_TERMINAL = "polybridge.training.terminal";

  /** Set by the launcher for the training of {@code pty}'s own archive: only {@code pty} runs. */
  static final String PTY_ONLY = "polybridge.training.pty";

  private TrainingRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: TrainingRun JAVA DAEMON_CLASS_PATH [DAEMON_JVM_FLAG...]");
      System.exit(2);
    }
    Path folder = Files.createTempDirectory("polybridge-training");
    Process daemon = null;
    boolean answered;
    try {
      Path socket = folder.resolve("private").resolve("socket");
      boolean withScripts = System.getProperty("polybridge.training.daemonArchive") != null;
      if (withScripts) {
        Path scripts = Files.createDirectories(folder.resolve("scripts"));
        Files.writeString(scripts.resolve("training.py"), "import iterm2\n\nasync def main(connection):\n"
            + "    @iterm2.RPC\n    async def training_py(x):\n        return x\n"
            + "    await training_py.async_register(connection)\n\niterm2.run_forever(main)\n");
        Files.writeString(scripts.resolve("training.js"), "iterm2.runForever(async connection => {\n"
            + "  await iterm2.rpc(async function training_js(x) { return x; }).register(connection);\n});\n");
      }
      daemon = startDaemon(args, folder, socket);
      answered = exercise(socket, Boolean.getBoolean("polybridge.training.oneShot")) && (!withScripts || scriptsAnswer(socket));
    } finally {
      if (daemon != null) {
        daemon.destroy();
        // The daemon writes its archive as it exits: a hundred MB or so, seconds on a busy machine.
        if (!daemon.waitFor(3, TimeUnit.MINUTES)) {
          daemon.destroyForcibly();
        }
      }
      delete(folder);
    }
    // Only now: System.exit skips finally blocks, and the daemon must not outlive this run.
    System.exit(answered ? 0 : 1);
  }

  /**
   * Runs every client command (or only the one-shot ones, or only {@code pty}) once or more against the daemon; whether
   * it answered.
   */
  private static boolean exercise(Path socket, boolean oneShotOnly) {
    String s = socket.toString();
    if (Boolean.getBoolean(PTY_ONLY)) {
      AttachedPty.Streams.standard(); // the terminal's own classes, as below
      String[] pty = {"pty", "--socket", s, "--", "true"};
      return (Boolean.getBoolean(IN_TERMINAL) ? inTerminal() : quiet()).execute(pty) == 0;
    }
    // The one-shot archive holds what their answers need, not their failures: every class in it is
    // mapped in at each start, and a failure can load its few classes from the jars.
    List<String[]> commands = new ArrayList<>(List.of(
        new String[] {"--version"},
        new String[] {"auth", "--socket", s},
        new String[] {"functions", "--socket", s}, new String[] {"functions", "--table", "--socket", s},
        new String[] {"scripts", "--socket", s}, new String[] {"scripts", "--table", "--socket", s},
        new String[] {"invoke", "--socket", s, "--timeout", "5", "[1, 2.5, \"x\", true, null, {\"a\": [1]}]"},
        new String[] {"sessions", "--socket", s},
        new String[] {"keys", "--socket", s}, new String[] {"triggers", "--socket", s}, new String[] {"alerts", "--socket", s}));
    if (!oneShotOnly) {
      // Without a terminal of its own (see main) the training runs pty on noTerminal, but a user's
      // has one: this loads the terminal's own classes into the archive all the same.
      AttachedPty.Streams.standard();
      commands.addAll(List.of(new String[] {"--help"}, new String[] {"help", "invoke"}, new String[] {"pty", "--help"},
          new String[] {"invoke"}, new String[] {"invoke", "--tcp", "x", "1"},
          new String[] {"invoke", "--socket", s, "nope(x: 1)"},
          new String[] {"buffer", "--socket", s, "--lines", "2"},
          new String[] {"send-text", "--socket", s, "x"},
          new String[] {"inject", "--socket", s, "x"},
          new String[] {"invoke", "--socket", s.substring(0, s.length() - 1), "1"},
          new String[] {"pty", "--socket", s, "--", "true"}));
    }
    boolean answered = false;
    for (String[] command : commands) {
      int status = (command[0].equals("pty") && Boolean.getBoolean(IN_TERMINAL) ? inTerminal() : quiet()).execute(command);
      answered |= status == 0 && command[0].equals("functions");
    }
    return answered;
  }

  /**
   * {@code pty} in this process's own terminal, as a user runs it: raw mode, the size and its
   * watch, the keys' reader. Only where the launcher ran the training in a terminal made for it
   * ({@code script}, with nothing to read: {@link #IN_TERMINAL}), never in a user's.
   */
  private static Main inTerminal() {
    return new Main(Map.of(), AttachedPty.Streams::standard, new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
  }

  /** Waits (a cold GraalPy start: up to minutes on a busy machine) until both training scripts answer. */
  private static boolean scriptsAnswer(Path socket) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    for (String call : List.of("training_js(x: 1)", "training_py(x: 1)")) {
      while (quiet().execute(new String[] {"invoke", "--socket", socket.toString(), call}) != 0) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(100); // polls a process of its own: nothing to wait on but time
      }
    }
    return true;
  }

  private static Main quiet() {
    return new Main(Map.of(), TrainingRun::noTerminal, new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
  }

  private static AttachedPty.Streams noTerminal() {
    return new AttachedPty.Streams(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), false);
  }

  /** Starts {@code polybridge run} on {@code socket} and waits until it says it is ready. */
  private static Process startDaemon(String[] args, Path folder, Path socket) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(args[0]);
    command.addAll(List.of(args).subList(2, args.length));
    command.addAll(List.of("-cp", args[1], Main.class.getName(), "run", "--socket", socket.toString(),
        "--scripts", folder.resolve("scripts").toString(), "--logs", folder.resolve("logs").toString()));
    Process daemon = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(daemon.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = log.readLine(); line != null; line = log.readLine()) {
      if (line.contains("polybridge daemon ready")) {
        Thread.ofPlatform().daemon().start(() -> drain(log));
        return daemon;
      }
    }
    throw new IOException("the training daemon ended before it was ready (status " + waitFor(daemon) + ")");
  }

  private static void drain(BufferedReader log) {
    try {
      while (log.readLine() != null) {
        // the daemon's log is of no interest here; it must not fill its pipe and block
      }
    } catch (IOException e) {
      // the daemon has gone
    }
  }

  private static int waitFor(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
