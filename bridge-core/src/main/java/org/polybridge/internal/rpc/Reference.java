package org.polybridge.internal.rpc;

/**
 * A parameter default that names a variable ({@code id}, {@code user.x?}): at call time it takes
 * the variable's value in the call-site context. Unset and not {@code optional}: the function does
 * not match the invocation. Unset and optional: {@code null}.
 */
public record Reference(String path, boolean optional) {
  public Reference {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("reference path is empty");
    }
  }

  /** Reads iTerm2's notation, where a trailing {@code ?} makes the reference optional. */
  public static Reference parse(String text) {
    return text != null && text.endsWith("?")
        ? new Reference(text.substring(0, text.length() - 1), true)
        : new Reference(text, false);
  }

  @Override
  public String toString() {
    return optional ? path + "?" : path;
  }
}
