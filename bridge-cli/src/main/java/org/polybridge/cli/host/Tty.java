package org.polybridge.cli.host;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.ControlFlag;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.impl.jni.JniTerminalProvider;
import org.jline.terminal.spi.Pty;
import org.jline.terminal.spi.SystemStream;

/**
 * The user's real terminal: whether standard input is one, its size, raw mode (and back), and a
 * watch on its size. Modes and size go through JLine's native terminal access on standard input
 * (termios calls in the process); where its native library cannot load, through {@code stty} on
 * {@code /dev/tty} (a process each: measured, the four that {@code polybridge pty} needed took a
 * quarter of a second of its start).
 */
final class Tty implements AutoCloseable {
  private static final File DEV_TTY = new File("/dev/tty");
  /**
   * Standard input's terminal through JLine, or {@code null} where it cannot be had (then stty).
   * Made at its first use, not with this class: loading JLine's native library starts the JDK's
   * search of the class path for a logging back-end (tens of milliseconds, all jars opened), which
   * {@code pty}'s warm-up thread then pays while the daemon opens the session ({@link #prepareRaw}).
   */
  private static final class Native {
    static final Pty TERMINAL = nativeTerminal();
  }

  /** A terminal's size in cells. */
  record Size(int columns, int rows) {
    static final Size DEFAULT = new Size(80, 24);
  }

  /** The modes to restore: JLine's {@link Attributes}, or {@code stty -g}'s text. */
  private final Object saved;
  private final AtomicBoolean restored = new AtomicBoolean();
  private final Thread restoreOnShutdown = new Thread(this::restore, "polybridge-tty-restore");
  private ScheduledExecutorService poller;

  private Tty(Object saved) {
    this.saved = saved;
  }

  /**
   * JLine reaches the terminal of standard output (not input): used when both are the same terminal,
   * as when a person runs {@code polybridge pty}; else stty, which works on {@code /dev/tty}.
   */
  private static Pty nativeTerminal() {
    try {
      Path in = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
      Path out = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/1"));
      if (!in.equals(out) || !in.toString().startsWith("/dev/")) {
        return null;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null; // no /proc to tell
    }
    try {
      NativeLibraries.prepare();
      return new JniTerminalProvider().current(SystemStream.Output);
    } catch (IOException | RuntimeException | LinkageError e) {
      log().log(Level.DEBUG, "no native terminal access (" + e + "): using stty");
      return null;
    }
  }

  /**
   * Whether this process's standard input is a terminal: what {@code /proc/self/fd/0} names
   * (Linux), else what {@code test -t 0} says.
   */
  static boolean stdinIsTerminal() {
    try {
      String stdin = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
      return stdin.startsWith("/dev/pts/") || stdin.startsWith("/dev/tty") || stdin.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      // no /proc: ask test(1)
    }
    try {
      return new ProcessBuilder("test", "-t", "0").redirectInput(ProcessBuilder.Redirect.INHERIT).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The terminal's size ({@code stty size}), or 80×24 when it cannot be read. */
  static Size size() {
    if (Native.TERMINAL != null) {
      try {
        org.jline.terminal.Size size = Native.TERMINAL.getSize();
        return size.getRows() > 0 && size.getColumns() > 0 ? new Size(size.getColumns(), size.getRows()) : Size.DEFAULT;
      } catch (IOException | RuntimeException e) {
        return Size.DEFAULT;
      }
    }
    try {
      String[] rowsColumns = stty("size").split("\\s+");
      int rows = Integer.parseInt(rowsColumns[0]);
      int columns = Integer.parseInt(rowsColumns[1]);
      return rows > 0 && columns > 0 ? new Size(columns, rows) : Size.DEFAULT;
    } catch (IOException | RuntimeException e) {
      return Size.DEFAULT;
    }
  }

  /**
   * Puts the terminal in raw mode without echo (keys, Ctrl-C among them, go to the program as
   * bytes); {@link #close()} and, failing that, a shutdown hook put it back as it was.
   */
  static Tty raw() throws IOException {
    if (Native.TERMINAL != null) {
      Attributes before = Native.TERMINAL.getAttr();
      Tty tty = new Tty(new Attributes(before));
      Runtime.getRuntime().addShutdownHook(tty.restoreOnShutdown);
      Native.TERMINAL.setAttr(raw(before));
      return tty;
    }
    Tty tty = new Tty(stty("-g"));
    Runtime.getRuntime().addShutdownHook(tty.restoreOnShutdown);
    stty("raw", "-echo");
    return tty;
  }

  /**
   * Reads the terminal's modes and works out raw mode without setting it: what {@link #raw()}
   * needs of JLine (its termios mapping) is then loaded, on the caller's thread, ahead of time.
   */
  static void prepareRaw() {
    if (Native.TERMINAL != null) {
      try {
        raw(Native.TERMINAL.getAttr());
      } catch (IOException | RuntimeException e) {
        log().log(Level.DEBUG, "the terminal's modes could not be read ahead: " + e);
      }
    }
  }

  /** What {@code stty raw -echo} (and cfmakeraw) make of {@code modes}. */
  static Attributes raw(Attributes modes) {
    Attributes raw = new Attributes(modes);
    raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP, InputFlag.INLCR,
        InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
    raw.setOutputFlag(OutputFlag.OPOST, false);
    raw.setLocalFlags(EnumSet.of(LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ICANON, LocalFlag.ISIG, LocalFlag.IEXTEN), false);
    raw.setControlFlags(EnumSet.of(ControlFlag.CS5, ControlFlag.CS6, ControlFlag.CS7, ControlFlag.PARENB), false);
    raw.setControlFlag(ControlFlag.CS8, true);
    raw.setControlChar(ControlChar.VMIN, 1);
    raw.setControlChar(ControlChar.VTIME, 0);
    return raw;
  }

  /**
   * Calls {@code changed} with the new size whenever the terminal is resized: on SIGWINCH where the
   * JDK lets us handle it ({@code sun.misc.Signal}), else by reading the size every 500 ms.
   */
  void watchSize(java.util.function.Consumer<Size> changed) {
    Runnable check = new Runnable() {
      private Size last = size();

      @Override
      public synchronized void run() {
        Size now = size();
        if (!now.equals(last)) {
          last = now;
          changed.accept(now);
        }
      }
    };
    if (!onWindowChange(check)) {
      poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("polybridge-tty-size").daemon().factory());
      poller.scheduleWithFixedDelay(check, 500, 500, TimeUnit.MILLISECONDS);
    }
  }

  /** Puts the terminal back as it was. Idempotent. */
  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(restoreOnShutdown);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs, or has run
    }
  }

