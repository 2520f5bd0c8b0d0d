package org.polybridge;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where polybridge keeps a user's files, after the XDG Base Directory specification
 * (docs/INSTALL.md), for one environment and home folder:
 *
 * <ul>
 *   <li>{@link #config()}: scripts ({@code Scripts/AutoLaunch}) and {@code config.toml}, in
 *       {@code $XDG_CONFIG_HOME/polybridge} (default {@code ~/.config/polybridge});
 *   <li>{@link #socket()}: the daemon's socket, with {@code auth} and {@code pid} beside it, in
 *       {@code $XDG_RUNTIME_DIR/polybridge/} when that variable is set, else in the config folder's
 *       {@code private/};
 *   <li>{@link #logs()}: {@code $XDG_STATE_HOME/polybridge/logs} (default
 *       {@code ~/.local/state/polybridge/logs});
 *   <li>{@link #cache()}: {@code $XDG_CACHE_HOME/polybridge} (default {@code ~/.cache/polybridge}),
 *       whatever can be made again.
 * </ul>
 *
 * <p>A variable that is empty or not an absolute path is ignored, as the specification says. Earlier
 * versions kept everything under {@code ~/.config/polybridge}: where a folder is still there and
 * its new place is not, the old one is used, and {@link #moved()} says so (the daemon logs it once
 * as it starts).
 *
 * <p>What holds a user's secrets or what their scripts print (credentials, logs, compiled scripts)
 * is made its user's alone, with {@link #privateFile()}, {@link #privateFolder()} and
 * {@link #makePrivate(Path)}, the one way polybridge sets such permissions.
 *
 * <pre>{@code
 * UserFolders folders = UserFolders.current();
 * Path autoLaunch = folders.autoLaunch();
 * Files.createDirectories(folders.logs(), UserFolders.privateFolder());
 * }</pre>
 */
public final class UserFolders {
  private static final String NAME = "polybridge";
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

  private final Path configHome;
  private final Path config;
  private final Path socket;
  private final Path logs;
  private final Path cache;
  private final Path legacySocket;
  private final List<String> moved;

  private UserFolders(Path configHome, Path config, Path socket, Path legacySocket, Path logs, Path cache, List<String> moved) {
    this.configHome = configHome;
    this.config = config;
    this.socket = socket;
    this.legacySocket = legacySocket;
    this.logs = logs;
    this.cache = cache;
    this.moved = List.copyOf(moved);
  }

  /** For this process: its environment, and Java's {@code user.home} (which {@code -Duser.home} sets). */
  public static UserFolders current() {
    return of(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** For {@code environment}'s XDG variables and the home folder {@code home}. */
  public static UserFolders of(Map<String, String> environment, Path home) {
    List<String> moved = new ArrayList<>();
    Path legacy = home.resolve(".config").resolve(NAME);
    Path configHome = base(environment, "XDG_CONFIG_HOME", home.resolve(".config"));
    Path config = configHome.resolve(NAME);
    if (!config.equals(legacy) && !Files.exists(config) && Files.isDirectory(legacy)) {
      moved.add("scripts and configuration are read from " + legacy + ", their old place: move them to " + config
          + " ($XDG_CONFIG_HOME/" + NAME + ")");
      config = legacy;
    }
    Path runtime = base(environment, "XDG_RUNTIME_DIR", null);
    Path socket = (runtime != null ? runtime.resolve(NAME) : config.resolve("private")).resolve("socket");
    Path logs = base(environment, "XDG_STATE_HOME", home.resolve(".local").resolve("state")).resolve(NAME).resolve("logs");
    Path legacyLogs = legacy.resolve("logs");
    if (!Files.exists(logs) && Files.isDirectory(legacyLogs)) {
      moved.add("logs are written to " + legacyLogs + ", their old place: move them to " + logs + " ($XDG_STATE_HOME/" + NAME + "/logs)");
      logs = legacyLogs;
    }
    Path cache = base(environment, "XDG_CACHE_HOME", home.resolve(".cache")).resolve(NAME);
    return new UserFolders(configHome, config, socket, legacy.resolve("private").resolve("socket"), logs, cache, moved);
  }

  private static Path base(Map<String, String> environment, String variable, Path otherwise) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    Path path = Path.of(value);
    return path.isAbsolute() ? path : otherwise;
  }

  /** Scripts and configuration: {@code $XDG_CONFIG_HOME/polybridge}. */
  public Path config() {
    return config;
  }

  /** The scripts the daemon starts with: {@code Scripts/AutoLaunch} in {@link #config()}. */
  public Path autoLaunch() {
    return config.resolve("Scripts").resolve("AutoLaunch");
  }

  /** Key bindings and triggers: {@code config.toml} in {@link #config()}. */
  public Path configFile() {
    return config.resolve("config.toml");
  }

  /** Where the user's systemd manager looks for units: {@code $XDG_CONFIG_HOME/systemd/user}. */
  public Path systemdUserUnits() {
    return configHome.resolve("systemd").resolve("user");
  }

  /** The daemon's Unix socket. */
  public Path socket() {
    return socket;
  }

  /**
   * The socket a client reaches by default: {@link #socket()}, or the old place's,
   * {@code ~/.config/polybridge/private/socket}, while only that one is there (a daemon of an
   * earlier version still runs).
   */
  public Path clientSocket() {
    return !Files.exists(socket) && Files.exists(legacySocket) ? legacySocket : socket;
  }

  /** The daemon's log folder: its own log and one per script. */
  public Path logs() {
    return logs;
  }

  /** What can be made again: compiled Python, native libraries, REPL history. */
  public Path cache() {
    return cache;
  }

  /** One sentence per folder still read from where earlier versions kept it; empty when none. */
  public List<String> moved() {
    return moved;
  }

  /**
   * What makes a new file its user's alone (0600) as it is created ({@code Files.createFile},
   * {@code FileChannel.open}): from its first byte, not after a {@code chmod} that others could race.
   * None where the file system has no POSIX permissions.
   */
  public static FileAttribute<?>[] privateFile() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  /** What makes a new folder its user's alone (0700) as it is created, as {@link #privateFile()}. */
  public static FileAttribute<?>[] privateFolder() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER)} : new FileAttribute<?>[0];
  }

  /**
   * Makes {@code path}, which exists, its user's alone: 0700 for a folder, 0600 otherwise (one an
   * earlier version made, or one moved into place). Nothing where the file system has no POSIX
   * permissions.
   */
  public static void makePrivate(Path path) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE);
    }
  }
}
