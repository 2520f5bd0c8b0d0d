package org.polybridge.client;

import java.util.concurrent.CompletableFuture;

/**
 * A listener registered with the host; {@link #cancel} stops it.
 *
 * <pre>{@code
 * Subscription created = api.onNewSession(id -> System.out.println("new session " + id)).join();
 * ...
 * created.cancel();
 * }</pre>
 */
public interface Subscription {
  /** Stops the listener; completes once the host has been told, when it had to be. */
  CompletableFuture<Void> cancel();
}
