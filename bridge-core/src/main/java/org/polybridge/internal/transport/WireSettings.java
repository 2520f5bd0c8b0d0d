package org.polybridge.internal.transport;

import org.polybridge.transport.Credentials;

/**
 * What a listener's connections are held to: who is let in, the largest message (a frame, or
 * continuations together), how many bytes may wait for a slow reader before it is dropped, and
 * how many connections may be in their handshake at once.
 */
public record WireSettings(Credentials credentials, int maxFrameSize, long maxQueuedBytes, int maxUnauthenticated) {
  /** Connections in their handshake at once, per listener, unless said otherwise. */
  public static final int DEFAULT_MAX_UNAUTHENTICATED = 64;

  public WireSettings(Credentials credentials, int maxFrameSize, long maxQueuedBytes) {
    this(credentials, maxFrameSize, maxQueuedBytes, DEFAULT_MAX_UNAUTHENTICATED);
  }

  public WireSettings {
    if (credentials == null) {
      throw new NullPointerException("credentials == null");
    }
    if (maxFrameSize < 1024) {
      throw new IllegalArgumentException("maxFrameSize : " + maxFrameSize + " (expected: >= 1024)");
    }
    if (maxQueuedBytes < maxFrameSize) {
      throw new IllegalArgumentException("maxQueuedBytes : " + maxQueuedBytes + " (expected: >= maxFrameSize " + maxFrameSize + ")");
    }
    if (maxUnauthenticated < 1) {
      throw new IllegalArgumentException("maxUnauthenticated : " + maxUnauthenticated + " (expected: >= 1)");
    }
  }
}
