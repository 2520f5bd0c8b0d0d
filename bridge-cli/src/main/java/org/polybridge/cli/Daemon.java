package org.polybridge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polybridge.Bridge;
import org.polybridge.cli.console.ConsoleServer;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.transport.ApiListener;
import org.polybridge.transport.Credentials;

/**
 * What {@code polybridge run} runs: a bridge with the embedded default host, listening on its Unix
 * socket (and on TCP when asked), with fresh credentials written next to the socket. Closing it, or
 * its bridge alone, stops the scripts and the listeners, disconnects every client and removes the
 * socket, the credentials and the pid file.
 */
final class Daemon implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

  private final Bridge bridge;
  private final ApiListener unix;
  private final ApiListener tcp;

  private Daemon(Bridge bridge, ApiListener unix, ApiListener tcp) {
    this.bridge = bridge;
    this.unix = unix;
    this.tcp = tcp;
  }

  /**
   * Starts listening on {@code socket} and, unless {@code tcpPort} is {@code null}, on TCP
   * 127.0.0.1:{@code tcpPort} (0: any free port).
   */
  static Daemon start(Path socket, Integer tcpPort, Path scripts, Path logs) {
    return start(socket, tcpPort, scripts, logs, null);
  }

  /** As {@link #start(Path, Integer, Path, Path)}, following the configuration file {@code config} (null: none). */
  static Daemon start(Path socket, Integer tcpPort, Path scripts, Path logs, Path config) {
    // Shells the default host starts may run clients of their own: they get the daemon's credentials
    // and socket.
    Credentials credentials = Credentials.random();
    Map<String, String> sessions = new HashMap<>(credentials.environment());
    sessions.put(DaemonAddress.SOCKET_VARIABLE, socket.toAbsolutePath().toString());
    PtyHost host = PtyHost.newBuilder().environment(sessions).build();
    Bridge.Builder builder = Bridge.newBuilder().host(host).logFolder(logs);
    configureScripts(builder, scripts);
    if (config != null) {
      LOG.log(Level.INFO, "configuration: " + config.toAbsolutePath());
      builder.configFile(config);
    }
    Bridge bridge = builder.build();
    bridge.closeWithBridge(host);
    ConsoleServer console = new ConsoleServer(bridge, logs);
    bridge.closeWithBridge(console);
    bridge.console(console::newAddress);
    try {
      ApiListener.Options options = ApiListener.Options.newBuilder().credentials(credentials).build();
      ApiListener unix = ApiListener.unixSocket(bridge, socket, options);
      Path authFile = DaemonAddress.authFile(socket);
      credentials.write(authFile);
      ApiListener tcp = tcpPort == null ? null : ApiListener.tcp(bridge, tcpPort, options);
      Path pidFile = PidFile.of(socket);
      writePid(pidFile);
      // With the bridge, however it is closed: an application that embeds the daemon closes its bridge.
      bridge.closeWithBridge(() -> removeFiles(List.of(authFile, pidFile)));
      LOG.log(Level.INFO, "polybridge daemon ready: socket " + socket.toAbsolutePath()
          + (tcp == null ? "" : ", tcp 127.0.0.1:" + tcp.port()) + ", credentials in " + authFile);
      return new Daemon(bridge, unix, tcp);
    } catch (RuntimeException e) {
      bridge.close();
      throw e;
    }
  }

  /** Hands the AutoLaunch folder to the bridge; a missing folder is created, empty. */
  static void configureScripts(Bridge.Builder builder, Path scripts) {
    try {
      Files.createDirectories(scripts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scripts folder " + scripts + ": " + e.getMessage(), e);
    }
    LOG.log(Level.INFO, "scripts: " + scripts.toAbsolutePath());
    builder.scriptsFolder(scripts);
  }

  private static void writePid(Path file) {
    try {
      PidFile.write(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not write " + file + " (" + e.getMessage() + "): `polybridge stop` cannot find this daemon");
    }
  }

  Bridge bridge() {
    return bridge;
  }

  ApiListener unixListener() {
    return unix;
  }

  /** The TCP listener, or {@code null} when the daemon does not listen on TCP. */
  ApiListener tcpListener() {
    return tcp;
  }

  /** Closes the bridge, which removes the socket, the credentials and the pid file. */
  @Override
  public void close() {
    bridge.close();
    LOG.log(Level.INFO, "polybridge daemon stopped");
  }

  private static void removeFiles(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not remove " + file + ": " + e.getMessage());
      }
    }
  }
}
