package org.polybridge.host;

import java.util.concurrent.CompletableFuture;

/**
 * What the embedding application does for scripts that the {@link App} model alone cannot: make
 * new terminals. Everything per session goes through that session's {@link SessionIo}.
 *
 * <pre>{@code
 * Host host = (app, window, profile) -> {
 *   Window w = window != null ? window : app.newWindow();
 *   return CompletableFuture.completedFuture(w.newTab().newSession(myTerminalFor(profile)));
 * };
 * Bridge bridge = Bridge.newBuilder().host(host).build();
 * }</pre>
 */
@FunctionalInterface
public interface Host {
  /**
   * Opens a new tab with one session running the profile's program: in {@code window}, or in a new
   * window when it is {@code null}. Completes with the new session, which is part of {@code app}.
   */
  CompletableFuture<Session> createTab(App app, Window window, String profileName);

  /** A host that makes no terminals of its own: scripts asking for a window get an error. */
  static Host withoutTerminals() {
    return (app, window, profile) ->
        CompletableFuture.failedFuture(
            new UnsupportedOperationException("this host does not create windows or tabs"));
  }
}
