package org.polybridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.polybridge.ProtocolException;

/**
 * The daemon's process id, in the file {@code pid} next to its socket: written once the daemon
 * listens, removed when it stops. {@code polybridge stop} signals that process, {@code doctor} reads
 * its command line, and {@code pty} starts its program before the connection is up when that
 * process runs (a daemon that died without removing its socket is then told apart from one that
 * is only slow to answer).
 */
final class PidFile {
  private PidFile() {}

  /** Where the daemon of {@code socket} writes its process id. */
  static Path of(Path socket) {
    return socket.toAbsolutePath().resolveSibling("pid");
  }

  /** Writes this process's id to {@code file}, whole or not at all: a reader never sees it half written. */
  static void write(Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(partial, ProcessHandle.current().pid() + "\n");
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The process id in {@code file}.
   *
   * @throws ProtocolException when the file holds something else
   */
  static long read(Path file) throws IOException {
    String text = Files.readString(file).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ProtocolException(file + " : '" + text + "' (expected: a process id)");
    }
  }

  /**
   * Whether {@code process} can be the daemon that wrote {@code file}: it started before the file
   * was written. A process id used again after a daemon died without removing its file started
   * after (where the JDK cannot tell when a process started, it is taken to be the daemon).
   */
  static boolean wrote(ProcessHandle process, Path file) throws IOException {
    java.time.Instant written = Files.getLastModifiedTime(file).toInstant();
    return process.info().startInstant().map(started -> !started.isAfter(written.plusSeconds(1))).orElse(true);
  }

  /** The running daemon of {@code socket}: the live process that wrote its pid file; empty when there is none, or no file to tell. */
  static Optional<ProcessHandle> daemon(Path socket) {
    Path file = of(socket);
    try {
      Optional<ProcessHandle> process = ProcessHandle.of(read(file)).filter(ProcessHandle::isAlive);
      return process.isPresent() && wrote(process.get(), file) ? process : Optional.empty();
    } catch (IOException | ProtocolException e) {
      return Optional.empty();
    }
  }
}
