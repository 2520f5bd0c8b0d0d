package org.polybridge.cli.host.pty4j;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.polybridge.cli.host.MasterOutput;
import org.polybridge.cli.host.PtyProgram;

/** A program that pty4j started (its fork and exec, through JNA): where JLine's way cannot be used ({@link Pty4jPrograms}). */
record Pty4jProgram(PtyProcess process, InputStream output) implements PtyProgram {
  static Pty4jProgram of(PtyProcess process) {
    InputStream output = process instanceof UnixPtyProcess unix
        ? new MasterOutput(new JnaMaster(unix.getPty().getMasterFD()), () -> !process.isAlive())
        : process.getInputStream();
    return new Pty4jProgram(process, output);
  }

  @Override
  public OutputStream input() {
    return process.getOutputStream();
  }

  @Override
  public String terminalName() {
    return process instanceof UnixPtyProcess unix ? unix.getPty().getSlaveName() : null;
  }

  @Override
  public void resize(int columns, int rows) {
    process.setWinSize(new WinSize(columns, rows));
  }

  @Override
  public void hangUp() {
    if (process instanceof UnixPtyProcess unix) {
      unix.hangup();
    } else {
      process.destroy();
    }
  }

  /** pty4j closes the terminal with its own stream (its reaper must not write to reused descriptors: after the exit only). */
  @Override
  public void close() throws IOException {
    process.getInputStream().close();
  }
}
