package org.polybridge.cli.host;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.nativ.CLibrary;
import org.jline.terminal.Size;
import org.jline.terminal.impl.jni.JniNativePty;
import org.jline.terminal.impl.jni.JniTerminalProvider;
import org.jline.terminal.impl.jni.linux.LinuxNativePty;

/**
 * A program the JDK starts through {@code setsid -c} on a pseudo-terminal opened with JLine's
 * {@code openpty}: the program leads a new session whose controlling terminal that is, as a
 * terminal emulator's shell does. It costs a third of pty4j's way in a short-lived process
 * (measured: pty4j's JNA start, its C library facade and proxies, {@code ldconfig -p}, and a
 * shell running {@code stty} to set the size, which pty4j sets only after the program started),
 * and the size is set when the terminal is opened, before the program runs.
 *
 * <p>Used where it works ({@link #usable()}): Linux with {@code setsid(1)} (util-linux) and JLine's
 * native library, in a process that does not lead a session without a terminal (such a process
 * would take the new terminal as its own when the JDK opens it for the program), unless
 * {@code -Dpolybridge.pty=pty4j} asks for pty4j.
 *
 * <p>This process keeps the terminal's other side open until {@link #close()}, so the program's
 * last output is never lost to an early end of file; the output ends once the program is gone and
 * nothing is left to read ({@link MasterOutput}). The reading thread alone closes the terminal's
 * descriptors ({@link #hangUp()} asks it to), so no other thread ever uses a descriptor number
 * after it was closed and perhaps reused.
 */
final class SessionProgram implements PtyProgram {
  private static final String SETSID = findSetsid();
  private static final boolean LEADS_A_SESSION_WITHOUT_A_TERMINAL = leadsASessionWithoutATerminal();
  private static volatile JniTerminalProvider provider;

  private final JniNativePty pty;
  private final Process process;
  private final FileOutputStream input;
  private final FileInputStream master;
  private final MasterOutput output;
  private final Object lock = new Object();
  private volatile boolean hangUpRequested;
  private boolean closed;

  private SessionProgram(JniNativePty pty, Process process) {
    this.pty = pty;
    this.process = process;
    this.input = new FileOutputStream(pty.getMasterFD());
    this.master = new FileInputStream(pty.getMasterFD());
    this.output = new MasterOutput(new Master(master), () -> !process.isAlive());
  }

  /** Whether programs can be started this way here; the first call loads JLine's native library. */
  static boolean usable() {
    if (SETSID == null || LEADS_A_SESSION_WITHOUT_A_TERMINAL || "pty4j".equals(System.getProperty("polybridge.pty"))) {
      return false;
    }
    try {
      provider();
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      System.getLogger(SessionProgram.class.getName()).log(Level.DEBUG, "JLine's pseudo-terminals are not available (" + e + "): pty4j starts programs");
      return false;
    }
  }

  /** Starts {@code command} (its first word a path) in a new terminal of the given size. */
  static SessionProgram start(List<String> command, Map<String, String> environment, Path directory, int columns, int rows)
      throws IOException {
    JniNativePty pty = LinuxNativePty.open(provider(), null, new Size(columns, rows));
    try {
      // The JDK opens the terminal once per standard stream, standard input read-only; a terminal's
      // program expects one descriptor open for reading and writing on all three (tmux -CC hands
      // its standard input to its server, which writes control mode's answers to it), as a
      // terminal emulator or login gives it: a shell makes that, then becomes the program.
      List<String> setsid = new ArrayList<>(List.of(SETSID, "--ctty", "--wait", "/bin/sh", "-c",
          "exec 0<>\"$0\" 1>&0 2>&0 && exec \"$@\"", pty.getName()));
      setsid.addAll(command);
      File terminal = new File(pty.getName());
      ProcessBuilder builder = new ProcessBuilder(setsid).directory(directory.toFile())
          .redirectInput(terminal).redirectOutput(terminal).redirectError(terminal);
      builder.environment().clear();
      builder.environment().putAll(environment);
      return new SessionProgram(pty, builder.start());
    } catch (IOException | RuntimeException e) {
      pty.close();
      throw e;
    }
  }

  private static JniTerminalProvider provider() throws IOException {
    JniTerminalProvider p = provider;
    if (p == null) {
      NativeLibraries.prepare();
      p = new JniTerminalProvider();
      CLibrary.isatty(0); // loads the native library now: a failure shows here, not in the first program's start
      provider = p;
    }
    return p;
  }

  private static String findSetsid() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return null;
    }
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Whether this process leads a session that has no controlling terminal (a service's): field 6
   * of {@code /proc/self/stat} is its own pid and field 7, the terminal, is 0. Such a process takes
   * the first terminal it opens as its own. One that leads a session with its terminal (a terminal
   * emulator that runs {@code polybridge pty} as its program) keeps it.
   */
  private static boolean leadsASessionWithoutATerminal() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[3]) == ProcessHandle.current().pid() && Long.parseLong(fields[4]) == 0;
    } catch (IOException | RuntimeException e) {
      return true; // cannot tell: not this way
    }
  }

  @Override
  public Process process() {
    return process;
  }

  @Override
  public InputStream output() {
    return output;
  }

  @Override
  public OutputStream input() {
    return input;
  }

  @Override
  public String terminalName() {
    return pty.getName();
  }

  @Override
  public void resize(int columns, int rows) throws IOException {
    synchronized (lock) {
      if (!closed) {
        pty.setSize(new Size(columns, rows));
      }
    }
  }

  /** The reading thread closes the terminal at its next look (within {@link MasterOutput#WAKE_UP_MS}): the kernel then hangs the session up. */
  @Override
  public void hangUp() {
    hangUpRequested = true;
  }

  /**
   * Closes both sides of the terminal here. JLine's own {@code close} leaves a descriptor open (one
   * per program: measured), so each side's descriptor is closed through a stream of its own.
   */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        try (FileInputStream master = new FileInputStream(pty.getMasterFD());
            FileInputStream slave = new FileInputStream(pty.getSlaveFD())) {
          input.close();
          this.master.close();
        }
      }
    }
  }

  /** The terminal's master side as {@link MasterOutput} reads it; a hang-up asked for closes it here, first. */
  private final class Master implements MasterOutput.Master {
    private static final int READ_SIZE = 8192;

    private final FileInputStream in;

    Master(FileInputStream in) {
      this.in = in;
    }

    @Override
    public boolean poll(int timeoutMs) throws IOException {
      if (hangUpRequested) {
        SessionProgram.this.close();
      }
      int fd;
      synchronized (lock) {
        if (closed) {
          throw new java.io.EOFException("the terminal was closed");
        }
        fd = pty.getMaster();
      }
      return CLibrary.pollForInput(fd, timeoutMs) > 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      try {
        // a terminal hands out at most 4 KB per read; the JDK reads more than 8 KB through a
        // buffer it allocates and frees at each call, at most that through one on the stack
        int n = in.read(buffer, offset, Math.min(length, READ_SIZE));
        return n > 0 ? n : -1;
      } catch (IOException e) {
        return -1; // EIO: the terminal's other side is closed everywhere
      }
    }
  }
}
