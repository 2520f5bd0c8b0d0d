package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.host.Session;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.GetBufferRequest;
import org.polybridge.proto.GetBufferResponse;
import org.polybridge.proto.LineContents;
import org.polybridge.proto.LineRange;
import org.polybridge.testkit.RecordingSessionIo;

class GetBufferTest {
  private final Bridge bridge = Bridge.newBuilder().build();
  private final Session session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
  private final ExchangeConnection connection = (ExchangeConnection) bridge.connect("reader");

  @AfterEach
  void close() {
    bridge.close();
  }

  private GetBufferResponse buffer(String sessionId, LineRange.Builder range) {
    return connection.request(ClientOriginatedMessage.newBuilder().setGetBufferRequest(
        GetBufferRequest.newBuilder().setSession(sessionId).setLineRange(range))).join().getGetBufferResponse();
  }

  @Test
  void trailingLinesComeFromTheHostsTextOldestFirst() {
    session.inject("one\r\ntwo\r\nthree".getBytes(StandardCharsets.UTF_8));

    GetBufferResponse response = buffer(session.id(), LineRange.newBuilder().setTrailingLines(2));

    assertThat(response.getStatus()).isEqualTo(GetBufferResponse.Status.OK);
    assertThat(response.getContentsList()).extracting(LineContents::getText).containsExactly("two", "three");
    assertThat(response.getCursor().getX()).isEqualTo(5);
    assertThat(response.getCursor().getY()).isEqualTo(2);
  }

  @Test
  void unknownSessionAndUnsupportedRangesHaveTheirStatus() {
    assertThat(buffer("nope", LineRange.newBuilder().setTrailingLines(1)).getStatus())
        .isEqualTo(GetBufferResponse.Status.SESSION_NOT_FOUND);
    assertThat(buffer(session.id(), LineRange.newBuilder()).getStatus())
        .isEqualTo(GetBufferResponse.Status.INVALID_LINE_RANGE);
  }
}
