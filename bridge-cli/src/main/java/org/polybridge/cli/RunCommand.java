package org.polybridge.cli;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.polybridge.UserFolders;

/** {@code polybridge run}: the daemon, until Ctrl-C. */
final class RunCommand implements Command {
  private static final CommandSpec SPEC = new CommandSpec("run", "Runs the daemon: the scripting host with its AutoLaunch scripts.",
      List.of("It listens on its Unix socket (and on TCP when asked), with fresh credentials in the file",
          "`auth` next to the socket, and stops on Ctrl-C. Out of memory outside a script, it exits with",
          "status 3, so that a service manager restarts it."),
      List.of(
          CommandSpec.Option.valued("--scripts", "DIR", "Scripts to launch (default: $XDG_CONFIG_HOME/polybridge/Scripts/AutoLaunch, ~/.config/…)."),
          CommandSpec.Option.valued("--socket", "PATH",
              "The Unix socket (default: $XDG_RUNTIME_DIR/polybridge/socket, else ~/.config/polybridge/private/socket)."),
          CommandSpec.Option.valued("--tcp", "PORT", "Also listen on TCP 127.0.0.1:PORT (0: any free port)."),
          CommandSpec.Option.valued("--logs", "DIR", "Log folder (default: $XDG_STATE_HOME/polybridge/logs, ~/.local/state/…)."),
          CommandSpec.Option.valued("--config", "FILE", "Key bindings and triggers (default: $XDG_CONFIG_HOME/polybridge/config.toml).")),
      List.of());

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws InterruptedException {
    UserFolders folders = main.folders();
    Path scripts = orElse(arguments.path("--scripts"), folders.autoLaunch());
    Path socket = orElse(arguments.path("--socket"), folders.socket());
    Path logs = orElse(arguments.path("--logs"), folders.logs());
    Integer tcpPort = arguments.port("--tcp", true);
    DaemonLogging.configure(logs);
    for (String moved : folders.moved()) {
      // Not a static field: the help loads this class, and a logger looks for its back-end over the class path.
      System.getLogger(RunCommand.class.getName()).log(Level.WARNING, moved);
    }
    OutOfMemoryExit.install();
    Daemon daemon = Daemon.start(socket, tcpPort, scripts, logs, orElse(arguments.path("--config"), folders.configFile()));
    StartupHeap.settle(daemon.bridge(), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10));
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
