package org.polybridge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.polybridge.transport.ApiListener;

/** {@code polybridge run}: the daemon, until Ctrl-C. */
final class RunCommand implements Command {
  private static final CommandSpec SPEC = new CommandSpec("run", "Runs the daemon: the scripting host with its AutoLaunch scripts.",
      List.of("It listens on its Unix socket (and on TCP when asked), with fresh credentials in the file",
          "`auth` next to the socket, and stops on Ctrl-C. Out of memory outside a script, it exits with",
          "status 3, so that a service manager restarts it."),
      List.of(
          CommandSpec.Option.valued("--scripts", "DIR", "Scripts to launch (default: ~/.config/polybridge/Scripts/AutoLaunch)."),
          CommandSpec.Option.valued("--socket", "PATH", "The Unix socket (default: ~/.config/polybridge/private/socket)."),
          CommandSpec.Option.valued("--tcp", "PORT", "Also listen on TCP 127.0.0.1:PORT (0: any free port)."),
          CommandSpec.Option.valued("--logs", "DIR", "Log folder (default: ~/.config/polybridge/logs)."),
          CommandSpec.Option.valued("--config", "FILE", "Key bindings and triggers (default: ~/.config/polybridge/config.toml).")),
      List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws InterruptedException {
    Path config = Daemon.configFolder();
    Path scripts = orElse(arguments.path("--scripts"), config.resolve("Scripts").resolve("AutoLaunch"));
    Path socket = orElse(arguments.path("--socket"), ApiListener.defaultSocketPath());
    Path logs = orElse(arguments.path("--logs"), config.resolve("logs"));
    Integer tcpPort = arguments.port("--tcp", true);
    DaemonLogging.configure(logs);
    OutOfMemoryExit.install();
    Daemon daemon = Daemon.start(socket, tcpPort, scripts, logs, orElse(arguments.path("--config"), config.resolve("config.toml")));
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

  private static Path orElse(Path given, Path otherwise) {
    return given != null ? given : otherwise;
  }
}
