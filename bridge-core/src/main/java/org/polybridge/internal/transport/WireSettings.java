package org.polybridge.internal.transport;

import org.polybridge.transport.Credentials;

/**
 * What a listener's connections are held to: who is let in, the largest message (a frame, or
 * continuations together) and how many bytes may wait for a slow reader before it is dropped.
 */
public record WireSettings(Credentials credentials, int maxFrameSize, long maxQueuedBytes) {
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
  }
}
