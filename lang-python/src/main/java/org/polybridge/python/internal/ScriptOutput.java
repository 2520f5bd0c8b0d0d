package org.polybridge.python.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A context's {@code sys.stdout} or {@code sys.stderr}, fixed when the context is built, whose
 * destination is chosen later: contexts are built before anyone knows which script will take them
 * (see {@link WarmContexts}). Until {@link #sendTo} what is written goes nowhere, so what a warm-up
 * prints never reaches a script's log.
 */
final class ScriptOutput extends OutputStream {
  private volatile OutputStream target = OutputStream.nullOutputStream();

  /** From now on writes go to {@code destination}; call on the thread that owns the context. */
  void sendTo(OutputStream destination) {
    target = destination;
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    target.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  @Override
  public void close() throws IOException {
    target.close();
  }
}
