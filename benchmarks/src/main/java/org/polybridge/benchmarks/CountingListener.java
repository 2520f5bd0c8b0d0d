package org.polybridge.benchmarks;

import org.polybridge.internal.terminal.ControlSequenceScanner;

/** The cheapest listener that still uses what it is given, so the scanner's own cost shows. */
final class CountingListener implements ControlSequenceScanner.Listener {
  long textBytes;
  long sequences;

  @Override
  public void text(byte[] bytes, int offset, int length) {
    textBytes += length;
  }

  @Override
  public void custom(String identity, String payload) {
    sequences++;
  }

  @Override
  public void setUserVar(String name, String base64Value) {
    sequences++;
  }

  @Override
  public void malformed(String reason) {
    throw new IllegalStateException("benchmark input is malformed: " + reason);
  }
}
