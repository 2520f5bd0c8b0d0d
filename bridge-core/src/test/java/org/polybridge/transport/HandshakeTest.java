package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.ProtocolException;

/** The upgrade request is checked as iTerm2 checks it; refusals carry the status its clients expect. */
class HandshakeTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener listener = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).build());

  @AfterEach
  void close() {
    bridge.close();
  }

  private RawWebSocket.Response upgrade(String requestLine, Consumer<Map<String, String>> edit) throws Exception {
    try (RawWebSocket socket = new RawWebSocket(listener.port())) {
      Map<String, String> headers = RawWebSocket.goodHeaders(listener.port(), credentials);
      edit.accept(headers);
      return socket.upgrade(requestLine, headers);
    }
  }

  private int status(Consumer<Map<String, String>> edit) throws Exception {
    return upgrade("GET / HTTP/1.1", edit).status();
  }

  @Test
  void upgradeAnswersWithTheSubprotocolAndTheProtocolVersion() throws Exception {
    RawWebSocket.Response response = upgrade("GET / HTTP/1.1", h -> {});

    assertThat(response.status()).isEqualTo(101);
    assertThat(response.headers())
        .containsEntry("sec-websocket-protocol", "api.iterm2.com")
        .containsEntry("x-iterm2-protocol-version", "1.17");
  }

  @Test
  void terminalExtensionIsUpgradedUnderTheSameChecks() throws Exception {
    RawWebSocket.Response response = upgrade("GET / HTTP/1.1", h -> h.put("Sec-WebSocket-Protocol", "pty.polybridge.org"));

    assertThat(response.status()).isEqualTo(101);
    assertThat(response.headers()).containsEntry("sec-websocket-protocol", "pty.polybridge.org");
    assertThat(status(h -> {
      h.put("Sec-WebSocket-Protocol", "pty.polybridge.org");
      h.put("x-iterm2-cookie", "0123456789abcdef");
    })).isEqualTo(401);
    assertThat(status(h -> {
      h.put("Sec-WebSocket-Protocol", "pty.polybridge.org");
      h.put("Host", "example.com");
    })).isEqualTo(400);
  }

  @Test
  void clientOfferingBothSubprotocolsGetsITerm2s() throws Exception {
    RawWebSocket.Response response = upgrade("GET / HTTP/1.1", h -> h.put("Sec-WebSocket-Protocol", "pty.polybridge.org, api.iterm2.com"));

    assertThat(response.headers()).containsEntry("sec-websocket-protocol", "api.iterm2.com");
  }

  @Test
  void requestWithoutCookieIsRefusedWith401() throws Exception {
    assertThat(status(h -> {
      h.remove("x-iterm2-cookie");
      h.remove("x-iterm2-key");
    })).isEqualTo(401);
  }

  @Test
  void requestWithAWrongCookieOrKeyIsRefusedWith401() throws Exception {
    assertThat(status(h -> h.put("x-iterm2-cookie", "0123456789abcdef"))).isEqualTo(401);
    assertThat(status(h -> h.put("x-iterm2-key", "0123456789abcdef"))).isEqualTo(401);
    assertThat(status(h -> h.remove("x-iterm2-key"))).isEqualTo(401);
  }

  @Test
  void clientWithoutCookieHearsHowToGetOne() {
    assertThatThrownBy(() -> Connections.tcp(listener.port(), null, "no cookie").get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining("the daemon refused the cookie: run `eval \"$(polybridge auth)\"`")
        .hasMessageContaining("401");
  }

  @Test
  void clientWithAWrongCookieIsRefused() {
    assertThatThrownBy(() -> Connections.tcp(listener.port(), Credentials.random(), "stale cookie").get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolException.class)
        .hasMessageContaining("refused the cookie");
  }

  @Test
  void pythonLibraryOlderThan024IsRefusedWith406() throws Exception {
    assertThat(status(h -> h.put("x-iterm2-library-version", "python 0.23"))).isEqualTo(406);
    assertThat(status(h -> h.put("x-iterm2-library-version", "python 0.24"))).isEqualTo(101);
    assertThat(status(h -> h.put("x-iterm2-library-version", "python 2.7.1"))).isEqualTo(101);
    assertThat(status(h -> h.put("x-iterm2-library-version", "javascript 0.1"))).isEqualTo(101);
  }

  @Test
  void libraryVersionOutsideLanguageSpaceVersionIsRefusedWith400() throws Exception {
    assertThat(status(h -> h.remove("x-iterm2-library-version"))).isEqualTo(400);
    assertThat(status(h -> h.put("x-iterm2-library-version", "python"))).isEqualTo(400);
  }

  @Test
  void pathOtherThanRootIsRefusedWith400() throws Exception {
    RawWebSocket.Response response = upgrade("GET /api HTTP/1.1", h -> {});

    assertThat(response.status()).isEqualTo(400);
  }

  @Test
  void wrongVersionSubprotocolHostOrOriginIsRefusedWith400() throws Exception {
    assertThat(status(h -> h.put("Sec-WebSocket-Version", "8"))).isEqualTo(400);
    assertThat(status(h -> h.remove("Sec-WebSocket-Protocol"))).isEqualTo(400);
    assertThat(status(h -> h.put("Sec-WebSocket-Protocol", "chat"))).isEqualTo(400);
    assertThat(status(h -> h.put("Host", "example.com"))).isEqualTo(400);
    assertThat(status(h -> h.put("Origin", "https://evil.example/"))).isEqualTo(400);
    assertThat(status(h -> h.remove("Origin"))).isEqualTo(101);
    assertThat(status(h -> h.put("Host", "127.0.0.1:" + listener.port()))).isEqualTo(101);
  }

  @Test
  void refusalCheckedBeforeTheCookieIsNotMaskedByIt() throws Exception {
    // iTerm2's order: the library version is judged before the cookie.
    assertThat(status(h -> {
      h.remove("x-iterm2-cookie");
      h.put("x-iterm2-library-version", "python 0.20");
    })).isEqualTo(406);
  }
}
