package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.json.Json;
import org.polybridge.testkit.RecordingSessionIo;

/**
 * Profiles, presets, activation, splits, tab order and variable monitors of every session, as a
 * client sends them: requests built by field name ({@link ApiClient#request(Map)}), as the guest libraries
 * build them.
 */
class ProfileAndLayoutRequestsTest {
  private final Host host = new Host() {
    @Override
    public CompletableFuture<Session> createTab(org.polybridge.host.App app, org.polybridge.host.Window window, String profile) {
      return CompletableFuture.completedFuture(RecordingSessionIo.openIn((window != null ? window : app.newWindow()).newTab()));
    }

    @Override
    public CompletableFuture<Session> splitPane(org.polybridge.host.App app, Session session, boolean vertical, boolean before, String profile) {
      RecordingSessionIo io = new RecordingSessionIo();
      return CompletableFuture.completedFuture(io.split(session, before));
    }
  };
  private final Bridge bridge = Bridge.newBuilder().host(host).build();
  private final ApiClient client = new ApiClient(bridge.connect("profiles"), Runnable::run);

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void aColourChangeReachesTheSessionsTerminalAndIsReportedBack() throws Exception {
    Session session = open();

    Map<String, Object> answer = request(Map.of("set_profile_property_request", Map.of("session", session.id(),
        "assignments", List.of(
            Map.of("key", "Background Color", "json_value", "{\"Red Component\": 0, \"Green Component\": 0.5, \"Blue Component\": 1}"),
            Map.of("key", "Ansi 1 Color", "json_value", "{\"Red Component\": 1, \"Green Component\": 0, \"Blue Component\": 0}"),
            Map.of("key", "Normal Font", "json_value", "\"Menlo 14\"")))));

    assertThat(answer).containsKey("set_profile_property_response");
    assertThat(displayed(session)).isEqualTo("\033]11;rgb:0000/8000/ffff\007\033]4;1;rgb:ffff/0000/0000\007");
    Map<String, Object> profile = request(Map.of("get_profile_property_request", Map.of("session", session.id(), "keys", List.of("Normal Font"))));
    assertThat(Json.write(profile)).isEqualTo("{\"get_profile_property_response\":{\"status\":\"OK\",\"properties\":"
        + "[{\"key\":\"Normal Font\",\"json_value\":\"\\\"Menlo 14\\\"\"}]}}");
    assertThat(bridge.app().profiles().defaultProfile().get("Normal Font")).contains("Monaco 12");
  }

  @Test
  void coloursAndNumbersWrittenAsWholeNumbersAreKeptAsEveryLanguageReadsThem() throws Exception {
    Session session = open();

    // JavaScript's JSON writes 1.0 as 1; Python's writes 1.0.
    request(Map.of("set_profile_property_request", Map.of("session", session.id(), "assignments", List.of(
        Map.of("key", "Foreground Color", "json_value", "{\"Red Component\": 1, \"Green Component\": 0, \"Blue Component\": 0.5, \"Color Space\": \"sRGB\"}"),
        Map.of("key", "Blend", "json_value", "1")))));

    assertThat(session.profile().get("Foreground Color").orElseThrow()).isEqualTo(Map.of(
        "Red Component", 1.0, "Green Component", 0.0, "Blue Component", 0.5, "Color Space", "sRGB"));
    assertThat(session.profile().get("Blend").orElseThrow()).isEqualTo(1.0);
  }

  @Test
  void aMalformedValueIsRefusedNamingTheKeyTheValueAndTheRule() throws Exception {
    Session session = open();

    assertThatThrownBy(() -> request(Map.of("set_profile_property_request", Map.of("session", session.id(),
        "assignments", List.of(Map.of("key", "Use Tab Color", "json_value", "\"yes\"")))))).hasRootCauseMessage(
            "profile property Use Tab Color : \"yes\" (expected: true or false)");
    assertThatThrownBy(() -> request(Map.of("set_profile_property_request", Map.of("session", session.id(),
        "assignments", List.of(Map.of("key", "Tab Color", "json_value", "{\"Red Component\": 2}")))))).hasRootCauseMessage(
            "profile property Tab Color : {\"Red Component\":2} (expected: a colour: {\"Red Component\": r, \"Green Component\": g,"
                + " \"Blue Component\": b} with each from 0 to 1)");
    assertThat(displayed(session)).isEmpty();
    assertThat(request(Map.of("set_profile_property_request", Map.of("session", "NO-SUCH",
        "assignments", List.of(Map.of("key", "Blend", "json_value", "0.5"))))))
        .isEqualTo(Map.of("set_profile_property_response", Map.of("status", "SESSION_NOT_FOUND")));
  }

