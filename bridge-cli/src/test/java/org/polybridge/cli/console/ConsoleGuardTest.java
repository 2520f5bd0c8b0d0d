package org.polybridge.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may use the console: the address it was asked at, its own origin, a one-time token, the cookie. */
class ConsoleGuardTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  private final ConsoleGuard guard = new ConsoleGuard(clock);

  @BeforeEach
  void bind() {
    guard.port(4711);
  }

  @Test
  void aTokenIsExchangedForACookieOnceOnly() {
    String token = guard.newToken();
    String cookie = guard.exchange(token);
    assertThat(cookie).isNotNull().isNotEqualTo(token);
    assertThat(guard.admits(cookie)).isTrue();
    assertThat(guard.exchange(token)).isNull();
  }

  @Test
  void aTokenOlderThanItsLifetimeIsRefused() {
    String token = guard.newToken();
    now = now.plus(ConsoleGuard.TOKEN_LIFETIME).plus(Duration.ofSeconds(1));
    assertThat(guard.exchange(token)).isNull();
  }

  @Test
  void anUnknownTokenOrCookieIsRefused() {
    guard.newToken();
    assertThat(guard.exchange("guessed")).isNull();
    assertThat(guard.exchange(null)).isNull();
    assertThat(guard.admits("guessed")).isFalse();
    assertThat(guard.admits(null)).isFalse();
  }

  @Test
  void onlyTheLoopbackNamesWithTheConsolesPortAreAcceptedAsHost() {
    assertThat(guard.refuseAddress("127.0.0.1:4711", null)).isNull();
    assertThat(guard.refuseAddress("localhost:4711", null)).isNull();
    assertThat(guard.refuseAddress("attacker.example:4711", null)).isEqualTo(
        "Host : attacker.example:4711 (expected: 127.0.0.1:4711 or localhost:4711)");
    assertThat(guard.refuseAddress("127.0.0.1:80", null)).startsWith("Host : 127.0.0.1:80 ");
    assertThat(guard.refuseAddress("127.0.0.1", null)).startsWith("Host : 127.0.0.1 ");
    assertThat(guard.refuseAddress(null, null)).startsWith("Host : null ");
  }

  @Test
  void anOriginOtherThanTheConsolesOwnIsRefused() {
    assertThat(guard.refuseAddress("127.0.0.1:4711", "http://127.0.0.1:4711")).isNull();
    assertThat(guard.refuseAddress("127.0.0.1:4711", "https://evil.example")).isEqualTo(
        "Origin : https://evil.example (expected: http://127.0.0.1:4711, the console's own)");
    assertThat(guard.refuseAddress("127.0.0.1:4711", "http://localhost:4711")).isNotNull();
    assertThat(guard.refuseAddress("127.0.0.1:4711", "null")).isNotNull();
  }

  @Test
  void theCookieIsHttpOnlyAndStrictlySameSiteAndNamedForThePort() {
    assertThat(guard.setCookie("abc")).isEqualTo("polybridge_console_4711=abc; Path=/; HttpOnly; SameSite=Strict");
  }
}
