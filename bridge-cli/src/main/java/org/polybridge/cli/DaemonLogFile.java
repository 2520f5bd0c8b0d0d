package org.polybridge.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.polybridge.UserFolders;

/**
 * The daemon's own log file: {@code polybridge0.log} in its log folder, moved on to
 * {@code polybridge1.log} (and the older ones one further, the oldest dropped) once it has reached
 * {@value #LIMIT_BYTES} bytes, {@value #COUNT} files in all. Every file is its user's alone (0600,
 * in a folder made 0700): the log names scripts, sockets and what clients sent. A second daemon
 * logging to the same folder writes {@code polybridge0.log.1} and so on: the file
 * {@code polybridge0.log.lck}, locked, says the first names are taken (the names
 * {@link java.util.logging.FileHandler} gives).
 *
 * <pre>{@code
 * Logger.getLogger("").addHandler(DaemonLogFile.open(Path.of("logs")));
 * }</pre>
 *
 * <p>Not {@code FileHandler}: that one makes its files with the process's umask (0644), and, as of
 * JDK 25 (JDK-8349206), drops what other threads log while it rotates: it turns its level off
 * meanwhile and reads the level outside its lock.
 */
final class DaemonLogFile extends Handler {
  /** A file is rotated once it has this many bytes (10 MB). */
  static final long LIMIT_BYTES = 10_000_000;
  /** How many files are kept, the one written to included. */
  static final int COUNT = 5;
  /** How many daemons may log to one folder at once, each to files of its own. */
  private static final int MAX_WRITERS = 100;
  /** The lock files the handlers of this JVM hold. */
  private static final Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path[] generations;
  private final long limitBytes;
  private final Path lockFile;
  private final FileChannel lock;
  /** The file being written, generation 0; null when it could not be opened at a rotation, or once closed. */
  private OutputStream out;
  private boolean closed;
  /** Bytes in generation 0. */
  private long written;

  private DaemonLogFile(Path[] generations, long limitBytes, Path lockFile, FileChannel lock) {
    this.generations = generations;
    this.limitBytes = limitBytes;
    this.lockFile = lockFile;
    this.lock = lock;
    setFormatter(new SimpleFormatter());
  }

  /** Logs to {@code folder} (created if missing) at the daemon's figures: {@value #COUNT} files of {@value #LIMIT_BYTES} bytes. */
  static DaemonLogFile open(Path folder) throws IOException {
    return open(folder, LIMIT_BYTES, COUNT);
  }

  /** Logs to {@code folder}, rotating at {@code limitBytes} and keeping {@code count} files. */
  static DaemonLogFile open(Path folder, long limitBytes, int count) throws IOException {
    if (limitBytes < 1 || count < 1) {
      throw new IllegalArgumentException("limit " + limitBytes + " bytes, " + count + " files (expected: at least 1 of each)");
    }
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, UserFolders.privateFolder());
    }
    for (int writer = 0; writer < MAX_WRITERS; writer++) {
      String suffix = writer == 0 ? "" : "." + writer;
      Path lockFile = folder.resolve("polybridge0.log" + suffix + ".lck").toAbsolutePath();
      if (!HELD.add(lockFile)) {
        continue; // not even opened: closing a second channel on it would release this JVM's lock (FileLock's Javadoc)
      }
      FileChannel lock;
      try {
        lock = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), UserFolders.privateFile());
      } catch (IOException e) {
        HELD.remove(lockFile);
        throw e;
      }
      if (lock.tryLock() == null) { // another daemon's
        lock.close();
        HELD.remove(lockFile);
        continue;
      }
      Path[] generations = new Path[count];
      for (int g = 0; g < count; g++) {
        generations[g] = folder.resolve("polybridge" + g + ".log" + suffix);
      }
      DaemonLogFile file = new DaemonLogFile(generations, limitBytes, lockFile, lock);
      try {
        UserFolders.makePrivate(lockFile); // one left by a daemon that died, from before logs were private
        file.openCurrent(false);
        if (file.written >= limitBytes) {
          file.rotate();
        }
      } catch (IOException e) {
        file.close();
        throw e;
      }
      return file;
    }
    throw new IOException("cannot log to " + folder + ": " + MAX_WRITERS + " daemons already log there (each holds a polybridge0.log*.lck)");
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    byte[] bytes;
    try {
      bytes = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      reportError(null, e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        if (out == null) {
          openCurrent(false); // it could not be opened at the last rotation: perhaps it can now
        }
        out.write(bytes); // unbuffered: one write per record, in the file before publish returns
        written += bytes.length;
        if (written >= limitBytes) {
          rotate();
        }
      } catch (IOException e) {
        reportError(null, e, ErrorManager.WRITE_FAILURE);
      }
    }
  }

  /**
   * Moves each generation one on (the oldest is replaced) and starts generation 0 afresh. When a
   * move fails, the daemon logs on to the file it had, and tries again at its next record.
   */
  private void rotate() throws IOException {
    out.close();
    out = null;
    try {
      for (int g = generations.length - 2; g >= 0; g--) {
        if (Files.exists(generations[g])) {
          Files.move(generations[g], generations[g + 1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      reportError("cannot rotate " + generations[0] + ": " + e, e, ErrorManager.GENERIC_FAILURE);
    }
    openCurrent(generations.length == 1);
  }

  /** Opens generation 0 to append to ({@code fresh}: emptied, as a single generation is never moved away). */
  private void openCurrent(boolean fresh) throws IOException {
    Path current = generations[0];
    boolean existed = Files.exists(current);
    Set<OpenOption> options = fresh
        ? Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
        : Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    FileChannel channel = FileChannel.open(current, options, UserFolders.privateFile());
    if (existed) {
      UserFolders.makePrivate(current); // written by a version whose logs were not private
    }
    out = Channels.newOutputStream(channel);
    written = channel.size();
  }

  @Override
  public void flush() {
    // Nothing waits: every record is written whole as it is published.
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      reportError(null, e, ErrorManager.CLOSE_FAILURE);
    }
    if (lock.isOpen()) {
      try {
        Files.deleteIfExists(lockFile);
        lock.close();
      } catch (IOException e) {
        reportError(null, e, ErrorManager.CLOSE_FAILURE);
      } finally {
        HELD.remove(lockFile);
      }
    }
  }
}
