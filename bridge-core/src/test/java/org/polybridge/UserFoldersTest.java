package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFoldersTest {
  @TempDir Path home;

  @Test
  void withoutXdgVariablesConfigAndSocketStayUnderDotConfigLogsGoToLocalStateAndCachesToDotCache() {
    UserFolders folders = UserFolders.of(Map.of(), home);

    assertThat(folders.config()).isEqualTo(home.resolve(".config/polybridge"));
    assertThat(folders.autoLaunch()).isEqualTo(home.resolve(".config/polybridge/Scripts/AutoLaunch"));
    assertThat(folders.configFile()).isEqualTo(home.resolve(".config/polybridge/config.toml"));
    assertThat(folders.socket()).isEqualTo(home.resolve(".config/polybridge/private/socket"));
    assertThat(folders.logs()).isEqualTo(home.resolve(".local/state/polybridge/logs"));
    assertThat(folders.cache()).isEqualTo(home.resolve(".cache/polybridge"));
    assertThat(folders.moved()).isEmpty();
  }

  @Test
  void eachXdgVariableMovesItsOwnFolder() {
    Path xdg = home.resolve("xdg");
    UserFolders folders = UserFolders.of(Map.of("XDG_CONFIG_HOME", xdg.resolve("config").toString(),
        "XDG_RUNTIME_DIR", xdg.resolve("run").toString(), "XDG_STATE_HOME", xdg.resolve("state").toString(),
        "XDG_CACHE_HOME", xdg.resolve("cache").toString()), home);

    assertThat(folders.config()).isEqualTo(xdg.resolve("config/polybridge"));
    assertThat(folders.socket()).isEqualTo(xdg.resolve("run/polybridge/socket"));
    assertThat(folders.clientSocket()).isEqualTo(xdg.resolve("run/polybridge/socket"));
    assertThat(folders.logs()).isEqualTo(xdg.resolve("state/polybridge/logs"));
    assertThat(folders.cache()).isEqualTo(xdg.resolve("cache/polybridge"));
    assertThat(folders.moved()).isEmpty();
  }

  @Test
  void emptyAndRelativeVariablesAreIgnoredAsTheSpecificationSays() {
    UserFolders folders = UserFolders.of(Map.of("XDG_CONFIG_HOME", "", "XDG_RUNTIME_DIR", "run", "XDG_CACHE_HOME", "  "), home);

    assertThat(folders.config()).isEqualTo(home.resolve(".config/polybridge"));
    assertThat(folders.socket()).isEqualTo(home.resolve(".config/polybridge/private/socket"));
    assertThat(folders.cache()).isEqualTo(home.resolve(".cache/polybridge"));
  }

  @Test
  void anEarlierVersionsFoldersKeepBeingUsedUntilMovedAndSaySoOnce() throws Exception {
    Path legacy = Files.createDirectories(home.resolve(".config/polybridge/logs"));
    Files.createDirectories(legacy.resolveSibling("private"));
    Files.createFile(legacy.resolveSibling("private").resolve("socket"));
    Path xdg = home.resolve("xdg");
    Map<String, String> environment = Map.of("XDG_CONFIG_HOME", xdg.resolve("config").toString(),
        "XDG_RUNTIME_DIR", xdg.resolve("run").toString());

    UserFolders folders = UserFolders.of(environment, home);

    assertThat(folders.config()).isEqualTo(home.resolve(".config/polybridge"));
    assertThat(folders.logs()).isEqualTo(legacy);
    assertThat(folders.socket()).as("a new daemon listens in the runtime folder").isEqualTo(xdg.resolve("run/polybridge/socket"));
    assertThat(folders.clientSocket()).as("while only an old daemon's socket is there, clients reach it")
        .isEqualTo(home.resolve(".config/polybridge/private/socket"));
    assertThat(folders.moved()).containsExactly(
        "scripts and configuration are read from " + home.resolve(".config/polybridge") + ", their old place: move them to "
            + xdg.resolve("config/polybridge") + " ($XDG_CONFIG_HOME/polybridge)",
        "logs are written to " + legacy + ", their old place: move them to " + home.resolve(".local/state/polybridge/logs")
            + " ($XDG_STATE_HOME/polybridge/logs)");

    Files.createDirectories(xdg.resolve("config/polybridge"));
    Files.createDirectories(home.resolve(".local/state/polybridge/logs"));
    Files.createDirectories(xdg.resolve("run/polybridge"));
    Files.createFile(xdg.resolve("run/polybridge/socket"));
    UserFolders moved = UserFolders.of(environment, home);

    assertThat(moved.config()).isEqualTo(xdg.resolve("config/polybridge"));
    assertThat(moved.logs()).isEqualTo(home.resolve(".local/state/polybridge/logs"));
    assertThat(moved.clientSocket()).isEqualTo(xdg.resolve("run/polybridge/socket"));
    assertThat(moved.moved()).isEmpty();
  }

  @Test
  void privateFilesAndFoldersAreTheirUsersAloneWhateverTheUmaskAndOldOnesAreMadeSo() throws Exception {
    Path folder = Files.createDirectories(home.resolve("a/b"), UserFolders.privateFolder());
    Path file = Files.createFile(folder.resolve("secret"), UserFolders.privateFile());
    Path old = Files.createFile(home.resolve("old"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    Path oldFolder = Files.createDirectory(home.resolve("old-folder"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    UserFolders.makePrivate(old);
    UserFolders.makePrivate(oldFolder);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(oldFolder))).isEqualTo("rwx------");
  }
}