  private void restore() {
    if (restored.compareAndSet(false, true)) {
      try {
        if (saved instanceof Attributes modes) {
          Native.TERMINAL.setAttr(modes);
        } else {
          stty((String) saved);
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("polybridge: could not restore the terminal (" + e.getMessage() + "): run `stty sane`");
      }
    }
  }

  /**
   * Handles SIGWINCH with {@code sun.misc.Signal} ({@link WindowChange}); {@code false} when it
   * cannot be used: the class is in {@code jdk.unsupported}, which a JDK may lack. Not through a
   * reflective {@link java.lang.reflect.Proxy}: making one (a class and a module of its own) took a
   * quarter of {@code polybridge pty -- true}'s start on a loaded machine.
   */
  private static boolean onWindowChange(Runnable handler) {
    try {
      WindowChange.handle(handler);
      return true;
    } catch (RuntimeException | LinkageError e) {
      log().log(Level.DEBUG, "no SIGWINCH handler (" + e + "): polling the terminal's size");
      return false;
    }
  }

  /** Loaded only when called, so that a JDK without {@code jdk.unsupported} fails there, not in {@link Tty}. */
  private static final class WindowChange {
    static void handle(Runnable handler) {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> Thread.ofVirtual().start(handler));
    }
  }

  private static String stty(String... arguments) throws IOException {
    String[] command = new String[arguments.length + 1];
    command[0] = "stty";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process p = new ProcessBuilder(command).redirectInput(DEV_TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    try {
      if (p.waitFor() != 0) {
        throw new IOException("stty " + String.join(" ", arguments) + " failed with status " + p.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running stty", e);
    }
    return out;
  }

  /** Looked up when needed: java.util.logging starts on the warm-up thread, not before the program. */
  private static System.Logger log() {
    return System.getLogger(Tty.class.getName());
  }
}
