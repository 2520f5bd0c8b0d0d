package org.polybridge.cli.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console (docs/CONSOLE.md, "Security"): a request must name the console's own
 * address in {@code Host} ({@code 127.0.0.1:PORT} or {@code localhost:PORT}: a page served under
 * another name, through DNS rebinding, is refused), carry no foreign {@code Origin} (a cross-site
 * request is refused), and either present a one-time token from {@code polybridge console} or the
 * cookie that token was exchanged for.
 */
final class ConsoleGuard {
  /** How long a token from {@code polybridge console} may wait before it is used. */
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Set<String> cookies = ConcurrentHashMap.newKeySet();
  private volatile int port;

  ConsoleGuard(Clock clock) {
    this.clock = clock;
  }

  /** The port the console listens on, once bound: {@code Host} and {@code Origin} must name it. */
  void port(int port) {
    this.port = port;
  }

  /** The name of the cookie: with the port, so that two daemons' consoles do not take each other's. */
  String cookieName() {
    return "polybridge_console_" + port;
  }

  /** A new one-time token, valid for {@link #TOKEN_LIFETIME}. */
  String newToken() {
    Instant now = clock.instant();
    tokens.values().removeIf(expiry -> expiry.isBefore(now));
    String token = random();
    tokens.put(token, now.plus(TOKEN_LIFETIME));
    return token;
  }

  /** Why a request from this {@code host} and {@code origin} ({@code null}: none) is refused, or {@code null}. */
  String refuseAddress(String host, String origin) {
    if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
      return "Host : " + host + " (expected: 127.0.0.1:" + port + " or localhost:" + port + ")";
    }
    if (origin != null && !origin.equals("http://" + host)) {
      return "Origin : " + origin + " (expected: http://" + host + ", the console's own)";
    }
    return null;
  }

  /**
   * Exchanges a token for a new cookie value; {@code null} when the token is unknown, used or
   * expired. A token is used at most once.
   */
  String exchange(String token) {
    Instant expiry = token == null ? null : tokens.remove(token);
    if (expiry == null || expiry.isBefore(clock.instant())) {
      return null;
    }
    String cookie = random();
    cookies.add(cookie);
    return cookie;
  }

  /** Whether {@code cookie} (the value of {@link #cookieName()}, {@code null}: none) was given out here. */
  boolean admits(String cookie) {
    return cookie != null && cookies.contains(cookie);
  }

  /** The {@code Set-Cookie} value for {@code cookie}: not readable by scripts, never sent by another site's requests. */
  String setCookie(String cookie) {
    return cookieName() + "=" + cookie + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
