package org.polybridge.internal.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.polybridge.transport.Credentials;

/**
 * The checks iTerm2 makes before it upgrades a connection to its API (see PROTOCOL.md, "Handshake
 * checks"), in its order: the request line, the WebSocket version and subprotocol ({@code
 * api.iterm2.com}, or polybridge's {@code pty.polybridge.org} or {@code repl.polybridge.org}, held to the same checks), a loopback
 * {@code Host}, a {@code localhost} {@code Origin}, the client library's version (an iTerm2
 * Python library older than 0.24 gets 406), then the cookie and key (401). Anything else wrong is
 * a 400; a plain request (no upgrade) to a path other than {@code /} is a 404. polybridge's
 * one-shot invocation, {@code POST /invoke}, is held to the same checks of its host, origin and
 * credentials ({@link #checkInvocation}).
 */
final class HandshakeRules {
  static final String SUBPROTOCOL = "api.iterm2.com";
  /** polybridge's extension on the same listener: a terminal attaching itself as a session (docs/PROTOCOL.md). */
  static final String TERMINAL_SUBPROTOCOL = "pty.polybridge.org";
  /** polybridge's extension on the same listener: a REPL in the host's script runtimes ({@code polybridge repl}). */
  static final String REPL_SUBPROTOCOL = "repl.polybridge.org";
  static final String PROTOCOL_VERSION = "1.17";
  static final String LIBRARY_VERSION_HEADER = "x-iterm2-library-version";
  static final String COOKIE_HEADER = "x-iterm2-cookie";
  static final String KEY_HEADER = "x-iterm2-key";
  static final String ADVISORY_NAME_HEADER = "x-iterm2-advisory-name";
  static final String PROTOCOL_VERSION_HEADER = "X-iTerm2-Protocol-Version";
  /** polybridge's one-shot invocation beside the upgrade: {@code POST /invoke}, on the Unix socket only. */
  static final String INVOCATION_PATH = "/invoke";

  private static final int[] OLDEST_PYTHON_LIBRARY = {0, 24};

  /** Why an upgrade was refused: the HTTP status and a sentence for the client and the log. */
  record Rejection(HttpResponseStatus status, String reason) {}

  private HandshakeRules() {}

  static Optional<Rejection> check(HttpRequest request, Credentials credentials) {
    HttpHeaders h = request.headers();
    boolean upgrade = h.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true) && "websocket".equalsIgnoreCase(h.get(HttpHeaderNames.UPGRADE));
    String path = new QueryStringDecoder(request.uri()).path();
    if (!upgrade && !"/".equals(path)) {
      // an upgrade to another path stays a 400, as iTerm2 answers it
      return reject(HttpResponseStatus.NOT_FOUND, "no resource " + path
          + " (expected: GET / for the WebSocket upgrade, or POST " + INVOCATION_PATH + " on the Unix socket)");
    }
    if (!HttpMethod.GET.equals(request.method()) || !"/".equals(request.uri())) {
      return reject(HttpResponseStatus.BAD_REQUEST, "request : " + request.method() + " " + request.uri() + " (expected: GET /)");
    }
    if (!upgrade) {
      return reject(HttpResponseStatus.BAD_REQUEST, "not a WebSocket upgrade (expected: Connection: Upgrade, Upgrade: websocket)");
    }
    String version = h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    if (version == null || !version.trim().matches("\\d{1,4}") || Integer.parseInt(version.trim()) < 13) {
      return reject(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Version : " + version + " (expected: 13 or later)");
    }
    if (subprotocol(request) == null) {
      return reject(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Protocol : " + h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)
          + " (expected: " + SUBPROTOCOL + ", " + TERMINAL_SUBPROTOCOL + " or " + REPL_SUBPROTOCOL + ")");
    }
    Optional<Rejection> local = checkLocal(h);
    if (local.isPresent()) {
      return local;
    }
    Optional<Rejection> library = checkLibraryVersion(h.get(LIBRARY_VERSION_HEADER));
    if (library.isPresent()) {
      return library;
    }
    return checkCredentials(h, credentials);
  }

  /** Whether the request is a one-shot invocation ({@code /invoke}), which {@link #checkInvocation} checks. */
  static boolean isInvocation(HttpRequest request) {
    return INVOCATION_PATH.equals(new QueryStringDecoder(request.uri()).path());
  }

