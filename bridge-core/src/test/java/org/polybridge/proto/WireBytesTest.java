package org.polybridge.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of the messages that carry the mission, worked out by hand from the field
 * numbers of PROTOCOL.md: if a number or a type drifts, these bytes change and existing clients
 * would misread us. (ProtocolSchemaTest pins the schema; this pins its encoding.)
 */
class WireBytesTest {
  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  private static String hexOf(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void rpcRegistrationRequestEncodesToTheWireBytes() throws Exception {
    ClientOriginatedMessage message = ClientOriginatedMessage.newBuilder()
        .setId(1)
        .setNotificationRequest(NotificationRequest.newBuilder()
            .setSession("all")
            .setSubscribe(true)
            .setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC)
            .setRpcRegistrationRequest(RPCRegistrationRequest.newBuilder()
                .setName("add")
                .addArguments(RPCRegistrationRequest.RPCArgumentSignature.newBuilder().setName("a"))
                .addArguments(RPCRegistrationRequest.RPCArgumentSignature.newBuilder().setName("b"))
                .setTimeout(2.5f)))
        .build();

    byte[] expected = hex(
        "08 01"                      // id = 1 (field 1, varint)
        + " ba 06 1f"                // notification_request: field 103, LEN -> tag 826 = varint ba 06; 31 bytes
        + " 0a 03 " + hexOf("all")   //   session (1, LEN) "all"
        + " 10 01"                   //   subscribe (2, varint) true
        + " 18 0a"                   //   notification_type (3, varint) SERVER_ORIGINATED_RPC = 10
        + " 22 14"                   //   rpc_registration_request (4, LEN) 20 bytes
        + " 0a 03 " + hexOf("add")   //     name (1, LEN)
        + " 12 03 0a 01 61"          //     arguments (2, LEN) { name (1) "a" }
        + " 12 03 0a 01 62"          //     arguments (2, LEN) { name (1) "b" }
        + " 1d 00 00 20 40");        //     timeout (3, fixed32 float) 2.5 little-endian

    assertThat(message.toByteArray()).containsExactly(expected);
    assertThat(ClientOriginatedMessage.parseFrom(expected)).isEqualTo(message);
  }

  @Test
  void invokeFunctionRequestInASessionWithATimeoutEncodesToTheWireBytes() throws Exception {
    ClientOriginatedMessage message = ClientOriginatedMessage.newBuilder()
        .setId(2)
        .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder()
            .setSession(InvokeFunctionRequest.Session.newBuilder().setSessionId("s1"))
            .setInvocation("add(a: 1, b: 2)")
            .setTimeout(1.5))
        .build();

    byte[] expected = hex(
        "08 02"                                   // id = 2
        + " a2 08 20"                             // invoke_function_request: field 132, LEN -> tag 1058 = a2 08; 32 bytes
        + " 12 04 0a 02 " + hexOf("s1")           //   session (2, LEN) { session_id (1) "s1" }
        + " 2a 0f " + hexOf("add(a: 1, b: 2)")    //   invocation (5, LEN)
        + " 31 00 00 00 00 00 00 f8 3f");         //   timeout (6, fixed64 double) 1.5 little-endian

    assertThat(message.toByteArray()).containsExactly(expected);
    assertThat(ClientOriginatedMessage.parseFrom(expected)).isEqualTo(message);
  }

  @Test
  void customEscapeSequenceNotificationEncodesToTheWireBytes() throws Exception {
    ServerOriginatedMessage message = ServerOriginatedMessage.newBuilder()
        .setNotification(Notification.newBuilder()
            .setCustomEscapeSequenceNotification(CustomEscapeSequenceNotification.newBuilder()
                .setSession("s1")
                .setSenderIdentity("me")
                .setPayload("p:q")))
        .build();

    byte[] expected = hex(
        "c2 3e 0f"                      // notification: field 1000, LEN -> tag 8002 = varint c2 3e; 15 bytes; no id
        + " 2a 0d"                      //   custom_escape_sequence_notification (5, LEN) 13 bytes
        + " 0a 02 " + hexOf("s1")       //     session (1)
        + " 12 02 " + hexOf("me")       //     sender_identity (2)
        + " 1a 03 " + hexOf("p:q"));    //     payload (3)

    assertThat(message.toByteArray()).containsExactly(expected);
    assertThat(ServerOriginatedMessage.parseFrom(expected)).isEqualTo(message);
  }

  @Test
  void serverOriginatedRpcNotificationEncodesToTheWireBytes() throws Exception {
    ServerOriginatedMessage message = ServerOriginatedMessage.newBuilder()
        .setNotification(Notification.newBuilder()
            .setServerOriginatedRpcNotification(ServerOriginatedRPCNotification.newBuilder()
                .setRequestId("rpc-1")
                .setRpc(ServerOriginatedRPC.newBuilder()
                    .setName("add")
                    .addArguments(ServerOriginatedRPC.RPCArgument.newBuilder().setName("a").setJsonValue("1")))))
        .build();

    byte[] expected = hex(
        "c2 3e 18"                        // notification (1000, LEN) 24 bytes
        + " 52 16"                        //   server_originated_rpc_notification (10, LEN) 22 bytes
        + " 0a 05 " + hexOf("rpc-1")      //     request_id (1)
        + " 12 0d"                        //     rpc (2, LEN) 13 bytes
        + " 12 03 " + hexOf("add")        //       name (2) -- there is no field 1
        + " 1a 06 0a 01 61 12 01 31");    //       arguments (3) { name (1) "a", json_value (2) "1" }

    assertThat(message.toByteArray()).containsExactly(expected);
  }
}
