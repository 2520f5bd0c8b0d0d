package org.polybridge.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.polybridge.UserFolders;

/**
 * The rule both ends of a Unix socket hold the daemon's files to, so that a client talks only to
 * its own user's daemon and a daemon serves only from a place nobody else controls: the socket's
 * folder and the credentials file belong to the user of this process, are no symbolic links, and
 * nobody else may write them (the credentials file nobody else may even read); the folders above
 * belong to that user or root and are not writable by others unless sticky (as {@code /tmp} is),
 * so nobody else can swap the folder between a check and a connect. A folder above may be
 * writable by its group when that group is the user's own (the user-private groups and umask 002
 * of many Linux systems).
 *
 * <p>Ownership is compared by uid, not found out by trying: root may open anything, yet must not
 * trust another user's socket either.
 */
public final class PrivateFiles {
  private static final int GROUP_OR_OTHERS_WRITE = 0022;
  private static final int GROUP_WRITE = 0020;
  private static final int OTHERS_WRITE = 0002;
  private static final int GROUP_OR_OTHERS_ANY = 0077;
  private static final int STICKY = 01000;
  private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  private PrivateFiles() {}

  /**
   * Checks the folder of a Unix socket before a server listens there or a client connects to it.
   * A missing folder passes: there is nothing to trust yet (and nothing to connect to).
   *
   * @throws UncheckedIOException ({@link AccessDeniedException}) naming the folder, what is wrong
   *     with it and what to do
   */
  public static void checkSocketFolder(Path folder) {
    checkFolder(folder, "the socket's folder");
  }

  /** Checks a socket file that a client is about to connect to: its folder, and that it is the user's. */
  public static void checkSocket(Path socket) {
    Path file = socket.toAbsolutePath();
    checkSocketFolder(file.getParent());
    Attributes a = attributes(file);
    if (a != null && a.uid() != Owner.UID) {
      throw refuse(file, "the socket belongs to " + Owner.of(file, a.uid()) + ", not to you, " + Owner.you()
          + ": another user's server listens there; use a folder of your own");
    }
  }

  /**
   * Checks a credentials file before it is read: its folder, and that the file is a regular file of
   * the user that nobody else can read or write (0600).
   */
  public static void checkCredentialsFile(Path file) {
    Path absolute = file.toAbsolutePath();
    checkFolder(absolute.getParent(), "the credentials' folder");
    Attributes a = attributes(absolute);
    if (a == null) {
      return; // reading it fails with its own "no such file"
    }
    if (a.symbolicLink()) {
      throw refuse(absolute, "the credentials file is a symbolic link" + target(absolute) + "; it must be a file of your own");
    }
    if (a.uid() != Owner.UID) {
      throw refuse(absolute, "the credentials file belongs to " + Owner.of(absolute, a.uid()) + ", not to you, "
          + Owner.you() + ": it is not your daemon's; use a folder of your own");
    }
    if ((a.mode() & GROUP_OR_OTHERS_ANY) != 0) {
      throw refuse(absolute, "the credentials file is open to others (mode " + octal(a.mode()) + ", owner "
          + Owner.of(absolute, a.uid()) + "): chmod 600 " + absolute);
    }
  }

  /** Checks the folder a credentials file is written to, as {@link #checkSocketFolder} does. */
  public static void checkCredentialsFolder(Path folder) {
    checkFolder(folder, "the credentials' folder");
  }

  private static void checkFolder(Path folder, String role) {
    Path absolute = folder.toAbsolutePath();
    Attributes a = attributes(absolute);
    if (a == null) {
      return;
    }
    if (a.symbolicLink()) {
      throw refuse(absolute, role + " is a symbolic link" + target(absolute)
          + "; give the real folder's path, or use a folder of your own");
    }
    if (a.uid() != Owner.UID) {
      throw refuse(absolute, role + " belongs to " + Owner.of(absolute, a.uid()) + ", not to you, " + Owner.you()
          + ": use a folder of your own, such as the default socket's, " + UserFolders.current().socket().getParent());
    }
    if ((a.mode() & GROUP_OR_OTHERS_WRITE) != 0) {
      throw refuse(absolute, role + " is writable by others (mode " + octal(a.mode()) + ", owner " + Owner.of(absolute, a.uid())
          + "), who could put their own socket or credentials there: chmod 700 " + absolute);
    }
    checkAncestors(absolute);
  }

  /** The folders above: none may let another user rename the checked folder away and put theirs in its place. */
  private static void checkAncestors(Path folder) {
    Path parent = folder.getParent();
    if (parent == null) {
      return;
    }
    Path real;
    try {
      real = parent.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + parent + ": " + e.getMessage(), e);
    }
    for (Path p = real; p != null; p = p.getParent()) {
      Attributes a = attributes(p);
      if (a == null) {
        continue;
      }
      if (a.uid() != Owner.UID && a.uid() != 0) {
        throw refuse(folder, "the folder above it, " + p + ", belongs to " + Owner.of(p, a.uid())
            + ", who could replace it: use a folder under one of your own");
      }
      boolean replaceable = (a.mode() & OTHERS_WRITE) != 0 || ((a.mode() & GROUP_WRITE) != 0 && a.gid() != Owner.GID);
      if (replaceable && (a.mode() & STICKY) == 0) {
        throw refuse(folder, "the folder above it, " + p + ", is writable by others (mode " + octal(a.mode())
            + ", owner " + Owner.of(p, a.uid()) + ") and not sticky, so anyone could replace it: chmod go-w " + p + ", or use a folder elsewhere");
      }
    }
  }

  private record Attributes(long uid, long gid, int mode, boolean symbolicLink) {}

  /** The file's owner and mode, not following a link; null when there is no such file. */
  private static Attributes attributes(Path path) {
    if (!UNIX) {
      return null; // no uids and modes to compare (not a POSIX system): nothing this rule can check
    }
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
      return new Attributes(Integer.toUnsignedLong((Integer) a.get("uid")), Integer.toUnsignedLong((Integer) a.get("gid")), (Integer) a.get("mode"), (Boolean) a.get("isSymbolicLink"));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  private static String target(Path link) {
    try {
      return " (to " + Files.readSymbolicLink(link) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String octal(int mode) {
    return String.format("%03o", mode & 07777);
  }

  private static UncheckedIOException refuse(Path path, String reason) {
    String message = "refusing " + path + ": " + reason;
    return new UncheckedIOException(message, new AccessDeniedException(path.toString(), null, reason));
  }

  /** The user of this process, by uid: what {@code id -u} prints. */
  private static final class Owner {
    static final long UID;
    /** The user's primary group. */
    static final long GID;

    static {
      com.sun.security.auth.module.UnixSystem user = UNIX ? new com.sun.security.auth.module.UnixSystem() : null;
      UID = user == null ? -1 : user.getUid();
      GID = user == null ? -1 : user.getGid();
    }

    static String you() {
      return System.getProperty("user.name") + " (uid " + UID + ")";
    }

    /** The owner of {@code path} by name, when the system knows one, and uid. */
    static String of(Path path, long uid) {
      try {
        String name = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        return name.equals(Long.toString(uid)) ? "uid " + uid : name + " (uid " + uid + ")";
      } catch (IOException e) {
        return "uid " + uid;
      }
    }
  }
}
