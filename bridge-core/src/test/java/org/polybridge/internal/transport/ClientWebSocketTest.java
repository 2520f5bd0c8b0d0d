package org.polybridge.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.ProtocolException;
import org.polybridge.transport.Credentials;

/**
 * The JDK-socket client WebSocket against a scripted server on 127.0.0.1: what it sends, and what
 * it makes of frames a proper server sends, and of those none should.
 */
class ClientWebSocketTest {
  private final ServerSocket listener = listen();
  private Socket server;
  private ClientWebSocket client;

  @AfterEach
  void close() throws IOException {
    if (client != null) {
      client.closeChannel();
    }
    if (server != null) {
      server.close();
    }
    listener.close();
  }

  private static ServerSocket listen() {
    try {
      return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Connects and upgrades, the server answering the upgrade with {@code answer} (the request's key in hand). */
  private Map<String, String> open(java.util.function.Function<String, String> answer, Credentials credentials) throws Exception {
    CompletableFuture<Map<String, String>> request = CompletableFuture.supplyAsync(() -> {
      try {
        server = listener.accept();
        Map<String, String> headers = readRequest(server.getInputStream());
        server.getOutputStream().write(answer.apply(headers.get("sec-websocket-key")).getBytes(StandardCharsets.UTF_8));
        server.getOutputStream().flush();
        return headers;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    client = ClientWebSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1024);
    client.upgrade("api.iterm2.com", credentials, "test client");
    return request.get(10, TimeUnit.SECONDS);
  }

  private Map<String, String> open() throws Exception {
    return open(key -> switchingProtocols(accept(key), "api.iterm2.com"), new Credentials("cookie", "key"));
  }

  @Test
  void upgradeRequestCarriesITerm2sHeadersAndTheCredentials() throws Exception {
    Map<String, String> request = open();

    assertThat(request).containsEntry("request", "GET / HTTP/1.1")
        .containsEntry("upgrade", "websocket").containsEntry("connection", "Upgrade")
        .containsEntry("sec-websocket-version", "13").containsEntry("sec-websocket-protocol", "api.iterm2.com")
        .containsEntry("origin", "ws://localhost/").containsEntry("host", "localhost:" + listener.getLocalPort())
        .containsEntry("x-iterm2-library-version", "java 0.1.0").containsEntry("x-iterm2-advisory-name", "test client")
        .containsEntry("x-iterm2-cookie", "cookie").containsEntry("x-iterm2-key", "key");
    assertThat(Base64.getDecoder().decode(request.get("sec-websocket-key"))).hasSize(16);
  }

  @Test
  void framesSentAreMaskedAndCarryThePayload() throws Exception {
    open();
    byte[] big = new byte[70_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }

    client.send(ClientWebSocket.BINARY, "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
    client.send(ClientWebSocket.BINARY, big, 0, big.length);
    client.send(ClientWebSocket.TEXT, "{}".getBytes(StandardCharsets.UTF_8), 0, 2);

    DataInputStream in = new DataInputStream(server.getInputStream());
    assertThat(readMaskedFrame(in)).isEqualTo(frame(ClientWebSocket.BINARY, "hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(readMaskedFrame(in)).isEqualTo(frame(ClientWebSocket.BINARY, big));
    assertThat(readMaskedFrame(in)).isEqualTo(frame(ClientWebSocket.TEXT, "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyLengthAndOffsetIsMaskedWithTheKeyTheFrameCarries() {
    byte[] payload = new byte[40];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 37 + 11);
    }
    for (int offset = 0; offset < 9; offset++) {
      for (int length = 0; offset + length <= payload.length; length++) {
        for (int key : new int[] {0x9a3c5e71, 0}) {
          byte[] frame = new byte[ClientWebSocket.frameSize(length)];
          ClientWebSocket.frame(ClientWebSocket.BINARY, payload, offset, length, key, frame);
          int keyAt = 2 + (length < 126 ? 0 : 2);
          assertThat(java.nio.ByteBuffer.wrap(frame, keyAt, 4).getInt()).isEqualTo(key);
          for (int k = 0; k < length; k++) {
            assertThat((byte) (frame[keyAt + 4 + k] ^ frame[keyAt + (k & 3)])).as("byte %d of %d from %d", k, length, offset)
                .isEqualTo(payload[offset + k]);
          }
          assertThat(frame).hasSize(keyAt + 4 + length);
        }
      }
    }
  }

  @Test
  void aFrameMadeFromAnOffsetInALargerArrayIsTheSameFrameThereAndTouchesNothingElse() {
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    for (int length : new int[] {0, 5, 125, 126, 200}) {
      for (int key : new int[] {0x9a3c5e71, 0}) {
        byte[] alone = new byte[ClientWebSocket.frameSize(length)];
        ClientWebSocket.frame(ClientWebSocket.BINARY, payload, 3, length, key, alone);
        byte[] within = new byte[alone.length + 20];
        java.util.Arrays.fill(within, (byte) 0x55);
        ClientWebSocket.frame(ClientWebSocket.BINARY, payload, 3, length, key, within, 9);

        assertThat(java.util.Arrays.copyOfRange(within, 9, 9 + alone.length)).as("length %d", length).isEqualTo(alone);
        assertThat(java.util.Arrays.copyOfRange(within, 0, 9)).containsOnly((byte) 0x55);
        assertThat(java.util.Arrays.copyOfRange(within, 9 + alone.length, within.length)).containsOnly((byte) 0x55);
      }
    }
    assertThatThrownBy(() -> ClientWebSocket.frame(ClientWebSocket.BINARY, payload, 0, 10, 0, new byte[20], 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void framesOverTcpCarryRandomMaskingKeys() throws Exception {
    open();
    for (int i = 0; i < 4; i++) {
      client.send(ClientWebSocket.BINARY, bytes("x"), 0, 1);
    }

    DataInputStream in = new DataInputStream(server.getInputStream());
    java.util.Set<Integer> keys = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++) {
      in.readUnsignedShort();
      keys.add(in.readInt());
      in.readUnsignedByte();
    }
    assertThat(keys).as("four frames' keys").hasSizeGreaterThan(1).doesNotContain(0);
  }

  @Test
  void framesOverAUnixSocketCarryTheMaskingKeyZeroWithTheMaskBitSet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
      throws Exception {
    java.net.UnixDomainSocketAddress address = java.net.UnixDomainSocketAddress.of(folder.resolve("socket"));
    try (java.nio.channels.ServerSocketChannel unix = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      unix.bind(address);
      CompletableFuture<java.nio.channels.SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          java.nio.channels.SocketChannel channel = unix.accept();
          InputStream request = java.nio.channels.Channels.newInputStream(channel);
          String key = readRequest(request).get("sec-websocket-key");
          channel.write(java.nio.ByteBuffer.wrap(switchingProtocols(accept(key), "api.iterm2.com").getBytes(StandardCharsets.UTF_8)));
          return channel;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      client = ClientWebSocket.connect(address, 1024);
      client.upgrade("api.iterm2.com", new Credentials("cookie", "key"), "test client");
      byte[] big = new byte[300];
      java.util.Arrays.fill(big, (byte) 'y');

      client.send(ClientWebSocket.BINARY, bytes("hello"), 0, 5);
      client.send(ClientWebSocket.TEXT, big, 0, big.length);

      try (java.nio.channels.SocketChannel channel = accepted.get(10, TimeUnit.SECONDS)) {
        DataInputStream in = new DataInputStream(java.nio.channels.Channels.newInputStream(channel));
        assertThat(in.readUnsignedShort()).isEqualTo(0x8000 | 0x80 | ClientWebSocket.BINARY << 8 | 5);
        assertThat(in.readInt()).as("the masking key").isZero();
        assertThat(in.readNBytes(5)).isEqualTo(bytes("hello"));
        assertThat(in.readUnsignedShort()).isEqualTo(0x8000 | 0x80 | ClientWebSocket.TEXT << 8 | 126);
        assertThat(in.readUnsignedShort()).isEqualTo(300);
        assertThat(in.readInt()).as("the masking key").isZero();
        assertThat(in.readNBytes(300)).isEqualTo(big);
      }
    }
  }

  @Test
  void fragmentedMessageArrivesWholeAndAPingBetweenItsFramesIsAnswered() throws Exception {
    open();
    OutputStream out = server.getOutputStream();
    out.write(serverFrame(false, ClientWebSocket.BINARY, bytes("one ")));
    out.write(serverFrame(true, ClientWebSocket.PING, bytes("are you there")));
    out.write(serverFrame(false, ClientWebSocket.CONTINUATION, bytes("two ")));
    out.write(serverFrame(true, ClientWebSocket.CONTINUATION, bytes("three")));
    out.flush();

    ClientWebSocket.Message message = client.read();

    assertThat(message.opcode()).isEqualTo(ClientWebSocket.BINARY);
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("one two three");
    assertThat(readMaskedFrame(new DataInputStream(server.getInputStream())))
        .isEqualTo(frame(ClientWebSocket.PONG, bytes("are you there")));
  }

  @Test
  void messageBeyondTheCapFailsWith1009AndTheCloseFrameSaysSo() throws Exception {
    open();
    server.getOutputStream().write(serverFrame(false, ClientWebSocket.BINARY, new byte[1000]));
    server.getOutputStream().write(serverFrame(true, ClientWebSocket.CONTINUATION, new byte[100]));
    server.getOutputStream().flush();

    assertThatThrownBy(client::read).isInstanceOfSatisfying(ClientWebSocket.Violation.class, v -> {
      assertThat(v.closeCode()).isEqualTo(1009);
      assertThat(v).hasMessage("a message of more than 1024 bytes (the limit)");
      client.fail(v);
    });
    Frame close = readMaskedFrame(new DataInputStream(server.getInputStream()));
    assertThat(close.opcode()).isEqualTo(ClientWebSocket.CLOSE);
    assertThat(closeCode(close.payload())).isEqualTo(1009);
    assertThat(client.closeReason()).startsWith("the host sent something the protocol does not allow: a message of more");
  }

  @Test
  void maskedFrameFromTheHostIsAViolation() throws Exception {
    open();
    byte[] masked = serverFrame(true, ClientWebSocket.BINARY, bytes("x"));
    masked[1] |= (byte) 0x80;
    server.getOutputStream().write(masked);
    server.getOutputStream().flush();

    assertThatThrownBy(client::read).isInstanceOf(ClientWebSocket.Violation.class)
        .hasMessage("a masked frame (expected: the host's frames unmasked)");
  }

  @Test
  void controlFrameOfMoreThan125BytesIsAViolation() throws Exception {
    open();
    server.getOutputStream().write(serverFrame(true, ClientWebSocket.PING, new byte[126]));
    server.getOutputStream().flush();

    assertThatThrownBy(client::read).isInstanceOfSatisfying(ClientWebSocket.Violation.class,
        v -> assertThat(v.closeCode()).isEqualTo(1002))
        .hasMessage("a control frame of 126 bytes (expected: at most 125 bytes, in one frame)");
  }

  @Test
  void closeFromTheHostEndsReadingWithItsCodeAndReasonAndIsAnswered() throws Exception {
    open();
    byte[] reason = bytes("the host is shutting down");
    byte[] payload = new byte[2 + reason.length];
    payload[0] = (byte) (1001 >> 8);
    payload[1] = (byte) 1001;
    System.arraycopy(reason, 0, payload, 2, reason.length);
    server.getOutputStream().write(serverFrame(true, ClientWebSocket.CLOSE, payload));
    server.getOutputStream().flush();

    assertThat(client.read()).isNull();
    assertThat(client.closeReason()).isEqualTo("the host closed the connection (1001 the host is shutting down)");
    Frame answer = readMaskedFrame(new DataInputStream(server.getInputStream()));
    assertThat(answer.opcode()).isEqualTo(ClientWebSocket.CLOSE);
    assertThat(closeCode(answer.payload())).isEqualTo(1001);
  }

  @Test
  void connectionEndingMidFrameIsAnEndOfStreamAndBetweenFramesAnEnd() throws Exception {
    open();
    server.getOutputStream().write(new byte[] {(byte) 0x82, 10, 1, 2});
    server.getOutputStream().flush();
    server.shutdownOutput();

    assertThatThrownBy(client::read).isInstanceOf(java.io.EOFException.class);
  }

  @Test
  void refusalWith401GivesTheCookieAdviceAndTheHostsReason() {
    String body = "x-iterm2-cookie or x-iterm2-key is wrong\n";
    assertThatThrownBy(() -> open(key -> "HTTP/1.1 401 Unauthorized\r\ncontent-length: " + body.length() + "\r\n\r\n" + body,
        Credentials.random()))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("the daemon refused the cookie: run `eval \"$(polybridge auth)\"` or set ITERM2_COOKIE and ITERM2_KEY"
            + " to the running daemon's (401: x-iterm2-cookie or x-iterm2-key is wrong)");
  }

  @Test
  void upgradeWithAWrongAcceptOrSubprotocolIsRefused() {
    assertThatThrownBy(() -> open(key -> switchingProtocols(accept("another key"), "api.iterm2.com"), null))
        .isInstanceOf(ProtocolException.class).hasMessageStartingWith("the host's WebSocket upgrade is not valid: HTTP/1.1 101");
  }

  @Test
  void answerThatIsNotHttpIsNamed() {
    assertThatThrownBy(() -> open(key -> "SSH-2.0-OpenSSH_9.2\r\n\r\n", null))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("the host's answer to the WebSocket upgrade is not HTTP: SSH-2.0-OpenSSH_9.2");
  }

  @Test
  void advisoryNameWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
    client = ClientWebSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 1024);

    assertThatThrownBy(() -> client.upgrade("api.iterm2.com", null, "name\r\nx-iterm2-cookie: forged"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("advisoryName : 'name\r\nx-iterm2-cookie: forged' (expected: no control characters)");
    server = listener.accept();
    assertThat(server.getInputStream().read()).as("nothing was sent, and the socket is closed").isEqualTo(-1);
  }

  @Test
  void nothingListeningIsNoDaemon() throws IOException {
    int port = listener.getLocalPort();
    listener.close();

    assertThatThrownBy(() -> ClientWebSocket.connect(new InetSocketAddress("127.0.0.1", port), 1024))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("no polybridge daemon at 127.0.0.1:" + port + ": start one with `polybridge run`");
  }

  /** A frame as the server saw it, unmasked. */
  record Frame(int opcode, byte[] payload) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Frame f && f.opcode == opcode && java.util.Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
      return opcode * 31 + java.util.Arrays.hashCode(payload);
    }
  }

  private static Frame frame(int opcode, byte[] payload) {
    return new Frame(opcode, payload);
  }

  private static Frame readMaskedFrame(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    assertThat(b0 & 0x80).as("FIN").isNotZero();
    assertThat(b1 & 0x80).as("the mask bit of a client's frame").isNotZero();
    long n = b1 & 0x7f;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    byte[] mask = in.readNBytes(4);
    byte[] payload = in.readNBytes((int) n);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    return new Frame(b0 & 0x0f, payload);
  }

  private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static int closeCode(byte[] payload) {
    return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
  }

  private static Map<String, String> readRequest(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c != '\n') {
        if (c != '\r') {
          line.write(c);
        }
        continue;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.isEmpty()) {
        break;
      }
      int colon = text.indexOf(':');
      if (headers.isEmpty()) {
        headers.put("request", text);
      } else {
        headers.put(text.substring(0, colon).toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static String switchingProtocols(String accept, String subprotocol) {
    return "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\nsec-websocket-accept: " + accept
        + "\r\nsec-websocket-protocol: " + subprotocol + "\r\n\r\n";
  }

  private static String accept(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
