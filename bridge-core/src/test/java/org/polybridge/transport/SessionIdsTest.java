package org.polybridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
  @Test
  void aNewSessionIdIsAnUpperCaseRandomUuidOfVersionFourAndTheIetfVariant() {
    String id = TerminalLink.newSessionId();

    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(4);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(id).isEqualTo(uuid.toString().toUpperCase(java.util.Locale.ROOT)).hasSize(36);
  }

  @Test
  void tenThousandSessionIdsAreAllDifferent() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(TerminalLink.newSessionId());
    }

    assertThat(ids).hasSize(10_000);
  }
}
