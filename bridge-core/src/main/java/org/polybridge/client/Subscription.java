package org.polybridge.client;

import java.util.concurrent.CompletableFuture;

/** A listener registered with the host; {@link #cancel} stops it. */
public interface Subscription {
  /** Stops the listener; completes once the host has been told, when it had to be. */
  CompletableFuture<Void> cancel();
}
