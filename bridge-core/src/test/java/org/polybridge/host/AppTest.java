package org.polybridge.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.polybridge.testkit.RecordingSessionIo;

class AppTest {
  private final App app = new App();

  @Test
  void aWindowAndItsTabJoinTheAppWithTheirFirstSession() {
    Window window = app.newWindow();
    Tab tab = window.newTab();

    assertThat(app.windows()).isEmpty();
    assertThat(window.tabs()).isEmpty();

    Session session = RecordingSessionIo.openIn(tab);

    assertThat(app.windows()).containsExactly(window);
    assertThat(window.tabs()).containsExactly(tab);
    assertThat(tab.sessions()).containsExactly(session);
  }

  @Test
  void listenersHearOfANewSessionWithItsVariablesAlreadySet() {
    List<Object> heard = new CopyOnWriteArrayList<>();
    app.addListener(new App.Listener() {
      @Override
      public void sessionCreated(Session session) {
        heard.add(session.variables().get("name").orElse(null));
        heard.add(app.windows().size());
      }
    });

    app.newWindow().newTab().newSession(new RecordingSessionIo(), Map.of("name", "build", "path", "/src"));

    assertThat(heard).containsExactly("build", 1);
  }

  @Test
  void aWindowGoesWithItsLastSession() {
    Session first = RecordingSessionIo.openIn(app.newWindow().newTab());
    Window window = first.tab().window();
    Session second = RecordingSessionIo.openIn(window.newTab());

    first.terminate();
    assertThat(app.windows()).containsExactly(window);
    assertThat(window.tabs()).containsExactly(second.tab());

    second.terminate();
    assertThat(app.windows()).isEmpty();
  }

  @Test
  void aSessionTakesTheIdItsCreatorChoseAndNoOtherTakesTheIdOfALiveOne() {
    String id = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0";
    Session session = app.newWindow().newTab().newSession(new RecordingSessionIo(), Map.of(), id);

    assertThat(session.id()).isEqualTo(id);
    assertThat(session.variables().get("id")).hasValue(id);
    assertThat(app.session(id)).containsSame(session);
    assertThatThrownBy(() -> app.newWindow().newTab().newSession(new RecordingSessionIo(), Map.of(), id))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no live session's id");
    assertThatThrownBy(() -> app.newWindow().newTab().newSession(new RecordingSessionIo(), Map.of(), id.toLowerCase(java.util.Locale.ROOT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an upper-case UUID");
    assertThat(app.sessions()).containsExactly(session);
    assertThat(app.windows()).as("the refused sessions' windows never joined the app").hasSize(1);
  }
}
