package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;

/**
 * Both ends of a Unix socket trust only a folder of their own user: a server does not listen, and
 * a client sends nothing, where another user could have put the socket or the credentials. The
 * folders are real, with real modes and owners; as root (CI), another user's folder is made with
 * {@code chown nobody}, and refused although root could open it.
 */
class PrivateSocketFolderTest {
  /** nobody's uid on Linux; any uid other than ours serves. */
  private static final int NOBODY = 65534;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  /** A terminal that no daemon may reach: the refusal comes before any connection. */
  private static final TerminalLink.Listener UNTOUCHED = new TerminalLink.Listener() {
    @Override
    public void display(byte[] bytes) {
      throw new AssertionError("displayed: " + bytes.length + " bytes");
    }

    @Override
    public void type(String text) {
      throw new AssertionError("typed: " + text);
    }

    @Override
    public void close() {
      throw new AssertionError("closed by the host");
    }
  };

  @TempDir Path root;
  private Path folder;

  @BeforeEach
  void makeFolder() throws IOException {
    folder = root.resolve("private");
    Files.createDirectory(folder);
    chmod(folder, "rwx------");
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private ApiListener listen(Path socket) {
    return ApiListener.unixSocket(bridge, socket, ApiListener.Options.newBuilder().credentials(credentials).build());
  }

  @Test
  void aListenerRefusesAFolderThatOthersMayWriteAndSaysHowToFixIt() throws IOException {
    chmod(folder, "rwxrwxrwx");

    assertThatThrownBy(() -> listen(folder.resolve("socket")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("refusing " + folder)
        .hasMessageContaining("writable by others (mode 777, owner ")
        .hasMessageContaining("chmod 700 " + folder);
    assertThat(folder.resolve("socket")).doesNotExist();
  }

  @Test
  void aListenerRefusesAFolderThatItsGroupMayWrite() throws IOException {
    chmod(folder, "rwxrwx---");

    assertThatThrownBy(() -> listen(folder.resolve("socket"))).hasMessageContaining("mode 770");
  }

  @Test
  void aListenerRefusesASymbolicLinkToAPrivateFolder() throws IOException {
    Path link = Files.createSymbolicLink(root.resolve("link"), folder);

    assertThatThrownBy(() -> listen(link.resolve("socket")))
        .hasMessageContaining("refusing " + link)
        .hasMessageContaining("is a symbolic link (to " + folder + ")");
    assertThat(folder.resolve("socket")).doesNotExist();
  }

  @Test
  void aListenerRefusesAnotherUsersFolderEvenToRoot() throws IOException {
    chownToNobody(folder);

    assertThatThrownBy(() -> listen(folder.resolve("socket")))
        .hasMessageContaining("refusing " + folder)
        .hasMessageContaining("uid " + NOBODY + "), not to you");
  }

  @Test
  void aListenerRefusesAFolderWhoseParentOthersMayWriteUnlessItIsSticky() throws IOException {
    Path parent = root.resolve("shared");
    Path inside = parent.resolve("private");
    Files.createDirectories(inside);
    chmod(inside, "rwx------");
    chmod(parent, "rwxrwxrwx");

    assertThatThrownBy(() -> listen(inside.resolve("socket")))
        .hasMessageContaining("the folder above it, " + parent.toRealPath() + ", is writable by others (mode 777")
        .hasMessageContaining("chmod go-w " + parent.toRealPath());

    Files.setAttribute(parent, "unix:mode", 01777); // as /tmp: others may add, not rename what is ours
    assertThat(listen(inside.resolve("socket")).address()).isEqualTo(UnixDomainSocketAddress.of(inside.resolve("socket")));
  }

  @Test
  void aFolderAboveMayBeWritableByTheUsersOwnGroupButNotByAnother() throws IOException {
    Path parent = root.resolve("home");
    Path inside = parent.resolve("private");
    Files.createDirectories(inside);
    chmod(inside, "rwx------");
    chmod(parent, "rwxrwxr-x"); // umask 002 with a user-private group
    Files.setAttribute(parent, "unix:gid", (int) new com.sun.security.auth.module.UnixSystem().getGid());

    listen(inside.resolve("socket")).close();

    chgrpToNogroup(parent);
    assertThatThrownBy(() -> listen(inside.resolve("socket")))
        .hasMessageContaining("the folder above it, " + parent.toRealPath() + ", is writable by others (mode 775");
  }

  @Test
  void aListenerMakesAMissingFolderItsUsersAlone() throws IOException {
    Path made = root.resolve("made").resolve("private");

    listen(made.resolve("socket"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.resolve("socket")))).isEqualTo("rw-------");
  }

  @Test
  void aClientSendsNothingToAServerInAFolderThatOthersMayWrite() throws Exception {
    chmod(folder, "rwxrwxrwx");
    Path socket = folder.resolve("socket");
    try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      fake.bind(UnixDomainSocketAddress.of(socket));
      fake.configureBlocking(false);

      CompletableFuture<TerminalLink> attaching = Connections.attachTerminal(UnixDomainSocketAddress.of(socket), credentials,
          "test terminal", UNTOUCHED);
      CompletableFuture<?> connecting = Connections.unixSocket(socket, credentials, "test client");

      assertRefused(attaching, "refusing " + folder + ": the socket's folder is writable by others (mode 777");
      assertRefused(connecting, "chmod 700 " + folder);
      assertThat(fake.accept()).as("the client did not even connect").isNull();
    }
  }

  @Test
  void aClientRefusesASocketThatAnotherUserServesFromTheirOwnFolder() throws Exception {
    Path socket = folder.resolve("socket");
    try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      fake.bind(UnixDomainSocketAddress.of(socket));
      fake.configureBlocking(false);
      chownToNobody(folder);

      assertRefused(Connections.unixSocket(socket, credentials, "test client"), "uid " + NOBODY + "), not to you");
      assertThat(fake.accept()).isNull();
    }
  }

