package org.polybridge.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.polybridge.ProtocolException;
import org.polybridge.transport.Credentials;

/**
 * The client's end of a WebSocket to a host, on a JDK socket channel (a Unix socket or TCP) and
 * nothing else: a one-shot {@code polybridge invoke} loads no framework before it can ask. It opens as iTerm2's client library does (the upgrade request with the
 * cookie and key, the library version and the advisory name), then reads whole messages and
 * writes masked frames, blocking.
 *
 * <p>Frames are masked, as RFC 6455 asks of every client, with a random key over TCP and with the
 * key 0 over a Unix socket ({@link #maskKey}).
 *
 * <p>One thread reads ({@link #read}); any thread may write ({@link #send}), whole frames in the
 * order of the calls. A ping is answered, a pong dropped, a close frame answered and the end
 * reported, with the host's code and reason ({@link #closeReason}). A frame the protocol does not
 * allow from a server (masked, reserved bits, a control frame of more than 125 bytes, a message
 * beyond the size cap) fails the read with a {@link Violation}; the caller then {@link #fail}s the
 * socket with the close code it names.
 */
final class ClientWebSocket implements AutoCloseable {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  static final int NORMAL_CLOSURE = 1000;
  static final int PROTOCOL_ERROR = 1002;
  static final int INVALID_MESSAGE_TYPE = 1003;
  static final int INVALID_PAYLOAD_DATA = 1007;
  static final int MESSAGE_TOO_BIG = 1009;

  /** The GUID of RFC 6455 that the server appends to the key before hashing it. */
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_RESPONSE_HEAD = 16 * 1024;
  private static final int MAX_REFUSAL_BODY = 64 * 1024;
  static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

  /** A whole message: {@link #TEXT} or {@link #BINARY}, continuations joined. */
  record Message(int opcode, byte[] payload) {}

  /** What the host sent that the protocol does not allow, with the close code that names it. */
  static final class Violation extends IOException {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    Violation(int closeCode, String message) {
      super(message);
      this.closeCode = closeCode;
    }

    int closeCode() {
      return closeCode;
    }
  }

  private final SocketAddress address;
  private final SocketChannel channel;
  private final int maxMessageSize;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
  private final Object writeLock = new Object();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private volatile String closeReason;

  /** Whether frames carry the masking key 0: over a Unix socket (see {@link #maskKey}). */
  private final boolean zeroKey;

  private ClientWebSocket(SocketAddress address, SocketChannel channel, int maxMessageSize) {
    this.address = address;
    this.channel = channel;
    this.maxMessageSize = maxMessageSize;
    this.zeroKey = address instanceof UnixDomainSocketAddress;
  }

  /**
   * Connects to {@code address} (an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress});
   * {@link #upgrade} is next.
   *
   * @throws ProtocolException when nothing listens there ("no polybridge daemon at …") or the
   *     socket cannot be made
   */
  static ClientWebSocket connect(SocketAddress address, int maxMessageSize) {
    return new ClientWebSocket(address, open(address), maxMessageSize);
  }

