package org.polybridge.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A deliberately plain WebSocket client over a TCP socket, for tests that must send what a proper
 * client never would: any upgrade request, oversized or garbage frames. Frames are masked as a
 * client's must be.
 */
final class RawWebSocket implements AutoCloseable {
  static final int OP_CONTINUATION = 0x0, OP_TEXT = 0x1, OP_BINARY = 0x2, OP_CLOSE = 0x8, OP_PING = 0x9;

  private final java.io.Closeable socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** The status line and headers (lower-case names) of the upgrade response. */
  record Response(int status, Map<String, String> headers, String statusLine) {}

  /** A frame as read: opcode and payload; a close frame's code is the first two bytes. */
  record Frame(int opcode, byte[] payload) {
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String closeReason() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  RawWebSocket(int port) throws IOException {
    this(port, 0);
  }

  /** With a receive buffer of {@code receiveBuffer} bytes (0: the system's), so that unread data backs up early. */
  RawWebSocket(int port, int receiveBuffer) throws IOException {
    Socket tcp = new Socket();
    if (receiveBuffer > 0) {
      tcp.setReceiveBufferSize(receiveBuffer);
    }
    tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    tcp.setSoTimeout(5000);
    socket = tcp;
    in = new DataInputStream(tcp.getInputStream());
    out = tcp.getOutputStream();
  }

  /**
   * Over the Unix socket at {@code path}, whose buffers are small and fixed (TCP's grow to
   * megabytes): what a client does not read backs up at once. Reads have no timeout.
   */
  RawWebSocket(java.nio.file.Path path) throws IOException {
    this(java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(path)));
  }

  /** Over a connected channel in blocking mode. Reads have no timeout. */
  RawWebSocket(java.nio.channels.SocketChannel channel) throws IOException {
    socket = channel;
    in = new DataInputStream(java.nio.channels.Channels.newInputStream(channel));
    out = java.nio.channels.Channels.newOutputStream(channel);
  }

  /** The headers of a well-formed upgrade request that the server accepts with {@code credentials}. */
  static Map<String, String> goodHeaders(int port, Credentials credentials) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", "localhost:" + port);
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    h.put("Sec-WebSocket-Version", "13");
    h.put("Sec-WebSocket-Protocol", "api.iterm2.com");
    h.put("Origin", "ws://localhost/");
    h.put("x-iterm2-library-version", "python 1.3");
    h.put("x-iterm2-advisory-name", "raw test client");
    if (credentials != null) {
      h.put("x-iterm2-cookie", credentials.cookie());
      h.put("x-iterm2-key", credentials.key());
    }
    return h;
  }

  Response upgrade(String requestLine, Map<String, String> headers) throws IOException {
    StringBuilder request = new StringBuilder(requestLine).append("\r\n");
    headers.forEach((k, v) -> {
      if (v != null) {
        request.append(k).append(": ").append(v).append("\r\n");
      }
    });
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String statusLine = line();
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      responseHeaders.put(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), responseHeaders, statusLine);
  }

  void send(int opcode, boolean fin, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int n = payload.length;
    if (n < 126) {
      frame.write(0x80 | n);
    } else if (n < 65536) {
      frame.write(0x80 | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) n >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < n; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads one (unmasked, server) frame. */
  Frame read() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7f;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  /** Whether the server closed the socket: the next read ends within the timeout. */
  boolean closedByServer() throws IOException {
    try {
      InputStream raw = in;
      while (raw.read() >= 0) {
        // drain whatever came before the end
      }
      return true;
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed in the middle of the response");
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
