package org.polybridge.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the daemon does when the JVM runs out of memory outside guest code: it says so in one line
 * and halts with {@link #STATUS}, so that its service manager starts a fresh one. A process whose
 * event loops died of an {@link OutOfMemoryError} stays up and serves nothing; nothing would
 * restart it.
 *
 * <p>It hears of such an error from any thread that dies of it (the default uncaught-exception
 * handler), from the bridge's own handlers (they pass it to that handler), and from the log, where
 * Netty reports what it catches on its event loops. A guest's own shortage does not reach it: a
 * Python script gets {@code MemoryError} and a JavaScript one a resource-exhausted failure, which
 * its runtime handles as any other. The message is made in advance and the halt runs no shutdown
 * hooks: neither needs memory there is none of.
 */
final class OutOfMemoryExit implements Thread.UncaughtExceptionHandler {
  /** The exit status after an {@link OutOfMemoryError}. */
  static final int STATUS = 3;
  static final String MESSAGE = "out of memory: exiting so that the service manager restarts polybridge";

  private static final byte[] LINE = ("polybridge: " + MESSAGE + "\n").getBytes(StandardCharsets.US_ASCII);
  private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);
  /** Let go first, so that the log line has room to be written. */
  private static volatile byte[] reserve = new byte[1 << 20];

  private OutOfMemoryExit() {}

  /** From now on, an {@link OutOfMemoryError} on any thread but a guest's ends the process. */
  static void install() {
    Thread.setDefaultUncaughtExceptionHandler(new OutOfMemoryExit());
    Logger.getLogger("").addHandler(new LogWatch());
  }

  @Override
  public void uncaughtException(Thread thread, Throwable failure) {
    if (isOutOfMemory(failure)) {
      exit();
    }
    // as the JVM reports an uncaught exception when no handler is set
    System.err.print("Exception in thread \"" + thread.getName() + "\" ");
    failure.printStackTrace(System.err);
  }

  static boolean isOutOfMemory(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private static void exit() {
    reserve = null;
    try {
      STDERR.write(LINE);
    } catch (Throwable ignored) { // nowhere left to say it
    }
    try { // the log file too (stderr has it already)
      LogRecord record = new LogRecord(Level.SEVERE, MESSAGE);
      record.setLoggerName(OutOfMemoryExit.class.getName());
      record.setSourceClassName(OutOfMemoryExit.class.getName());
      for (Handler handler : Logger.getLogger("").getHandlers()) {
        if (handler instanceof DaemonLogFile) {
          handler.publish(record);
          handler.flush();
        }
      }
    } catch (Throwable ignored) { // said on stderr already
    }
    Runtime.getRuntime().halt(STATUS);
  }

  /** Netty catches what its event loops throw and logs it: an {@link OutOfMemoryError} there ends the process too. */
  private static final class LogWatch extends Handler {
    @Override
    public void publish(LogRecord record) {
      if (record.getThrown() != null && isOutOfMemory(record.getThrown())) {
        exit();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