  /**
   * Upgrades to {@code subprotocol}, showing {@code credentials} ({@code null}: none) and {@code
   * advisoryName} (the name the host shows for this client). Blocks until the host has answered,
   * at most {@link #HANDSHAKE_TIMEOUT_SECONDS}; on failure the socket is closed.
   *
   * @throws ProtocolException saying what to do: the cookie refused (401), the library version
   *     refused (406), another refusal with the host's reason, or no answer in time
   */
  void upgrade(String subprotocol, Credentials credentials, String advisoryName) {
    String key = key();
    String request;
    try {
      request = upgradeRequest(key, subprotocol, credentials, advisoryName);
    } catch (RuntimeException e) {
      closeChannel();
      throw e;
    }
    AtomicBoolean answered = new AtomicBoolean();
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture.delayedExecutor(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS).execute(() -> {
      if (answered.compareAndSet(false, true)) {
        timedOut.set(true);
        closeChannel();
      }
    });
    try {
      handshake(request, key, subprotocol);
      if (!answered.compareAndSet(false, true)) {
        throw new EOFException("closed");
      }
    } catch (IOException e) {
      closeChannel();
      throw timedOut.get()
          ? new ProtocolException("the host did not answer the WebSocket upgrade within " + HANDSHAKE_TIMEOUT_SECONDS + " s")
          : new ProtocolException("the host closed the connection during the WebSocket upgrade (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      answered.set(true);
      closeChannel();
      throw e;
    }
  }

  /**
   * The next whole message from the host, or {@code null} when the connection has ended (the host
   * closed it, or it was lost: see {@link #closeReason}).
   *
   * @throws Violation when the host sent what the protocol does not allow
   */
  Message read() throws IOException {
    int messageOpcode = -1;
    byte[] message = null;
    int messageLength = 0;
    while (true) {
      int b0 = readByte();
      if (b0 < 0) {
        ended("the connection to the host was lost");
        return null;
      }
      int b1 = readRequiredByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        throw new Violation(PROTOCOL_ERROR, "a frame with reserved bits set (no extension was agreed)");
      }
      if ((b1 & 0x80) != 0) {
        throw new Violation(PROTOCOL_ERROR, "a masked frame (expected: the host's frames unmasked)");
      }
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (readRequiredByte() << 8) | readRequiredByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readRequiredByte();
        }
      }
      if (opcode >= CLOSE) {
        if (!fin || length > 125) {
          throw new Violation(PROTOCOL_ERROR, "a control frame of " + length + " bytes" + (fin ? "" : ", fragmented")
              + " (expected: at most 125 bytes, in one frame)");
        }
        byte[] payload = readFully((int) length);
        switch (opcode) {
          case PING -> send(PONG, payload, 0, payload.length);
          case PONG -> { } // unasked-for pongs are allowed, and mean nothing
          case CLOSE -> {
            peerClosed(payload);
            return null;
          }
          default -> throw new Violation(PROTOCOL_ERROR, "a frame of opcode " + opcode + " (no such opcode)");
        }
        continue;
      }
      if (opcode == CONTINUATION ? messageOpcode < 0 : (opcode != TEXT && opcode != BINARY) || messageOpcode >= 0) {
        throw new Violation(PROTOCOL_ERROR, opcode == TEXT || opcode == BINARY || opcode == CONTINUATION
            ? "a " + (opcode == CONTINUATION ? "continuation frame outside a message" : "new message inside a fragmented one")
            : "a frame of opcode " + opcode + " (no such opcode)");
      }
      if (length > maxMessageSize - messageLength) {
        throw new Violation(MESSAGE_TOO_BIG, "a message of more than " + maxMessageSize + " bytes (the limit)");
      }
      if (opcode != CONTINUATION) {
        messageOpcode = opcode;
      }
      if (fin && message == null) {
        return new Message(messageOpcode, readFully((int) length));
      }
      byte[] joined = message == null ? new byte[(int) length] : java.util.Arrays.copyOf(message, messageLength + (int) length);
      readFully(joined, messageLength, (int) length);
      message = joined;
      messageLength += (int) length;
      if (fin) {
        return new Message(messageOpcode, message);
      }
    }
  }

  /** Sends one whole frame (masked, as a client's must be); waits only while the host does not read. */
  void send(int opcode, byte[] payload, int offset, int length) throws IOException {
    byte[] frame = frame(opcode, payload, offset, length);
    synchronized (writeLock) {
      write(ByteBuffer.wrap(frame));
    }
  }

  /** One masked frame, header and payload, as {@link #write(byte[], int, int)} sends it. */
  byte[] frame(int opcode, byte[] payload, int offset, int length) {
    byte[] frame = new byte[frameSize(length)];
    frame(opcode, payload, offset, length, maskKey(), frame, 0);
    return frame;
  }

  /** As {@link #frame(int, byte[], int, int)}, into {@code frame} from {@code at} ({@link #frameSize} bytes). */
  void frame(int opcode, byte[] payload, int offset, int length, byte[] frame, int at) {
    frame(opcode, payload, offset, length, maskKey(), frame, at);
  }

  /**
   * The masking key of the next frame. RFC 6455 (section 10.3) asks a client for an unpredictable
   * key so that a hostile script in a browser cannot choose the bytes an intermediary (a proxy, a
   * cache) sees on the wire. Over TCP a key is random, as the RFC asks. Over a Unix socket there is
   * no intermediary, the file's owner alone may connect (docs/PROTOCOL.md) and this client is no
   * browser: the key is 0, which costs neither side anything. Netty's decoder skips unmasking a
   * frame whose key is 0, and unmasking was the daemon's largest cost per byte of {@code polybridge
   * pty}'s output (measured: half of its event loop's CPU at 64 MB).
   */
  int maskKey() {
    return zeroKey ? 0 : ThreadLocalRandom.current().nextInt();
  }

  /** The size of the frame of a payload of {@code length} bytes. */
  static int frameSize(int length) {
    return 2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4 + length;
  }

  /** One frame masked with {@code mask} into the start of {@code frame} (at least {@link #frameSize} long). */
  static void frame(int opcode, byte[] payload, int offset, int length, int mask, byte[] frame) {
    frame(opcode, payload, offset, length, mask, frame, 0);
  }

  /** As {@link #frame(int, byte[], int, int, int, byte[])}, from {@code frame[at]}. */
  static void frame(int opcode, byte[] payload, int offset, int length, int mask, byte[] frame, int at) {
    java.util.Objects.checkFromIndexSize(at, frameSize(length), frame.length);
    frame[at] = (byte) (0x80 | opcode);
    int i = at + 1;
    if (length < 126) {
      frame[i++] = (byte) (0x80 | length);
    } else if (length < 65536) {
      frame[i++] = (byte) (0x80 | 126);
      frame[i++] = (byte) (length >>> 8);
      frame[i++] = (byte) length;
    } else {
      frame[i++] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame[i++] = (byte) ((long) length >>> shift);
      }
    }
    frame[i++] = (byte) (mask >>> 24);
    frame[i++] = (byte) (mask >>> 16);
    frame[i++] = (byte) (mask >>> 8);
    frame[i++] = (byte) mask;
    if (mask == 0) {
      System.arraycopy(payload, offset, frame, i, length);
    } else {
      mask(payload, offset, length, mask, frame, i);
    }
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * {@code length} bytes from {@code payload[offset]} masked with {@code mask} (its bytes from the
   * highest, as the frame carries them) into {@code out[at]}: eight at a time, since all of
   * {@code polybridge pty}'s output passes here (a byte at a time cost more than reading it).
   */
  static void mask(byte[] payload, int offset, int length, int mask, byte[] out, int at) {
    // the key repeated, as a little-endian view of eight bytes sees it
    long key = Long.reverseBytes((mask & 0xffffffffL) | ((long) mask << 32));
    int k = 0;
    for (; k + Long.BYTES <= length; k += Long.BYTES) {
      LONGS.set(out, at + k, (long) LONGS.get(payload, offset + k) ^ key);
    }
    for (; k < length; k++) {
      out[at + k] = (byte) (payload[offset + k] ^ (mask >>> (24 - 8 * (k & 3))));
    }
  }

  /** Writes frames made by {@link #frame}, whole, in the order of the calls. */
  void write(byte[] frames, int offset, int length) throws IOException {
    synchronized (writeLock) {
      write(ByteBuffer.wrap(frames, offset, length));
    }
  }

  /** Where the socket is connected: for messages. */
  String where() {
    return where(address);
  }

  /**
   * Why the connection ended, for the people waiting on it: the host's close code and reason, or
   * that it was lost; {@code null} while it is open.
   */
  String closeReason() {
    return closeReason;
  }

  /** Ends the connection after a violation by the host: a close frame with its code and reason, then the socket. */
  void fail(Violation violation) {
    ended("the host sent something the protocol does not allow: " + violation.getMessage());
    sendClose(violation.closeCode(), violation.getMessage());
    closeChannel();
  }

  /** Sends a normal close frame, if none was sent, and closes the socket; a reader waiting ends. Idempotent. */
  @Override
  public void close() {
    ended("closed by the client");
    sendClose(NORMAL_CLOSURE, "");
    closeChannel();
  }

  /** The close frame {@link #close()} sends, for a writer that sends frames in order on its own. */
  byte[] closeFrame() {
    closeSent.set(true);
    byte[] payload = {(byte) (NORMAL_CLOSURE >>> 8), (byte) NORMAL_CLOSURE};
    return frame(CLOSE, payload, 0, payload.length);
  }

  /**
   * Readies what the JDK's close of a connected channel first loads (sun.nio.ch.Net: the network
   * library, InetAddress, the extended socket options and the sockets that probe them), by asking
   * an option: a short-lived client ({@code polybridge pty -- true}) otherwise paid for it in its
   * last close, after its program's end (strace: 10-20 ms between the close frame and the exit on
   * a loaded machine). Called where the caller waits anyway; a failure is met again by the close.
   */
  void readyForClose() {
    try {
      channel.getOption(StandardSocketOptions.SO_RCVBUF);
    } catch (IOException | RuntimeException e) {
      // the close goes on without it
    }
  }

  /** Closes the socket without a close frame: after {@link #closeFrame} went out, or when the host is gone. */
  void closeChannel() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing left to tell anyone
    }
  }

  private void peerClosed(byte[] payload) {
    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    ended("the host closed the connection (" + (code < 0 ? "no status" : code + (reason.isEmpty() ? "" : " " + reason)) + ")");
    sendClose(code < 0 ? NORMAL_CLOSURE : code, "");
    closeChannel();
  }

  private void ended(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  private void sendClose(int code, String reason) {
    if (!closeSent.compareAndSet(false, true) || !channel.isOpen()) {
      return;
    }
    byte[] text = fit(reason);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    try {
      send(CLOSE, payload, 0, payload.length);
    } catch (IOException e) {
      // the host is gone already
    }
  }

  /** A close frame's reason is at most 123 bytes of UTF-8. */
  private static byte[] fit(String reason) {
    String s = reason;
    while (s.getBytes(StandardCharsets.UTF_8).length > 123) {
      s = s.substring(0, s.length() - 2) + "…";
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SocketChannel open(SocketAddress address) {
    SocketChannel channel = null;
    try {
      if (address instanceof UnixDomainSocketAddress) {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      } else {
        channel = SocketChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      channel.connect(address);
      return channel;
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // it never connected
        }
      }
      throw failOnConnect(address, e);
    }
  }

  private String upgradeRequest(String key, String subprotocol, Credentials credentials, String advisoryName) {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\n")
        .append("Host: ").append(address instanceof InetSocketAddress a ? "localhost:" + a.getPort() : "localhost").append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n")
        .append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n")
        .append("Origin: ws://localhost/\r\n")
        .append(HandshakeRules.LIBRARY_VERSION_HEADER).append(": ").append(WebSocketConnection.LIBRARY_VERSION).append("\r\n")
        .append(HandshakeRules.ADVISORY_NAME_HEADER).append(": ").append(headerValue("advisoryName", advisoryName)).append("\r\n");
    if (credentials != null) {
      // Credentials are printable ASCII by construction: nothing to escape.
      request.append(HandshakeRules.COOKIE_HEADER).append(": ").append(credentials.cookie()).append("\r\n");
      if (credentials.key() != null) {
        request.append(HandshakeRules.KEY_HEADER).append(": ").append(credentials.key()).append("\r\n");
      }
    }
    return request.append("\r\n").toString();
  }

  private static String headerValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw new IllegalArgumentException(name + " : '" + value + "' (expected: no control characters)");
      }
    }
    return value;
  }

  private static String key() {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }

  private void handshake(String request, String key, String subprotocol) throws IOException {
    write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
    String head = readHead();
    int end = head.indexOf("\r\n");
    String statusLine = end < 0 ? head : head.substring(0, end);
    int code = statusCode(statusLine);
    Map<String, String> headers = new HashMap<>();
    for (int start = end + 2; end >= 0; start = end + 2) {
      end = head.indexOf("\r\n", start);
      String line = end < 0 ? head.substring(start) : head.substring(start, end);
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    if (code != 101) {
      throw failOnRefusal(code, refusalBody(headers));
    }
    if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))
        || !accept(key).equals(headers.get("sec-websocket-accept"))
        || !subprotocol.equals(headers.get("sec-websocket-protocol"))) {
      throw new ProtocolException("the host's WebSocket upgrade is not valid: " + abbreviate(head.replace("\r\n", " | ")));
    }
  }

  /** The code of {@code HTTP/1.1 101 Switching Protocols}. */
  private static int statusCode(String statusLine) {
    int space = statusLine.indexOf(' ');
    if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4
        || (statusLine.length() > space + 4 && statusLine.charAt(space + 4) != ' ')) {
      throw failOnStatusLine(statusLine);
    }
    int code = 0;
    for (int i = space + 1; i < space + 4; i++) {
      char c = statusLine.charAt(i);
      if (c < '0' || c > '9') {
        throw failOnStatusLine(statusLine);
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }

  private static ProtocolException failOnStatusLine(String statusLine) {
    return new ProtocolException("the host's answer to the WebSocket upgrade is not HTTP: " + abbreviate(statusLine));
  }

  /** The status line and headers of the host's answer, up to the empty line; what follows stays buffered. */
  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = readByte();
      if (b < 0) {
        throw new EOFException(head.isEmpty() ? "no answer" : "an unfinished answer: " + abbreviate(head.toString()));
      }
      if (head.length() == MAX_RESPONSE_HEAD) {
        throw new ProtocolException("the host's answer to the WebSocket upgrade has more than " + MAX_RESPONSE_HEAD
            + " bytes of headers (the limit)");
      }
      head.append((char) b);
    }
    return head.substring(0, head.length() - 4);
  }

  private String refusalBody(Map<String, String> headers) {
    try {
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      if (length <= 0) {
        return "";
      }
      byte[] body = readFully(Math.min(length, MAX_REFUSAL_BODY));
      return new String(body, StandardCharsets.UTF_8).strip();
    } catch (IOException | NumberFormatException e) {
      return "";
    }
  }

  private static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-1, which every JDK must have", e);
    }
  }

  private static ProtocolException failOnRefusal(int code, String body) {
    String detail = " (" + code + (body.isEmpty() ? "" : ": " + body) + ")";
    return switch (code) {
      case 401 -> new ProtocolException("the daemon refused the cookie: run `eval \"$(polybridge auth)\"`"
          + " or set ITERM2_COOKIE and ITERM2_KEY to the running daemon's" + detail);
      case 406 -> new ProtocolException("the host does not accept this client library's version" + detail);
      default -> new ProtocolException("the host refused the WebSocket upgrade" + detail);
    };
  }

  private static String where(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress u ? u.getPath().toString()
        : address instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort()
        : String.valueOf(address);
  }

  private static ProtocolException failOnConnect(SocketAddress address, IOException cause) {
    String where = where(address);
    // A socket file that is missing, or that nothing listens on, and a TCP port nobody has: no daemon.
    // (The JDK says "No such file or directory" for a missing socket file, in a plain SocketException.)
    boolean nobody = cause instanceof java.net.ConnectException
        || (cause instanceof SocketException && "No such file or directory".equals(cause.getMessage()));
    return new ProtocolException(nobody
        ? "no polybridge daemon at " + where + ": start one with `polybridge run`"
        : "cannot connect to " + where + ": " + cause, cause);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }

  private void write(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** The next byte, or -1 at the end of the stream (also when the socket was closed here). */
  private int readByte() throws IOException {
    if (!in.hasRemaining() && !fill()) {
      return -1;
    }
    return in.get() & 0xff;
  }

  private int readRequiredByte() throws IOException {
    int b = readByte();
    if (b < 0) {
      throw new EOFException("the connection ended in the middle of a frame");
    }
    return b;
  }

  private byte[] readFully(int length) throws IOException {
    byte[] bytes = new byte[length];
    readFully(bytes, 0, length);
    return bytes;
  }

  private void readFully(byte[] bytes, int offset, int length) throws IOException {
    int n = Math.min(length, in.remaining());
    in.get(bytes, offset, n);
    ByteBuffer rest = ByteBuffer.wrap(bytes, offset + n, length - n);
    while (rest.hasRemaining()) {
      if (readInto(rest) < 0) {
        throw new EOFException("the connection ended in the middle of a frame");
      }
    }
  }

  private boolean fill() throws IOException {
    in.clear();
    try {
      int n;
      do {
        n = readInto(in);
      } while (n == 0);
      return n > 0;
    } finally {
      in.flip();
    }
  }

  /** Reads what is there into {@code buffer}: -1 at the end of the stream, or when the socket was closed here. */
  private int readInto(ByteBuffer buffer) throws IOException {
    try {
      return channel.read(buffer);
    } catch (ClosedChannelException e) {
      return -1; // closed by this side (AsynchronousCloseException is one): an end like any other
    }
  }
}
