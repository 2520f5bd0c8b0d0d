package org.polybridge.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.polybridge.UserFolders;

/** The file system side of a Unix socket: a private folder, no stale socket in the way, a private socket. */
final class UnixSocketFiles {
  private UnixSocketFiles() {}

  /**
   * Makes the socket's folder (0700) when it is missing, checks that it is private ({@link
   * PrivateFiles}), and removes a socket file that nothing listens on any more.
   *
   * @throws UncheckedIOException when the folder is not private to this user, a server already
   *     listens at {@code socket}, or files fail
   */
  static void prepare(Path socket) {
    Path folder = socket.getParent();
    try {
      if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(folder.getParent());
        Files.createDirectory(folder, UserFolders.privateFolder());
      }
      // made here or found: either way it must be ours alone (found: it may be anyone's; made: a race may have lost it)
      PrivateFiles.checkSocketFolder(folder);
      if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
          throw new IOException(socket + " exists and is not a socket (expected: no file, or a stale socket)");
        }
        if (listening(socket)) {
          throw new IOException("a server already listens on " + socket + " (stop it first, or choose another path)");
        }
        Files.delete(socket);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** Makes the socket readable and writable by its owner only (0600). */
  static void restrict(Path socket) {
    try {
      UserFolders.makePrivate(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict " + socket + " to its owner: " + e.getMessage(), e);
    }
  }

  private static boolean listening(Path socket) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