  @Test
  void tabColourIsShownOnlyWhileItIsInUse() throws Exception {
    Session session = open();
    String red = "{\"Red Component\": 1, \"Green Component\": 0, \"Blue Component\": 0}";

    request(Map.of("set_profile_property_request", Map.of("session", session.id(), "assignments", List.of(
        Map.of("key", "Tab Color", "json_value", red), Map.of("key", "Use Tab Color", "json_value", "true")))));
    request(Map.of("set_profile_property_request", Map.of("session", session.id(), "assignments", List.of(
        Map.of("key", "Use Tab Color", "json_value", "false")))));

    assertThat(displayed(session)).isEqualTo("\033]6;1;bg;red;brightness;255\007\033]6;1;bg;green;brightness;0\007"
        + "\033]6;1;bg;blue;brightness;0\007\033]6;1;bg;*;default\007");
  }

  @Test
  void presetsAreListedAndAChangeToANamedProfileReachesItsSessions() throws Exception {
    Session session = open();
    Map<?, ?> list = (Map<?, ?>) request(Map.of("color_preset_request", Map.of("list_presets", Map.of()))).get("color_preset_response");
    assertThat((List<Object>) ((Map<?, ?>) list.get("list_presets")).get("name")).contains("Dark Background", "Light Background", "Solarized Dark");
    Map<?, ?> preset = (Map<?, ?>) request(Map.of("color_preset_request", Map.of("get_preset", Map.of("name", "Solarized Dark"))))
        .get("color_preset_response");
    assertThat(((List<?>) ((Map<?, ?>) preset.get("get_preset")).get("color_settings"))).hasSize(24);
    assertThat(request(Map.of("color_preset_request", Map.of("get_preset", Map.of("name", "Nope")))))
        .isEqualTo(Map.of("color_preset_response", Map.of("status", "PRESET_NOT_FOUND")));

    request(Map.of("set_profile_property_request", Map.of("guid_list", Map.of("guids", List.of(bridge.app().profiles().defaultProfile().guid())),
        "assignments", List.of(Map.of("key", "Foreground Color", "json_value", "{\"Red Component\": 1, \"Green Component\": 1, \"Blue Component\": 1}")))));

    assertThat(displayed(session)).isEqualTo("\033]10;rgb:ffff/ffff/ffff\007");
    assertThat(request(Map.of("set_profile_property_request", Map.of("guid_list", Map.of("guids", List.of("NO-SUCH-GUID")),
        "assignments", List.of(Map.of("key", "Blend", "json_value", "0.5"))))))
        .isEqualTo(Map.of("set_profile_property_response", Map.of("status", "BAD_GUID")));
  }

  @Test
  void aNewTabWithAProfileThatDoesNotExistIsRefused() throws Exception {
    assertThat(request(Map.of("create_tab_request", Map.of("profile_name", "No Such Profile"))))
        .isEqualTo(Map.of("create_tab_response", Map.of("status", "INVALID_PROFILE_NAME")));
    assertThat(bridge.app().windows()).isEmpty();
  }

  @Test
  void activatingASessionNotifiesTheFocusChangesAndSplittingAddsASessionBesideIt() throws Exception {
    Session first = open();
    Session second = open();
    List<Map<String, Object>> focus = new CopyOnWriteArrayList<>();
    client.subscribe(Map.of("session", "all", "notification_type", "NOTIFY_ON_FOCUS_CHANGE"), focus::add).get(5, TimeUnit.SECONDS);

    request(Map.of("activate_request", Map.of("session_id", first.id(), "select_tab", true, "select_session", true)));

    assertThat(focus).extracting(n -> Json.write(n.get("focus_changed_notification"))).containsExactly(
        "{\"window\":{\"window_status\":\"TERMINAL_WINDOW_BECAME_KEY\",\"window_id\":\"" + first.tab().window().id() + "\"}}",
        "{\"selected_tab\":\"" + first.tab().id() + "\"}",
        "{\"session\":\"" + first.id() + "\"}");
    assertThat(request(Map.of("activate_request", Map.of("tab_id", "999"))))
        .isEqualTo(Map.of("activate_response", Map.of("status", "BAD_IDENTIFIER")));

    Map<?, ?> split = (Map<?, ?>) request(Map.of("split_pane_request", Map.of("session", second.id(), "before", true)))
        .get("split_pane_response");
    Session created = bridge.app().session((String) ((List<?>) split.get("session_id")).get(0)).orElseThrow();
    assertThat(second.tab().sessions()).containsExactly(created, second);
    assertThat(bridge.app().activeSession()).contains(created);
  }

