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

  /**
   * As {@link #createTab(App, Window, String)}, running {@code command} (a shell command line)
   * instead of the profile's program when it is not {@code null}. Hosts that cannot run a given
   * command fail; the default does unless {@code command} is {@code null}.
   */
  default CompletableFuture<Session> createTab(App app, Window window, String profileName, String command) {
    if (command == null) {
      return createTab(app, window, profileName);
    }
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this host does not run given commands"));
  }

  /**
   * Opens a new session beside {@code session}, in its tab ({@link Tab#splitSession}): a split
   * pane, {@code vertical} (side by side) or not (one above the other), {@code before} it or after.
   * The default fails: hosts that can show panes implement it.
   */
  default CompletableFuture<Session> splitPane(App app, Session session, boolean vertical, boolean before, String profileName) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("this host does not split panes"));
  }

  /** A host that makes no terminals of its own: scripts asking for a window get an error. */
  static Host withoutTerminals() {
    return (app, window, profile) ->
        CompletableFuture.failedFuture(
            new UnsupportedOperationException("this host does not create windows or tabs"));
  }
}
