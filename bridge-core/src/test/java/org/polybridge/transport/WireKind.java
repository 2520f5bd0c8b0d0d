package org.polybridge.transport;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.polybridge.Bridge;
import org.polybridge.client.Connection;

/** The two sockets the wire runs over, for tests that run on both. */
enum WireKind {
  UNIX_SOCKET {
    @Override
    ApiListener listen(Bridge bridge, Path folder, ApiListener.Options options) {
      return ApiListener.unixSocket(bridge, folder.resolve("private").resolve("socket"), options);
    }
  },
  TCP {
    @Override
    ApiListener listen(Bridge bridge, Path folder, ApiListener.Options options) {
      return ApiListener.tcp(bridge, 0, options);
    }
  };

  abstract ApiListener listen(Bridge bridge, Path folder, ApiListener.Options options);

  static Connection connect(ApiListener listener, Credentials credentials, String name) throws Exception {
    return Connections.connect(listener.address(), credentials, name).get(10, TimeUnit.SECONDS);
  }
}
