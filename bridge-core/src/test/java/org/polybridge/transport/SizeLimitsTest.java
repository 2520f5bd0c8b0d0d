package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.polybridge.Bridge;
import org.polybridge.BridgeException;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Variables;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.VariableRequest;

/**
 * Nothing a client sends can make the host hold or build more than the limits (docs/INVOCATIONS.md):
 * a variable's value (1 MiB of JSON), an answer or a string an invocation builds (16 MiB), a message
 * (the listener's limit). Past a limit the caller gets an error that says which, over a real socket,
 * and is served on.
 */
class SizeLimitsTest {
  private static final int MIB = 1 << 20;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final Credentials credentials = Credentials.random();
  private final ApiListener listener = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).build());
  private ApiClient client;

  @BeforeEach
  void connect() throws Exception {
    client = new ApiClient(Connections.tcp(listener.port(), credentials, "size test").get(10, TimeUnit.SECONDS), Runnable::run);
  }

  @AfterEach
  void close() {
    bridge.close();
  }

  private Object invoke(String invocation) throws Exception {
    try {
      return client.invoke(invocation, InvocationContext.app(), null).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void aVariableDoubledPastItsLimitIsRefusedAndKeepsItsValue() throws Exception {
    invoke("iterm2.set_variable(name: \"user.a0\", value: \"" + "x".repeat(256 * 1024) + "\")");
    invoke("iterm2.set_variable(name: \"user.a1\", value: user.a0 + user.a0)");
    invoke("iterm2.set_variable(name: \"user.a2\", value: \"small\")");

    assertThatThrownBy(() -> invoke("iterm2.set_variable(name: \"user.a2\", value: user.a1 + user.a1)"))
        .isInstanceOf(InvocationException.class)
        .hasMessage("In call to iterm2.set_variable: value of user.a2 : more than 1048576 characters of JSON (expected: at most 1 MiB)");
    assertThat(invoke("user.a2")).isEqualTo("small");
    assertThat(invoke("1 + 1")).isEqualTo(2L);
  }

  @Test
  void aVariableSetOverTheWirePastItsLimitIsAnsweredWithAnError() throws Exception {
    ServerOriginatedMessage answer = ((ExchangeConnection) client.connection()).request(ClientOriginatedMessage.newBuilder().setVariableRequest(
        VariableRequest.newBuilder().setApp(true).addSet(VariableRequest.Set.newBuilder()
            .setName("user.big").setValue("\"" + "x".repeat(MIB) + "\""))))
        .get(10, TimeUnit.SECONDS);

    assertThat(answer.getError()).isEqualTo("value of user.big : more than 1048576 characters of JSON (expected: at most 1 MiB)");
    assertThat(bridge.app().variables().get("user.big")).isEmpty();
  }

  @Test
  void theUserVariablesOfOneContextTogetherAreBounded() {
    Variables app = bridge.app().variables();
    String value = "x".repeat(MIB - 2);
    for (int i = 0; i < Variables.MAX_USER_TOTAL_LENGTH / MIB; i++) {
      app.set("user.v" + i, value);
    }

    assertThatThrownBy(() -> app.set("user.one_more", value))
        .hasMessageStartingWith("value of user.one_more : the user. variables of this context would hold");
    app.set("user.v0", null);
    app.set("user.one_more", value);
  }

  @Test
  void stringsThatAnInvocationJoinsPastTheAnswerLimitAreRefusedBeforeTheyAreBuilt() throws Exception {
    bridge.app().variables().set("user.mib", "x".repeat(MIB - 2));
    String seventeen = String.join(" + ", java.util.Collections.nCopies(17, "user.mib"));

    assertThatThrownBy(() -> invoke(seventeen))
        .hasMessageStartingWith("the result of '+' would be 17825758 characters (expected: at most 16777216, 16 MiB)");
    assertThatThrownBy(() -> invoke("\"" + "\\(user.mib)".repeat(17) + "\""))
        .hasMessageStartingWith("the interpolated string at column 1 would be more than 16777216 characters");
  }

  @Test
  void aResultOfAGigabyteIsAnErrorToItsCallerNotASilence() throws Exception {
    bridge.app().variables().set("user.mib", "x".repeat(MIB - 2));
    String gigabyte = "[" + String.join(", ", java.util.Collections.nCopies(1024, "user.mib")) + "]";

    assertThatThrownBy(() -> invoke(gigabyte))
        .isInstanceOf(InvocationException.class)
        .hasMessage("the result is more than 16777216 characters of JSON (expected: at most 16 MiB, the most one answer carries)");
    assertThat(invoke("1 + 1")).isEqualTo(2L);
  }

  @Test
  void argumentsOfAGigabyteFailTheCallNotTheHost() throws Exception {
    bridge.register(RpcDefinition.of("count", "items"), a -> ((List<?>) a.get("items")).size());
    bridge.app().variables().set("user.mib", "x".repeat(MIB - 2));
    String gigabyte = "[" + String.join(", ", java.util.Collections.nCopies(1024, "user.mib")) + "]";

    assertThatThrownBy(() -> invoke("count(items: " + gigabyte + ")"))
        .hasMessage("In call to count: the arguments of count(items) are more than 16777216 characters of JSON"
            + " (expected: at most 16 MiB in all)");
    assertThat(invoke("count(items: [1, 2])")).isEqualTo(2L);
  }

  @Test
  void anAnswerPastTheListenersMessageLimitReachesItsCallerAsAnError() throws Exception {
    ApiListener small = ApiListener.tcp(bridge, 0, ApiListener.Options.newBuilder().credentials(credentials).maxFrameSize(64 * 1024).build());
    ApiClient narrow = new ApiClient(Connections.tcp(small.port(), credentials, "narrow").get(10, TimeUnit.SECONDS), Runnable::run);
    bridge.app().variables().set("user.big", "é".repeat(40 * 1024)); // 80 KiB of UTF-8

    assertThatThrownBy(() -> narrow.invoke("user.big", InvocationContext.app(), null).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(BridgeException.class)
        .hasMessageStartingWith("the answer is 819")
        .hasMessageEndingWith(" bytes (expected: at most 65536, the message limit)");
    assertThat(narrow.invoke("1 + 1", InvocationContext.app(), null).get(10, TimeUnit.SECONDS)).isEqualTo(2L);
  }
}
