package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.client.VariableScope;
import org.polybridge.host.Session;
import org.polybridge.testkit.RecordingSessionIo;

class ControlSequenceNotificationTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Session session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
  private final Session other = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
  private final ApiClient script = new ApiClient(bridge.connect("daemon"), Runnable::run);

  @AfterEach
  void close() {
    bridge.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void customSequenceInSessionOutputReachesSubscribersOfItsIdentity() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    script.onCustomControlSequence("all", "shared-secret", (s, payload) -> seen.add(s + " " + payload)).join();

    byte[] out = bytes("ls\r\n\033]1337;Custom=id=other-secret:nope\007\033]1337;Custom=id=shared-secret:create-window\007$ ");
    for (byte b : out) {
      session.output(new byte[] {b}, 0, 1);
    }

    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo(session.id() + " create-window");
    assertThat(seen).isEmpty();
  }

  @Test
  void subscriptionToOneSessionIgnoresTheOthers() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    BlockingQueue<String> seenEverywhere = new LinkedBlockingQueue<>();
    script.onCustomControlSequence(session.id(), "id1", (s, payload) -> seen.add(payload)).join();
    new ApiClient(bridge.connect("everywhere"), Runnable::run)
        .onCustomControlSequence("all", "id1", (s, payload) -> seenEverywhere.add(payload)).join();

    byte[] fromOther = bytes("\033]1337;Custom=id=id1:from-other\033\\");
    other.output(fromOther, 0, fromOther.length);
    // The sentinel comes after: had the filter let the other session's sequence through, it would
    // have arrived first (notifications keep their order).
    session.inject(bytes("\033]1337;Custom=id=id1:a:b=c\033\\"));

    assertThat(seenEverywhere.poll(5, TimeUnit.SECONDS)).as("the other session's sequence is complete and valid").isEqualTo("from-other");
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("a:b=c");
    assertThat(seen).isEmpty();
  }

  @Test
  void setUserVarReachesVariablesAndReferenceDefaults() throws Exception {
    bridge.register(new RpcDefinition("branch", List.of("b"), Map.of("b", "user.branch?"), null), a -> a.get("b"));
    InvocationContext here = InvocationContext.session(session.id());
    assertThat(bridge.invoke("branch()", here, null).get(5, TimeUnit.SECONDS)).isNull();

    String encoded = Base64.getEncoder().encodeToString(bytes("main"));
    session.inject(bytes("\033]1337;SetUserVar=branch=" + encoded + "\007"));

    assertThat(session.variables().get("user.branch")).contains("main");
    assertThat(bridge.invoke("branch()", here, null).get(5, TimeUnit.SECONDS)).isEqualTo("main");
  }

  @Test
  void whereTheShellSaysItIsBecomesPathUsernameAndHostnameAndMonitorsHearIt() throws Exception {
    BlockingQueue<Object> paths = new LinkedBlockingQueue<>();
    script.onVariableChange(VariableScope.SESSION, session.id(), "path", paths::add).get(5, TimeUnit.SECONDS);

    for (String shell : List.of("\033]1337;RemoteHost=me@box\007$ cd src\r\n\033]1337;CurrentDir=/home/me/src\007$ ",
        "\033]7;file://box/home/me/my%20notes\033\\")) {
      byte[] out = bytes(shell);
      session.output(out, 0, out.length);
    }

    assertThat(paths.poll(5, TimeUnit.SECONDS)).isEqualTo("/home/me/src");
    assertThat(paths.poll(5, TimeUnit.SECONDS)).isEqualTo("/home/me/my notes");
    assertThat(bridge.invoke("path", InvocationContext.session(session.id()), null).get(5, TimeUnit.SECONDS))
        .isEqualTo("/home/me/my notes");
    assertThat(bridge.invoke("\"\\(username)@\\(hostname)\"", InvocationContext.session(session.id()), null)
        .get(5, TimeUnit.SECONDS)).isEqualTo("me@box");
  }
}
