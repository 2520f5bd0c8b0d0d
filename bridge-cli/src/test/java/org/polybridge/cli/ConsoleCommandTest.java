package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.json.Json;

/** {@code polybridge console} against a daemon: the address it prints signs in once, over a real socket. */
class ConsoleCommandTest {
  @TempDir Path folder;
  private Daemon daemon;
  private Path socket;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void startDaemon() throws Exception {
    socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, Files.createDirectories(folder.resolve("scripts")), folder.resolve("logs"));
  }

  @AfterEach
  void stopDaemon() {
    http.close();
    daemon.close();
  }

  private int run(Map<String, String> environment, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--socket";
    all[args.length + 1] = socket.toString();
    return new Main(environment, null, new PrintWriter(out, true), new PrintWriter(err, true)).execute(all);
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void printsAnAddressOnLoopbackWhoseTokenSignsInOnce() throws Exception {
    assertThat(run(Map.of(), "console", "--no-open")).isZero();
    Map<?, ?> address = (Map<?, ?>) Json.parse(out.toString());
    String url = (String) address.get("url");
    assertThat(url).matches("http://127\\.0\\.0\\.1:" + address.get("port") + "/\\?token=[A-Za-z0-9_-]{43}");
    assertThat(address.get("token_lifetime_s")).isEqualTo(300L);

    HttpResponse<String> signIn = get(url);
    assertThat(signIn.statusCode()).isEqualTo(303);
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
    String base = url.substring(0, url.indexOf('?'));
    HttpResponse<String> scripts = get(base + "api/scripts", "Cookie", cookie.substring(0, cookie.indexOf(';')));
    assertThat(scripts.statusCode()).isEqualTo(200);
    assertThat(scripts.body()).isEqualTo("[]");

    assertThat(get(url).statusCode()).as("the token, used again").isEqualTo(403);
    assertThat(get(base + "api/scripts").statusCode()).as("without the cookie").isEqualTo(401);
  }

  @Test
  void everyAddressHasItsOwnTokenOnTheSamePort() throws Exception {
    assertThat(run(Map.of(), "console", "--no-open", "--table")).isZero();
    String first = out.toString().strip();
    assertThat(run(Map.of(), "console", "--no-open", "--table")).isZero();
    String second = out.toString().strip();
    assertThat(first).startsWith("http://127.0.0.1:").isNotEqualTo(second);
    assertThat(URI.create(first).getPort()).isEqualTo(URI.create(second).getPort());
  }

  @Test
  void withoutADisplayItSaysToOpenTheAddressInABrowser() {
    assertThat(run(Map.of("PATH", "/usr/bin:/bin"), "console")).isZero();
    assertThat(err.toString()).contains("open it in a browser on this machine (no display: DISPLAY and WAYLAND_DISPLAY are unset)");
  }
}
