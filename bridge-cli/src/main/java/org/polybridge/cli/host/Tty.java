package org.polybridge.cli.host;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The user's real terminal, through {@code stty} on {@code /dev/tty}: whether standard input is
 * one, its size, raw mode (and back), and a watch on its size.
 */
final class Tty implements AutoCloseable {
  private static final File DEV_TTY = new File("/dev/tty");

  /** A terminal's size in cells. */
  record Size(int columns, int rows) {
    static final Size DEFAULT = new Size(80, 24);
  }

  private final String saved;
  private final AtomicBoolean restored = new AtomicBoolean();
  private final Thread restoreOnShutdown = new Thread(this::restore, "polybridge-tty-restore");
  private ScheduledExecutorService poller;

  private Tty(String saved) {
    this.saved = saved;
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
    Tty tty = new Tty(stty("-g"));
    Runtime.getRuntime().addShutdownHook(tty.restoreOnShutdown);
    stty("raw", "-echo");
    return tty;
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
        stty(saved);
      } catch (IOException e) {
        System.err.println("polybridge: could not restore the terminal (" + e.getMessage() + "): run `stty sane`");
      }
    }
  }

  /**
   * Handles SIGWINCH with {@code sun.misc.Signal}, found reflectively: the class is in {@code
   * jdk.unsupported}, which a JDK may lack. {@code false} when it cannot be used.
   */
  private static boolean onWindowChange(Runnable handler) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> signalHandler = Class.forName("sun.misc.SignalHandler");
      Object proxy = Proxy.newProxyInstance(Tty.class.getClassLoader(), new Class<?>[] {signalHandler}, (p, method, args) -> {
        if (method.getName().equals("handle")) {
          Thread.ofVirtual().start(handler);
        }
        return null;
      });
      Object winch = signal.getConstructor(String.class).newInstance("WINCH");
      signal.getMethod("handle", signal, signalHandler).invoke(null, winch, proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log().log(Level.DEBUG, "no SIGWINCH handler (" + e + "): polling the terminal's size");
      return false;
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
