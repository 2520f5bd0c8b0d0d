package org.polybridge.js.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A context's console output that goes where it is pointed: a spare context ({@link
 * SharedJs.Spare}) is built before the script that takes it, whose log its {@code console} must
 * reach, and a context's streams are fixed when it is built. Nowhere until pointed.
 */
final class OutputSwitch extends OutputStream {
  private volatile OutputStream target = OutputStream.nullOutputStream();

  /** From now on, output goes to {@code target}. */
  void pointTo(OutputStream target) {
    this.target = target;
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    target.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }
}