  /**
   * The checks of a one-shot invocation, {@code POST /invoke} (docs/PROTOCOL.md, "One-shot
   * invocations"): served on the Unix socket only (403 over TCP), a POST (405), then the upgrade's
   * own checks of the {@code Host} and {@code Origin} (400) and of the cookie and key (401).
   *
   * <p>Why not over TCP: anything on the machine reaches a TCP port, a web page in any browser
   * included, and a page may send a plain POST to 127.0.0.1 without asking first (a "simple"
   * cross-origin request), where it cannot open a WebSocket without showing its Origin. The cookie
   * would be all that stands in its way. The Unix socket is the user's own (0600 in a private
   * folder): only the user's processes connect to it, and a browser cannot.
   */
  static Optional<Rejection> checkInvocation(HttpRequest request, Credentials credentials, boolean unixSocket) {
    if (!unixSocket) {
      return reject(HttpResponseStatus.FORBIDDEN, "POST " + INVOCATION_PATH
          + " is served on the daemon's Unix socket only (over TCP a web page could send it)");
    }
    if (!HttpMethod.POST.equals(request.method())) {
      return reject(HttpResponseStatus.METHOD_NOT_ALLOWED, "request : " + request.method() + " " + INVOCATION_PATH
          + " (expected: POST " + INVOCATION_PATH + ")");
    }
    Optional<Rejection> local = checkLocal(request.headers());
    return local.isPresent() ? local : checkCredentials(request.headers(), credentials);
  }

  /** A loopback {@code Host}, and a {@code localhost} {@code Origin} if any. */
  private static Optional<Rejection> checkLocal(HttpHeaders h) {
    String host = h.get(HttpHeaderNames.HOST);
    if (host == null || !isLoopbackName(hostName(host))) {
      return reject(HttpResponseStatus.BAD_REQUEST, "Host : " + host + " (expected: localhost or a loopback address)");
    }
    String origin = h.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !"localhost".equalsIgnoreCase(originHost(origin))) {
      return reject(HttpResponseStatus.BAD_REQUEST, "Origin : " + origin + " (expected: host localhost)");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> checkCredentials(HttpHeaders h, Credentials credentials) {
    if (!credentials.admit(h.get(COOKIE_HEADER), h.get(KEY_HEADER))) {
      return reject(HttpResponseStatus.UNAUTHORIZED, h.contains(COOKIE_HEADER)
          ? "x-iterm2-cookie or x-iterm2-key is wrong"
          : "x-iterm2-cookie is missing");
    }
    return Optional.empty();
  }

  /**
   * The subprotocol the connection will speak: {@link #SUBPROTOCOL} when the client offers it,
   * else {@link #TERMINAL_SUBPROTOCOL}, else {@link #REPL_SUBPROTOCOL} when offered, else {@code null}.
   */
  static String subprotocol(HttpRequest request) {
    String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (offered == null) {
      return null;
    }
    var names = Arrays.stream(offered.split(",")).map(String::trim).toList();
    return names.contains(SUBPROTOCOL) ? SUBPROTOCOL
        : names.contains(TERMINAL_SUBPROTOCOL) ? TERMINAL_SUBPROTOCOL
        : names.contains(REPL_SUBPROTOCOL) ? REPL_SUBPROTOCOL
        : null;
  }

  private static Optional<Rejection> checkLibraryVersion(String header) {
    String[] parts = header == null ? new String[0] : header.trim().split(" +");
    if (parts.length != 2 || !parts[1].matches("\\d+(\\.\\d+)*.*")) {
      return reject(HttpResponseStatus.BAD_REQUEST, LIBRARY_VERSION_HEADER + " : " + header + " (expected: <language> <version>, e.g. python 1.3)");
    }
    if (parts[0].equalsIgnoreCase("python") && compare(parts[1], OLDEST_PYTHON_LIBRARY) < 0) {
      return reject(HttpResponseStatus.NOT_ACCEPTABLE, "iTerm2 Python library " + parts[1]
          + " is too old (expected: 0.24 or later; upgrade with pip install --upgrade iterm2)");
    }
    return Optional.empty();
  }

  private static int compare(String version, int[] floor) {
    String[] numbers = version.split("[^0-9]+");
    for (int i = 0; i < floor.length; i++) {
      int n = i < numbers.length && !numbers[i].isEmpty() ? Integer.parseInt(numbers[i].length() > 9 ? "999999999" : numbers[i]) : 0;
      if (n != floor[i]) {
        return Integer.compare(n, floor[i]);
      }
    }
    return 0;
  }

  private static String hostName(String host) {
    String h = host.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.indexOf(':');
    return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
  }

  private static boolean isLoopbackName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("localhost") || n.equals("::1") || n.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static String originHost(String origin) {
    try {
      return new URI(origin.trim()).getHost();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static Optional<Rejection> reject(HttpResponseStatus status, String reason) {
    return Optional.of(new Rejection(status, reason));
  }
}
