package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polybridge.testkit.Eventually.eventually;

import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;

/**
 * A client of polybridge's extensions ({@code pty.polybridge.org}, {@code repl.polybridge.org})
 * that sends what the extension does not allow is closed with 1008 (policy violation) and the
 * reason, over a real Unix socket (docs/PROTOCOL.md); its session ends, and every other connection
 * is served on. Reads on the raw socket have no timeout of their own: each test has one.
 */
@Timeout(60)
class ExtensionViolationTest {
  private static final int POLICY_VIOLATION = 1008;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  @TempDir Path folder;
  private Path socket;

  @BeforeEach
  void listen() {
    socket = folder.resolve("private").resolve("socket");
    ApiListener.unixSocket(bridge, socket, ApiListener.Options.newBuilder().credentials(credentials).build());
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  /** A frame a misbehaving client sends: text, or binary when {@code binary}. */
  record Sent(boolean binary, String payload) {
    static Sent text(String json) {
      return new Sent(false, json);
    }

    static Sent bytes(String output) {
      return new Sent(true, output);
    }

    void sendOn(RawWebSocket socket) throws Exception {
      socket.send(binary ? RawWebSocket.OP_BINARY : RawWebSocket.OP_TEXT, true, payload.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What breaks the rule, and the reason the close frame must carry. */
  record Violation(String rule, List<Sent> frames, String reason) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Violation> terminalViolations() {
    return Stream.of(
        new Violation("output before hello", List.of(Sent.bytes("ls\n")),
            "output before hello (expected: {\"hello\": {…}} first)"),
        new Violation("resize before hello", List.of(Sent.text("{\"resize\": {\"columns\": 100, \"rows\": 40}}")),
            "resize before hello (expected: {\"hello\": {…}} first)"),
        new Violation("text that is not JSON", List.of(Sent.text("{\"hello\": ")),
            "a text frame is not valid JSON: {\"hello\":  (it ends before the value does"),
        new Violation("text that is JSON but not an object", List.of(Sent.text("[\"hello\"]")),
            "message : [\"hello\"] (expected: a JSON object)"),
        new Violation("a size below 1", List.of(Sent.text("{\"hello\": {\"columns\": 0}}")),
            "columns : 0 (expected: an integer from 1 to 10000)"),
        new Violation("a size above 10000", List.of(Sent.text("{\"hello\": {\"rows\": 10001}}")),
            "rows : 10001 (expected: an integer from 1 to 10000)"),
        new Violation("a session id that is not an upper-case UUID", List.of(Sent.text("{\"hello\": {\"session\": \"w0t0p0\"}}")),
            "session : \"w0t0p0\" (expected: a new upper-case UUID)"),
        new Violation("a second hello", List.of(Sent.text("{\"hello\": {}}"), Sent.text("{\"hello\": {}}")),
            "hello : a second hello (expected: once, first)"),
        new Violation("a resize out of bounds in a session", List.of(Sent.text("{\"hello\": {}}"),
            Sent.text("{\"resize\": {\"columns\": 80, \"rows\": -1}}")), "rows : -1 (expected: an integer from 1 to 10000)"));
  }

  private RawWebSocket upgraded(String subprotocol) throws Exception {
    RawWebSocket raw = new RawWebSocket(socket);
    Map<String, String> headers = RawWebSocket.goodHeaders(0, credentials);
    headers.put("Sec-WebSocket-Protocol", subprotocol);
    RawWebSocket.Response response = raw.upgrade("GET / HTTP/1.1", headers);
    assertThat(response.status()).as(response.statusLine()).isEqualTo(101);
    assertThat(response.headers()).containsEntry("sec-websocket-protocol", subprotocol);
    return raw;
  }

  /** Reads frames up to the close frame (a session's own messages may come first) and asserts its code and reason. */
  private static void assertClosedFor(RawWebSocket raw, String reason) throws Exception {
    RawWebSocket.Frame frame = raw.read();
    while (frame.opcode() != RawWebSocket.OP_CLOSE) {
      frame = raw.read();
    }
    assertThat(frame.closeCode()).as("close code, reason '%s'", frame.closeReason()).isEqualTo(POLICY_VIOLATION);
    assertThat(frame.closeReason()).startsWith(reason);
    assertThat(raw.closedByServer()).as("the server closes the socket after its close frame").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("terminalViolations")
  void aTerminalThatBreaksTheExtensionsRulesIsClosedWith1008AndTheReason(Violation violation) throws Exception {
    try (RawWebSocket raw = upgraded("pty.polybridge.org")) {
      for (Sent frame : violation.frames()) {
        frame.sendOn(raw);
      }

      assertClosedFor(raw, violation.reason());
    }
    eventually(() -> assertThat(bridge.app().sessions()).as("the violator's session ends with its connection").isEmpty());
  }

  @Test
  void anotherTerminalAndAnApiClientAreServedOnAfterAViolation() throws Exception {
    ApiClient api = new ApiClient(bridge.connect("bystander script"), Executors.newVirtualThreadPerTaskExecutor());
    TerminalLink bystander = Connections.attachTerminal(UnixDomainSocketAddress.of(socket), credentials, "bystander",
        new TerminalLink.Listener() {
          @Override
          public void display(byte[] bytes) {}

          @Override
          public void type(String text) {}

          @Override
          public void close() {}
        }).get(10, TimeUnit.SECONDS);
    String session = bystander.hello("sh", 80, 24, "/tmp").get(10, TimeUnit.SECONDS);

    try (RawWebSocket raw = upgraded("pty.polybridge.org")) {
      Sent.text("{\"hello\": {}}").sendOn(raw);
      Sent.text("{\"hello\": {}}").sendOn(raw);
      assertClosedFor(raw, "hello : a second hello");
    }

    bystander.job("vim");
    eventually(() -> assertThat(bridge.app().session(session).orElseThrow().variables().get("jobName")).hasValue("vim"));
    eventually(() -> assertThat(bridge.app().sessions()).as("the bystander's alone, once the violator's has ended").hasSize(1));
    assertThat(bystander.closeFuture()).isNotDone();
    ApiClient wire = new ApiClient(WireKind.connect(ApiListener.unixSocket(bridge, folder.resolve("second").resolve("socket"),
        ApiListener.Options.newBuilder().credentials(credentials).build()), credentials, "wire bystander"), Runnable::run);
    assertThat(wire.invoke("1 + 2", InvocationContext.app(), null).get(5, TimeUnit.SECONDS)).isEqualTo(3L);
    assertThat(api.invoke("user.gone? == null", InvocationContext.app(), null).get(5, TimeUnit.SECONDS)).isEqualTo(true);
    bystander.close();
  }

  @Test
  void aReasonLongerThanACloseFrameHoldsIsCutTo123Bytes() throws Exception {
    String cwd = "é".repeat(200);
    try (RawWebSocket raw = upgraded("pty.polybridge.org")) {
      Sent.text("{\"hello\": {\"cwd\": [\"" + cwd + "\"]}}").sendOn(raw);

      RawWebSocket.Frame frame = raw.read();
      assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_CLOSE);
      assertThat(frame.closeCode()).isEqualTo(POLICY_VIOLATION);
      assertThat(frame.payload().length - 2).as("bytes of the reason").isLessThanOrEqualTo(123);
      assertThat(frame.closeReason()).startsWith("cwd : [\"éé").endsWith("…");
    }
  }

  static Stream<Violation> replViolations() {
    return Stream.of(
        new Violation("a binary frame", List.of(Sent.bytes("1 + 1")), "BinaryWebSocketFrame (expected: text frames)"),
        new Violation("text that is not JSON", List.of(Sent.text("1 +")), "not valid JSON: 1 + ("),
        new Violation("text that is JSON but not an object", List.of(Sent.text("42")), "message : 42 (expected: a JSON object)"),
        new Violation("evaluate before hello", List.of(Sent.text("{\"evaluate\": {\"id\": 1, \"input\": \"1\"}}")),
            "evaluate before the REPL is ready (expected: hello, then its ready answer)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("replViolations")
  void aReplClientThatBreaksTheExtensionsRulesIsClosedWith1008AndTheReason(Violation violation) throws Exception {
    try (RawWebSocket raw = upgraded("repl.polybridge.org")) {
      for (Sent frame : violation.frames()) {
        frame.sendOn(raw);
      }

      assertClosedFor(raw, violation.reason());
    }
  }
}
