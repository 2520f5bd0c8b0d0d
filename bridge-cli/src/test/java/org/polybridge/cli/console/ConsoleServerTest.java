package org.polybridge.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;

/** The console's listener on a real socket: the cap on connections that have not signed in. */
class ConsoleServerTest {
  private static final int CAP = 3;

  @TempDir Path logs;
  private Bridge bridge;
  private ConsoleServer console;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() {
    bridge = Bridge.newBuilder().logFolder(logs).build();
    console = new ConsoleServer(bridge, logs, Clock.systemUTC(), CAP);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    console.close();
    bridge.close();
  }

  private Socket open(int port) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    return socket;
  }

  /** One request on {@code socket}, kept alive; the answer's head and body. */
  private static String exchange(Socket socket, int port, String pathAndQuery, String cookie) throws IOException {
    String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = Integer.parseInt(text.replaceAll("(?s).*\r\n[Cc]ontent-[Ll]ength: *(\\d+)\r\n.*", "$1"));
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** True when the server closed {@code socket} without a word (a read sees the end, or a reset). */
  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void connectionsBeyondTheCapAreClosedWhileASignedInPageKeepsWorking() throws Exception {
    URI address = URI.create((String) ((Map<?, ?>) console.newAddress().get(30, TimeUnit.SECONDS)).get("url"));
    int port = address.getPort();
    Socket page = open(port);
    String signIn = exchange(page, port, "/?" + address.getQuery(), null);
    assertThat(signIn).startsWith("HTTP/1.1 303");
    String cookie = signIn.replaceAll("(?s).*\r\n[Ss]et-[Cc]ookie: *([^;\r\n]+).*", "$1");

    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      Socket socket = open(port);
      // Counted in once a request on it is answered (without a cookie: 401, still counted). The
      // console shares the bridge's event loops, several threads: a connection is counted on its
      // own loop, so the next one, on another, could be counted before this one without the wait.
      assertThat(exchange(socket, port, "/api/scripts", null)).startsWith("HTTP/1.1 401");
      silent.add(socket);
    }
    Socket probe = open(port);
    assertThat(closedByServer(probe)).as("a connection beyond the cap of " + CAP + " is closed").isTrue();

    assertThat(exchange(page, port, "/api/scripts", cookie)).as("the signed-in page").startsWith("HTTP/1.1 200");
    String refused = exchange(silent.getFirst(), port, "/api/scripts", null);
    assertThat(refused).startsWith("HTTP/1.1 401");
    assertThat(closedByServer(open(port))).as("a 401 does not sign in: still counted").isTrue();

    assertThat(exchange(silent.get(1), port, "/api/scripts", cookie)).startsWith("HTTP/1.1 200");
    Socket next = open(port);
    assertThat(exchange(next, port, "/api/scripts", cookie)).as("the place of one that signed in is free for the next")
        .startsWith("HTTP/1.1 200");
    assertThat(exchange(open(port), port, "/", cookie)).as("and the next").startsWith("HTTP/1.1 200");
  }
}
