package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.CloseRequest;
import org.polybridge.proto.CreateTabRequest;
import org.polybridge.proto.FocusRequest;
import org.polybridge.proto.GetBufferRequest;
import org.polybridge.proto.InjectRequest;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.proto.LineRange;
import org.polybridge.proto.ListSessionsRequest;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.SendTextRequest;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.ServerOriginatedRPCResultRequest;
import org.polybridge.proto.VariableRequest;

/**
 * Whatever bytes a client sends as a message, it gets an answer or its connection is closed with a
 * close code, within seconds; and the server goes on serving everybody else. A fuzz suite (about
 * 10 s): tagged slow, run by {@code ./polybridge test} and CI.
 */
@Tag("slow")
class WireFuzzProperties {
  private static Bridge bridge;
  private static Credentials credentials;
  private static ApiListener listener;
  private static ApiClient bystander;

  @BeforeContainer
  static void start() throws Exception {
    bridge = Bridge.newBuilder().build();
    credentials = Credentials.random();
    listener = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).maxFrameSize(4096).build());
    bystander = new ApiClient(WireKind.connect(listener, credentials, "bystander"), Runnable::run);
  }

  @AfterContainer
  static void stop() {
    bridge.close();
  }

  @Property(tries = 300)
  void anyBinaryMessageIsAnsweredOrClosesOnlyItsConnection(@ForAll @Size(max = 600) byte[] payload) throws Exception {
    sendAndCheck(payload);
  }

  /** Real requests of every kind the host serves, with bytes changed: most still parse, as odd requests. */
  @Property(tries = 400)
  void mutatedRequestsOfEveryKindAreAnsweredOrCloseOnlyTheirConnection(@ForAll("mutatedRequests") byte[] payload)
      throws Exception {
    sendAndCheck(payload);
  }

  @Provide
  Arbitrary<byte[]> mutatedRequests() {
    return Arbitraries.of(requests()).flatMap(request -> {
      byte[] bytes = request.toByteArray();
      Arbitrary<Integer> index = Arbitraries.integers().between(0, bytes.length - 1);
      Arbitrary<Byte> value = Arbitraries.bytes();
      // Mostly whole (changed bytes), sometimes cut short.
      Arbitrary<Integer> length = Arbitraries.frequencyOf(
          Tuple.of(3, Arbitraries.just(bytes.length)), Tuple.of(1, Arbitraries.integers().between(0, bytes.length)));
      return Combinators.combine(index.list().ofMaxSize(3), value.list().ofSize(3), length).as((at, to, keep) -> {
        byte[] changed = Arrays.copyOf(bytes, keep);
        for (int i = 0; i < at.size(); i++) {
          if (at.get(i) < keep) {
            changed[at.get(i)] = to.get(i);
          }
        }
        return changed;
      });
    });
  }

  private static List<ClientOriginatedMessage> requests() {
    return List.of(
        request(7).setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("[1 + 2, \"x\\(3)\"]")
            .setApp(InvokeFunctionRequest.App.getDefaultInstance())).build(),
        request(8).setListSessionsRequest(ListSessionsRequest.getDefaultInstance()).build(),
        request(9).setNotificationRequest(NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
            .setNotificationType(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE)).build(),
        request(10).setNotificationRequest(NotificationRequest.newBuilder().setSession("all").setSubscribe(true)
            .setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC)
            .setRpcRegistrationRequest(RPCRegistrationRequest.newBuilder().setName("fuzz")
                .addArguments(RPCRegistrationRequest.RPCArgumentSignature.newBuilder().setName("a"))
                .addDefaults(RPCRegistrationRequest.RPCArgument.newBuilder().setName("a").setPath("user.a?")))).build(),
        request(11).setServerOriginatedRpcResultRequest(ServerOriginatedRPCResultRequest.newBuilder()
            .setRequestId("rpc-1").setJsonValue("{\"x\": [1, 2]}")).build(),
        request(12).setVariableRequest(VariableRequest.newBuilder().setApp(true).addGet("pid")
            .addSet(VariableRequest.Set.newBuilder().setName("user.x").setValue("[true, null]"))).build(),
        request(13).setSendTextRequest(SendTextRequest.newBuilder().setSession("active").setText("ls\n")).build(),
        request(14).setInjectRequest(InjectRequest.newBuilder().addSessionId("all")
            .setData(ByteString.copyFromUtf8("\033]1337;Custom=id=x:y\007"))).build(),
        request(15).setGetBufferRequest(GetBufferRequest.newBuilder().setSession("active")
            .setLineRange(LineRange.newBuilder().setTrailingLines(5))).build(),
        request(16).setCreateTabRequest(CreateTabRequest.newBuilder().setWindowId("window-1").setTabIndex(3)).build(),
        request(17).setFocusRequest(FocusRequest.getDefaultInstance()).build(),
        request(18).setCloseRequest(CloseRequest.newBuilder()
            .setSessions(CloseRequest.CloseSessions.newBuilder().addSessionIds("all"))).build());
  }

  private static ClientOriginatedMessage.Builder request(long id) {
    return ClientOriginatedMessage.newBuilder().setId(id);
  }

  private static void sendAndCheck(byte[] payload) throws Exception {
    try (RawWebSocket socket = new RawWebSocket(listener.port())) {
      assertThat(socket.upgrade("GET / HTTP/1.1", RawWebSocket.goodHeaders(listener.port(), credentials)).status()).isEqualTo(101);

      socket.send(RawWebSocket.OP_BINARY, true, payload);
      RawWebSocket.Frame frame = socket.read(); // the socket gives up after 5 s: silence fails

      Statistics.collect(frame.opcode() == RawWebSocket.OP_CLOSE ? "closed" : "answered");
      if (frame.opcode() == RawWebSocket.OP_CLOSE) {
        assertThat(frame.closeCode()).as("close code, reason '%s'", frame.closeReason()).isEqualTo(1007);
      } else {
        assertThat(frame.opcode()).isEqualTo(RawWebSocket.OP_BINARY);
        assertThat(ServerOriginatedMessage.parseFrom(frame.payload()).getSubmessageCase())
            .isNotEqualTo(ServerOriginatedMessage.SubmessageCase.SUBMESSAGE_NOT_SET);
      }
    }
    assertThat(bystander.invoke("1 + 2", InvocationContext.app(), null).get(5, TimeUnit.SECONDS)).isEqualTo(3L);
  }
}
