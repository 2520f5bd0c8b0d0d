package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.transport.Credentials;

/**
 * A socket that someone else could have put in place (here: a plain server in a folder everyone
 * may write, with an {@code auth} file beside it) is never sent a hello or given a terminal to type
 * into; the user is told why and how to fix it. The daemon, too, refuses such a folder.
 */
class ForeignDaemonTest {
  @TempDir Path root;
  private Path folder;
  private Path socket;
  private ServerSocketChannel fake;
  private final Credentials planted = Credentials.random();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void plantAFakeDaemon() throws IOException {
    folder = Files.createDirectory(root.resolve("shared"));
    socket = folder.resolve("socket");
    fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    fake.bind(UnixDomainSocketAddress.of(socket));
    fake.configureBlocking(false);
    planted.write(folder.resolve("auth"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @AfterEach
  void close() throws IOException {
    fake.close();
  }

  private int run(Map<String, String> environment, String... args) {
    return new Main(environment, () -> new AttachedPty.Streams(new ByteArrayInputStream(new byte[0]), screen, false),
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void ptyRefusesTheSocketAndItsCredentialsAndSaysHowToFixTheFolder() throws IOException {
    int status = run(Map.of(), "pty", "--socket", socket.toString(), "--", "sh", "-c", "echo ran");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("polybridge: refusing " + folder + ": the credentials' folder is writable by others"
        + " (mode 777, owner ").endsWith("chmod 700 " + folder);
    assertThat(fake.accept()).as("nothing connected to the fake daemon").isNull();
    assertThat(screen.toString()).doesNotContain("ran");
  }

  @Test
  void ptyWithTheCookieInItsEnvironmentStillRefusesTheSocket() throws IOException {
    int status = run(planted.environment(), "pty", "--socket", socket.toString(), "--", "sh", "-c", "echo ran");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("polybridge: refusing " + folder + ": the socket's folder is writable by others");
    assertThat(fake.accept()).isNull();
  }

  @Test
  void clientCommandsRefuseItToo() throws IOException {
    assertThat(run(Map.of(), "invoke", "--socket", socket.toString(), "1")).isEqualTo(1);
    assertThat(run(planted.environment(), "send-text", "--socket", socket.toString(), "id\n")).isEqualTo(1);
    assertThat(run(Map.of(), "auth", "--socket", socket.toString())).isEqualTo(1);

    assertThat(err.toString().lines()).hasSize(3).allMatch(l -> l.startsWith("polybridge: refusing " + folder));
    assertThat(fake.accept()).isNull();
  }

  @Test
  void theDaemonDoesNotStartInAFolderOthersMayWrite() {
    Path open = root.resolve("open");

    assertThatThrownBy(() -> {
      Files.createDirectory(open);
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
      Daemon.start(open.resolve("socket"), null, root.resolve("scripts"), root.resolve("logs")).close();
    }).hasMessageStartingWith("refusing " + open + ": the socket's folder is writable by others").hasMessageEndingWith("chmod 700 " + open);
    assertThat(open.resolve("socket")).doesNotExist();
    assertThat(open.resolve("auth")).doesNotExist();
  }

  @Test
  void theDaemonDoesNotStartThroughASymbolicLink() throws IOException {
    Path real = Files.createDirectory(root.resolve("real"));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThatThrownBy(() -> Daemon.start(link.resolve("socket"), null, root.resolve("scripts"), root.resolve("logs")).close())
        .hasMessageContaining("refusing " + link + ": the socket's folder is a symbolic link");
    assertThat(real.resolve("socket")).doesNotExist();
  }
}