  @Test
  void setTabsMovesTabsBetweenWindowsAndLeftOutTabsGetWindowsOfTheirOwn() throws Exception {
    Session a = open();
    Session b = open();
    Session c = RecordingSessionIo.openIn(b.tab().window().newTab());
    String w2 = b.tab().window().id();

    request(Map.of("reorder_tabs_request", Map.of("assignments", List.of(
        Map.of("window_id", w2, "tab_ids", List.of(c.tab().id(), a.tab().id()))))));

    assertThat(bridge.app().window(w2).orElseThrow().tabs()).containsExactly(c.tab(), a.tab());
    assertThat(a.tab().window().id()).isEqualTo(w2);
    assertThat(b.tab().window().tabs()).containsExactly(b.tab());
    assertThat(bridge.app().windows()).hasSize(2);
    assertThat(request(Map.of("reorder_tabs_request", Map.of("assignments", List.of(
        Map.of("window_id", w2, "tab_ids", List.of(c.tab().id(), c.tab().id())))))))
        .isEqualTo(Map.of("reorder_tabs_response", Map.of("status", "INVALID_ASSIGNMENT")));
  }

  @Test
  void aVariableMonitorOfAllSessionsHearsEachOneNamedByItsId() throws Exception {
    Session first = open();
    List<String> heard = new CopyOnWriteArrayList<>();
    client.onVariableChange(org.polybridge.client.VariableScope.SESSION, "all", "user.mood", v -> heard.add(String.valueOf(v)))
        .get(5, TimeUnit.SECONDS);
    Session later = open();

    first.variables().set("user.mood", "calm");
    later.variables().set("user.mood", "busy");

    assertThat(heard).containsExactly("calm", "busy");
    assertThat(request(Map.of("variable_request", Map.of("session_id", "all", "get", List.of("id")))))
        .isEqualTo(Map.of("variable_response", Map.of("status", "MULTI_GET_DISALLOWED")));
    client.setVariable(org.polybridge.client.VariableScope.SESSION, first.id(), "user.a.b", 1L).get(5, TimeUnit.SECONDS);
    assertThat(first.variables().get("user.a.b")).contains(1L);
  }

  @Test
  void aMonitorOfAPathThroughAReferenceHearsTheVariableItLeadsTo() throws Exception {
    Session session = open();
    List<Object> heard = new CopyOnWriteArrayList<>();
    client.onVariableChange(org.polybridge.client.VariableScope.SESSION, session.id(), "tab.user.x", heard::add).get(5, TimeUnit.SECONDS);

    session.tab().variables().set("user.x", "from the tab");
    session.variables().set("user.x", "the session's own");

    assertThat(heard).containsExactly("from the tab");
  }

  @Test
  void textSentToASessionOfABroadcastDomainReachesEverySessionOfIt() throws Exception {
    Session one = open();
    Session two = RecordingSessionIo.openIn(one.tab().window().newTab());
    Session elsewhere = open();
    assertThat(request(Map.of("set_broadcast_domains_request", Map.of("broadcast_domains", List.of(
        Map.of("session_ids", List.of(one.id(), elsewhere.id())))))))
        .isEqualTo(Map.of("set_broadcast_domains_response", Map.of("status", "SESSIONS_NOT_IN_SAME_WINDOW")));

    request(Map.of("set_broadcast_domains_request", Map.of("broadcast_domains", List.of(Map.of("session_ids", List.of(one.id(), two.id()))))));
    request(Map.of("send_text_request", Map.of("session", one.id(), "text", "ls\n")));
    request(Map.of("send_text_request", Map.of("session", two.id(), "text", "pwd\n", "suppress_broadcast", true)));

    assertThat(((RecordingSessionIo) one.io()).typed()).containsExactly("ls\n");
    assertThat(((RecordingSessionIo) two.io()).typed()).containsExactly("ls\n", "pwd\n");
    assertThat(((RecordingSessionIo) elsewhere.io()).typed()).isEmpty();
    assertThat(Json.write(request(Map.of("get_broadcast_domains_request", Map.of()))))
        .isEqualTo("{\"get_broadcast_domains_response\":{\"broadcast_domains\":[{\"session_ids\":[\"" + one.id() + "\",\"" + two.id() + "\"]}]}}");
  }

  @Test
  void aTitleIsSetThroughAMethodOfTheTab() throws Exception {
    Session session = open();

    Map<String, Object> answer = request(Map.of("invoke_function_request", Map.of(
        "method", Map.of("receiver", session.tab().id()), "invocation", "iterm2.set_title(title: \"build\")")));

    assertThat(answer).containsKey("invoke_function_response");
    assertThat(session.tab().title()).isEqualTo("build");
  }

  private Session open() throws Exception {
    Map<?, ?> created = (Map<?, ?>) request(Map.of("create_tab_request", Map.of())).get("create_tab_response");
    return bridge.app().session((String) created.get("session_id")).orElseThrow();
  }

  private Map<String, Object> request(Map<String, Object> body) throws Exception {
    Map<String, Object> value = client.request(body).get(5, TimeUnit.SECONDS);
    value.remove("id");
    return value;
  }

  private static String displayed(Session session) {
    return ((RecordingSessionIo) session.io()).displayed();
  }
}
