package org.polybridge.python.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.polybridge.script.ScriptLog;

/** A script's {@code sys.stdout}/{@code sys.stderr}: each line goes to its log. */
final class LogOutputStream extends OutputStream {
  private static final int MAX_LINE = 64 * 1024;

  private final ScriptLog log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LogOutputStream(ScriptLog log) {
    this.log = log;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n' || line.size() >= MAX_LINE) {
      emit();
      if (b == '\n') {
        return;
      }
    }
    line.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public synchronized void flush() {
    // lines are written when they end: a partial line waits for its newline or for close
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    log.info(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
