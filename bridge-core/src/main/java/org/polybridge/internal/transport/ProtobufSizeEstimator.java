package org.polybridge.internal.transport;

import com.google.protobuf.MessageLite;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;

/**
 * Sizes protobuf messages by their encoded length, so that messages queued for a channel count
 * toward its write-buffer water marks before they are encoded (Netty's default counts an unknown
 * object as 8 bytes).
 */
public final class ProtobufSizeEstimator implements MessageSizeEstimator {
  public static final ProtobufSizeEstimator INSTANCE = new ProtobufSizeEstimator();

  private static final Handle HANDLE = new Handle() {
    private final Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();

    @Override
    public int size(Object msg) {
      return msg instanceof MessageLite m ? m.getSerializedSize() : fallback.size(msg);
    }
  };

  private ProtobufSizeEstimator() {}

  @Override
  public Handle newHandle() {
    return HANDLE;
  }
}
