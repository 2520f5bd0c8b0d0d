package org.polybridge.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.json.Json;
import org.polybridge.internal.transport.UnauthenticatedConnections;

/** The console's HTTP without a socket: sign-in, refusals, the page and its headers, an API call. */
class ConsoleHttpHandlerTest {
  private static final int PORT = 4711;
  private static final String HOST = "127.0.0.1:" + PORT;

  @TempDir Path logs;
  private Bridge bridge;
  private ConsoleData data;
  private ConsoleGuard guard;
  private ScheduledExecutorService executor;
  private EmbeddedChannel channel;
  private UnauthenticatedConnections unauthenticated;

  @BeforeEach
  void start() {
    bridge = Bridge.newBuilder().logFolder(logs).build();
    data = new ConsoleData(bridge, logs);
    guard = new ConsoleGuard(Clock.systemUTC());
    guard.port(PORT);
    executor = Executors.newSingleThreadScheduledExecutor();
    ConsoleRoutes routes = new ConsoleRoutes(guard, data, new ConsoleEvents(data, executor));
    unauthenticated = new UnauthenticatedConnections(2);
    assertThat(unauthenticated.admit()).isTrue(); // as the server does before it makes the handler
    // Time frozen before the handler arms its sign-in timeout: the test's clock is then the only
    // one that moves it (an embedded channel's time otherwise runs on with the real clock too).
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast(new ConsoleHttpHandler(routes::handle, unauthenticated));
  }

  @AfterEach
  void stop() {
    channel.finishAndReleaseAll();
    executor.shutdownNow();
    data.close();
    bridge.close();
  }

  private FullHttpResponse send(HttpMethod method, String uri, Map<String, String> headers, String body) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    headers.forEach((k, v) -> request.headers().set(k, v));
    channel.writeInbound(request);
    channel.runPendingTasks();
    FullHttpResponse response = channel.readOutbound();
    assertThat(response).as("an answer to " + method + " " + uri).isNotNull();
    return response;
  }

  private FullHttpResponse get(String uri, Map<String, String> headers) {
    return send(HttpMethod.GET, uri, headers, "");
  }

  private static String body(FullHttpResponse response) {
    try {
      return response.content().toString(StandardCharsets.UTF_8);
    } finally {
      response.release();
    }
  }

  private String signIn() {
    FullHttpResponse response = get("/?token=" + guard.newToken(), Map.of("Host", HOST));
    assertThat(response.status().code()).isEqualTo(303);
    assertThat(response.headers().get(HttpHeaderNames.LOCATION)).isEqualTo("/");
    String setCookie = response.headers().get(HttpHeaderNames.SET_COOKIE);
    body(response);
    assertThat(setCookie).startsWith("polybridge_console_4711=").contains("HttpOnly", "SameSite=Strict");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void everyRequestWithoutTheCookieIsRefused() {
    for (String uri : List.of("/", "/console.js", "/api/scripts", "/api/events")) {
      FullHttpResponse response = get(uri, Map.of("Host", HOST));
      assertThat(response.status().code()).as(uri).isEqualTo(401);
      assertThat(body(response)).contains("polybridge console");
    }
  }

  @Test
  void theTokenIsExchangedForACookieThatOpensThePageWithItsSecurityHeaders() {
    String cookie = signIn();
    FullHttpResponse page = get("/", Map.of("Host", HOST, "Cookie", cookie));
    assertThat(page.status().code()).isEqualTo(200);
    assertThat(page.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
    assertThat(page.headers().get("Content-Security-Policy")).startsWith("default-src 'self'");
    assertThat(page.headers().get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(body(page)).contains("<title>polybridge console</title>").doesNotContain("http://", "https://");
  }

  @Test
  void aTokenIsGoodOnceAndAWrongOneIsRefused() {
    String token = guard.newToken();
    body(get("/?token=" + token, Map.of("Host", HOST)));
    FullHttpResponse again = get("/?token=" + token, Map.of("Host", HOST));
    assertThat(again.status().code()).isEqualTo(403);
    assertThat(again.headers().get(HttpHeaderNames.SET_COOKIE)).isNull();
    assertThat(body(again)).contains("token : not valid");
    FullHttpResponse wrong = get("/?token=wrong", Map.of("Host", HOST));
    assertThat(wrong.status().code()).isEqualTo(403);
    body(wrong);
  }

  @Test
  void aForeignHostOrOriginIsRefusedEvenWithTheCookie() {
    String cookie = signIn();
    FullHttpResponse rebound = get("/api/scripts", Map.of("Host", "attacker.example:" + PORT, "Cookie", cookie));
    assertThat(rebound.status().code()).isEqualTo(403);
    assertThat(body(rebound)).contains("Host : attacker.example:4711");
    FullHttpResponse crossSite = send(HttpMethod.POST, "/api/invoke",
        Map.of("Host", HOST, "Origin", "https://attacker.example", "Cookie", cookie), "{\"invocation\": \"iterm2.scripts()\"}");
    assertThat(crossSite.status().code()).isEqualTo(403);
    assertThat(body(crossSite)).contains("Origin : https://attacker.example");
  }

  @Test
  void aSignedInPageInvokesFromItsOwnOrigin() {
    String cookie = signIn();
    FullHttpResponse response = send(HttpMethod.POST, "/api/invoke",
        Map.of("Host", HOST, "Origin", "http://" + HOST, "Cookie", cookie), "{\"invocation\": \"iterm2.scripts()\"}");
    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json; charset=utf-8");
    Map<?, ?> answer = (Map<?, ?>) Json.parse(body(response));
    assertThat(answer.get("ok")).isEqualTo(true);
    assertThat(answer.get("value")).isEqualTo(List.of());
    assertThat(answer.get("elapsed_ms")).isInstanceOf(Number.class);
  }

  /** Two may be counted; the channel's own counts one. */
  private boolean anotherWouldBeAdmitted() {
    boolean admitted = unauthenticated.admit();
    if (admitted) {
      unauthenticated.left();
    }
    return admitted;
  }

  @Test
  void aConnectionCountsAsUnauthenticatedUntilARequestSignsIn() {
    assertThat(unauthenticated.admit()).isTrue(); // another connection, in its handshake: the cap of 2 is full
    body(get("/api/scripts", Map.of("Host", HOST)));
    assertThat(anotherWouldBeAdmitted()).as("refused with 401: still unauthenticated").isFalse();
    signIn();
    assertThat(anotherWouldBeAdmitted()).as("signed in: counted out").isTrue();
    channel.advanceTimeBy(ConsoleHttpHandler.SIGN_IN_TIMEOUT.toMillis() + 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).as("a signed-in connection stays").isTrue();
  }

  @Test
  void aConnectionThatDoesNotSignInInTimeIsClosedAndCountedOut() {
    assertThat(unauthenticated.admit()).isTrue();
    assertThat(anotherWouldBeAdmitted()).isFalse();
    channel.advanceTimeBy(ConsoleHttpHandler.SIGN_IN_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(anotherWouldBeAdmitted()).isTrue();
  }
}
