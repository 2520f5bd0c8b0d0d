package org.polybridge.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polybridge.proto.ClientOriginatedMessage;

class ProtoValuesTest {
  @Test
  void theWarmUpConvertsOnlyMessagesTheSchemaHas() {
    assertThatCode(ProtoValues::warmUp).doesNotThrowAnyException();
  }

  @Test
  void aRequestConvertedAfterTheWarmUpIsTheSameMapAgain() {
    ProtoValues.warmUp();

    Map<String, Object> request = Map.of("list_sessions_request", Map.of());

    assertThat(ProtoValues.toValue(ProtoValues.fill(ClientOriginatedMessage.newBuilder(), request).build())).isEqualTo(request);
  }
}
