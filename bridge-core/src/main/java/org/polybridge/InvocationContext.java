package org.polybridge;

import java.util.Objects;

/**
 * Where an invocation runs: the app, or a session, tab or window. Its variables are what bare
 * names and reference defaults see ({@code id} in a session context is that session's id).
 *
 * <pre>{@code
 * bridge.invoke("clear_session()", InvocationContext.session(sessionId), null); // null: the default timeout
 * }</pre>
 */
public record InvocationContext(Kind kind, String id) {
  /** The kinds of context, as in iTerm2's {@code InvokeFunctionRequest}. */
  public enum Kind {
    APP,
    SESSION,
    TAB,
    WINDOW
  }

  private static final InvocationContext APP = new InvocationContext(Kind.APP, null);

  public InvocationContext {
    Objects.requireNonNull(kind, "kind == null");
    if (kind != Kind.APP && (id == null || id.isEmpty())) {
      throw new IllegalArgumentException("id is empty (expected: the id of the " + kind.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
  }

  public static InvocationContext app() {
    return APP;
  }

  public static InvocationContext session(String sessionId) {
    return new InvocationContext(Kind.SESSION, sessionId);
  }

  public static InvocationContext tab(String tabId) {
    return new InvocationContext(Kind.TAB, tabId);
  }

  public static InvocationContext window(String windowId) {
    return new InvocationContext(Kind.WINDOW, windowId);
  }
}