  @Test
  void aClientConnectsToItsOwnDaemonInAPrivateFolder() throws Exception {
    Path socket = folder.resolve("socket");
    listen(socket);

    Connections.unixSocket(socket, credentials, "test client").get(10, TimeUnit.SECONDS).close();
  }

  @Test
  void credentialsAreReadOnlyFromAFileOfTheUserThatOthersCannotOpen() throws IOException {
    Path file = folder.resolve("auth");
    credentials.write(file);
    assertThat(Credentials.read(file)).isEqualTo(credentials);

    chmod(file, "rw-r--r--");
    assertThatThrownBy(() -> Credentials.read(file))
        .hasMessageContaining("refusing " + file + ": the credentials file is open to others (mode 644")
        .hasMessageContaining("chmod 600 " + file);

    chmod(file, "rw-------");
    chmod(folder, "rwxrwxrwx");
    assertThatThrownBy(() -> Credentials.read(file)).hasMessageContaining("refusing " + folder + ": the credentials' folder");
  }

  @Test
  void credentialsAreNotReadThroughASymbolicLink() throws IOException {
    Path file = folder.resolve("real");
    credentials.write(file);
    Path link = Files.createSymbolicLink(folder.resolve("auth"), file);

    assertThatThrownBy(() -> Credentials.read(link)).hasMessageContaining("the credentials file is a symbolic link");
  }

  @Test
  void credentialsOfAnotherUserAreRefusedEvenToRoot() throws IOException {
    Path file = folder.resolve("auth");
    credentials.write(file);
    chownToNobody(file);

    assertThatThrownBy(() -> Credentials.read(file)).hasMessageContaining("uid " + NOBODY + "), not to you");
  }

  @Test
  void credentialsAreNotWrittenToAFolderThatOthersMayWrite() throws IOException {
    chmod(folder, "rwxrwxrwx");

    assertThatThrownBy(() -> credentials.write(folder.resolve("auth"))).hasMessageContaining("chmod 700 " + folder);
    assertThat(folder.resolve("auth")).doesNotExist();
  }

  private static void assertRefused(CompletableFuture<?> future, String message) throws Exception {
    assertThat(future).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(UncheckedIOException.class).withMessageContaining(message);
  }

  private static void chmod(Path path, String permissions) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
  }

  /** Gives {@code path} to another group: only root may (CI runs as root); elsewhere the test is skipped. */
  private static void chgrpToNogroup(Path path) throws IOException {
    try {
      Files.setAttribute(path, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      Assumptions.abort("cannot give " + path + " to another group without root: " + e);
    }
  }

  /** Gives {@code path} to another user: only root may (CI runs as root); elsewhere the test is skipped. */
  private static void chownToNobody(Path path) throws IOException {
    try {
      Files.setAttribute(path, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      Assumptions.abort("cannot give " + path + " to another user without root: " + e);
    }
  }
}
