package org.polybridge.internal.config;

import java.nio.file.Path;

/** Why an entry of the configuration file was left out: where (1-based line and column) and the rule it broke. */
public record ConfigProblem(Path file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
