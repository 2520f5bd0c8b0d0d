package org.polybridge.internal.config;

import java.nio.file.Path;

/** Where a setting was written: a file and a line (1-based). */
public record Origin(Path file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
