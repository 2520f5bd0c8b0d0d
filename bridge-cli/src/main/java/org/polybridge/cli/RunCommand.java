package org.polybridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.polybridge.transport.ApiListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code polybridge run}: the daemon, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    header = "Runs the daemon: the scripting host with its AutoLaunch scripts.",
    description = {"It listens on its Unix socket (and on TCP when asked), with fresh credentials in the file",
        "`auth` next to the socket, and stops on Ctrl-C. Out of memory outside a script, it exits with",
        "status 3, so that a service manager restarts it."})
final class RunCommand implements Callable<Integer> {
  private static final Path CONFIG = Path.of(System.getProperty("user.home"), ".config", "polybridge");

  @Option(names = "--scripts", paramLabel = "DIR", description = "Scripts to launch (default: ~/.config/polybridge/Scripts/AutoLaunch).")
  Path scripts = CONFIG.resolve("Scripts").resolve("AutoLaunch");

  @Option(names = "--socket", paramLabel = "PATH", description = "The Unix socket (default: ~/.config/polybridge/private/socket).")
  Path socket = ApiListener.defaultSocketPath();

  @Option(names = "--tcp", paramLabel = "PORT", description = "Also listen on TCP 127.0.0.1:PORT (0: any free port).")
  Integer tcpPort;

  @Option(names = "--logs", paramLabel = "DIR", description = "Log folder (default: ~/.config/polybridge/logs).")
  Path logs = CONFIG.resolve("logs");

  @Override
  public Integer call() throws InterruptedException {
    DaemonLogging.configure(logs);
    OutOfMemoryExit.install();
    Daemon daemon = Daemon.start(socket, tcpPort, scripts, logs);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      // java.util.logging is reset by its own shutdown hook: say goodbye on stderr directly.
      System.err.println("polybridge: daemon stopped, " + socket + " removed");
      stopped.countDown();
    }, "polybridge-shutdown"));
    stopped.await();
    return 0;
  }
}
