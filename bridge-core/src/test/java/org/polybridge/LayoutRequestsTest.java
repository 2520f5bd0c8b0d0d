package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.client.ApiClient;
import org.polybridge.host.App;
import org.polybridge.host.GridSize;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;
import org.polybridge.host.Splitter;
import org.polybridge.host.Window;
import org.polybridge.internal.client.ProtoValues;
import org.polybridge.json.Json;
import org.polybridge.testkit.WireRequests;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationType;

/**
 * Split trees on the wire, as a client sends its requests: ListSessions reports each tab's tree,
 * {@code iterm2.apply_layout} reshapes tabs and moves sessions (and a layout change is heard),
 * {@code SetTabLayout} sets pane sizes; bad input gets iTerm2's statuses and reasons.
 */
class LayoutRequestsTest {
  /** A terminal of whatever size the model gives it, as a pty. */
  private static final class Terminal implements SessionIo {
    private volatile Session session;

    @Override
    public void display(byte[] bytes) {}

    @Override
    public void type(String text) {}

    @Override
    public void close() {
      session.terminate();
    }

    @Override
    public boolean resize(int columns, int rows) {
      return true;
    }
  }

  private final Host host = new Host() {
    @Override
    public CompletableFuture<Session> createTab(App app, Window window, String profile) {
      Terminal t = new Terminal();
      t.session = (window != null ? window : app.newWindow()).newTab().newSession(t);
      return CompletableFuture.completedFuture(t.session);
    }

    @Override
    public CompletableFuture<Session> splitPane(App app, Session session, boolean vertical, boolean before, String profile) {
      Terminal t = new Terminal();
      t.session = session.tab().splitSession(session, vertical, before, t, Map.of());
      return CompletableFuture.completedFuture(t.session);
    }
  };
  private final Bridge bridge = Bridge.newBuilder().host(host).build();
  private final ApiClient client = new ApiClient(bridge.connect("layout"), Runnable::run);

  @AfterEach
  void close() {
    bridge.close();
  }

  @Test
  void listSessionsReportsEachTabsTreeWithItsPanesSizesAndPlaces() throws Exception {
    Session a = open();
    Session b = split(a, true);
    Session c = split(b, false);

    Map<?, ?> tab = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) request(Map.of("list_sessions_request", Map.of()))
        .get("list_sessions_response")).get("windows")).getFirst()).get("tabs")).getFirst();

    assertThat(Json.write(shape(tab.get("root")))).isEqualTo(Json.write(List.of("|",
        a.id() + " 40x24 at 0,0",
        List.of("-", b.id() + " 40x12 at 280,0", c.id() + " 40x12 at 280,168"))));
  }

  @Test
  void applyLayoutMovesASessionToAnotherWindowsTabAndALayoutChangeIsHeard() throws Exception {
    Session a = open();
    Session b = open();
    Window left = b.tab().window();
    LinkedBlockingQueue<Notification> layouts = new LinkedBlockingQueue<>();
    WireRequests.subscribe(client, NotificationRequest.newBuilder().setSession("all").setNotificationType(NotificationType.NOTIFY_ON_LAYOUT_CHANGE),
        layouts::add).get(5, TimeUnit.SECONDS);

    Map<String, Object> answer = applyLayout(Map.of("tabs", List.of(Map.of("tab_id", a.tab().id(), "root",
        Map.of("vertical", false, "children", List.of(Map.of("session_id", b.id()), Map.of("session_id", a.id())))))));

    assertThat(answer).isEqualTo(Map.of("invoke_function_response", Map.of("success", Map.of("json_result", "null"))));
    assertThat(a.tab().root()).isEqualTo(new Splitter(false, List.of(b, a)));
    assertThat(b.tab()).isSameAs(a.tab());
    assertThat(bridge.app().windows()).doesNotContain(left);
    assertThat(List.of(b.gridSize(), a.gridSize())).containsOnly(new GridSize(80, 12));
    Notification heard = layouts.poll(5, TimeUnit.SECONDS);
    assertThat(heard).isNotNull();
    String tree = Json.write(ProtoValues.toValue(heard.getLayoutChangedNotification()));
    assertThat(tree).contains(a.id()).contains(b.id()).doesNotContain(left.id());
  }

  @Test
  void aBadLayoutIsRefusedWithWhatWasWrongAndNothingChanges() throws Exception {
    Session a = open();
    Session b = split(a, true);
    Session other = open();
    String tab = a.tab().id();
    Splitter before = a.tab().root();

    assertThat(reason(applyLayout(Map.of("tabs", List.of(Map.of("tab_id", tab, "root", Map.of("vertical", true, "children",
        List.of(Map.of("session_id", a.id()), Map.of("session_id", "NO-SUCH-SESSION")))))))))
        .isEqualTo("Unknown session: NO-SUCH-SESSION");
    assertThat(reason(applyLayout(Map.of("tabs", List.of(Map.of("tab_id", tab, "root", Map.of("vertical", true, "children",
        List.of(Map.of("session_id", a.id()), Map.of("vertical", false, "children", List.of(Map.of("session_id", b.id())))))))))))
        .isEqualTo("Splitter at tabs[0].root.children[1] has 1 children; must have at least 2");
    assertThat(reason(applyLayout(Map.of("tabs", List.of(Map.of("tab_id", tab, "root", Map.of("vertical", true, "children",
        List.of(Map.of("session_id", a.id()), Map.of("session_id", other.id())))))))))
        .isEqualTo("session " + b.id() + " of tab " + tab
            + " : in neither a new tree nor the sessions to close (expected: every session of a tab the layout touches accounted for)");
    assertThat(reason(applyLayout(Map.of("tabs", List.of(Map.of("tab_id", "999", "root", Map.of("session_id", a.id())))))))
        .isEqualTo("Unknown tab: 999");
    assertThat(reason(applyLayout(Map.of("close_windows", List.of("no-such-window"), "tabs", List.of(Map.of("tab_id", tab,
        "root", Map.of("session_id", a.id()))), "close_sessions", List.of(b.id())))))
        .isEqualTo("Unknown window: no-such-window");

    assertThat(a.tab().root()).isSameAs(before);
    assertThat(other.tab().sessions()).containsExactly(other);
    assertThat(b.isLive()).isTrue();
  }

  @Test
  void applyLayoutClosesTheSessionsTabsAndWindowsItNames() throws Exception {
    Session a = open();
    Session b = split(a, true);
    Session gone = open();

    applyLayout(Map.of("tabs", List.of(Map.of("tab_id", a.tab().id(), "root", Map.of("session_id", a.id()))),
        "close_sessions", List.of(b.id()), "close_tabs", List.of(gone.tab().id())));

    assertThat(bridge.app().sessions()).containsExactly(a);
    assertThat(a.gridSize()).isEqualTo(new GridSize(80, 24));
  }

  @Test
  void setTabLayoutSetsPaneSizesThatFillTheTabAndRefusesOthers() throws Exception {
    Session a = open();
    Session b = split(a, true);
    String tab = a.tab().id();

    assertThat(setTabLayout(tab, true, List.of(pane(a, 50, 24), pane(b, 30, 24)))).isEqualTo("OK");
    assertThat(List.of(a.gridSize(), b.gridSize())).containsExactly(new GridSize(50, 24), new GridSize(30, 24));
    assertThat(setTabLayout(tab, true, List.of(pane(a, 50, 24), pane(b, 40, 24)))).isEqualTo("INVALID_SIZE");
    assertThat(setTabLayout(tab, true, List.of(pane(a, 0, 24), pane(b, 80, 24)))).isEqualTo("INVALID_SIZE");
    assertThat(setTabLayout(tab, false, List.of(pane(a, 50, 24), pane(b, 30, 24)))).isEqualTo("WRONG_TREE");
    assertThat(setTabLayout(tab, true, List.of(pane(a, 80, 24)))).isEqualTo("WRONG_TREE");
    assertThat(setTabLayout("999", true, List.of(pane(a, 80, 24)))).isEqualTo("BAD_TAB_ID");
    assertThat(List.of(a.gridSize(), b.gridSize())).containsExactly(new GridSize(50, 24), new GridSize(30, 24));
  }

  @Test
  void moveSessionMakesASessionASplitOfAnotherAndRefusesUnknownIds() throws Exception {
    Session a = open();
    Session b = open();

    request(Map.of("invoke_function_request", Map.of("app", Map.of(), "invocation",
        "iterm2.move_session(session: \"" + b.id() + "\", destination: \"" + a.id() + "\", vertical: true, before: true)")));

    assertThat(a.tab().root()).isEqualTo(new Splitter(true, List.of(b, a)));
    assertThat(bridge.app().windows()).hasSize(1);
    assertThat(reason(request(Map.of("invoke_function_request", Map.of("app", Map.of(), "invocation",
        "iterm2.move_session(session: \"NOPE\", destination: \"" + a.id() + "\", vertical: true, before: true)")))))
        .isEqualTo("Invalid session ID: NOPE");
  }

  @Test
  void aTabMovesToAWindowOfItsOwnAndAnswersItsId() throws Exception {
    Session a = open();
    Session b = host.createTab(bridge.app(), a.tab().window(), "Default").join();

    Map<String, Object> answer = request(Map.of("invoke_function_request", Map.of("tab", Map.of("tab_id", b.tab().id()),
        "invocation", "iterm2.move_tab_to_window()")));

    String window = (String) Json.parse((String) ((Map<?, ?>) ((Map<?, ?>) answer.get("invoke_function_response")).get("success")).get("json_result"));
    assertThat(b.tab().window().id()).isEqualTo(window).isNotEqualTo(a.tab().window().id());
    assertThat(reason(request(Map.of("invoke_function_request", Map.of("tab", Map.of("tab_id", a.tab().id()),
        "invocation", "iterm2.move_tab_to_window()")))))
        .isEqualTo("tab " + a.tab().id() + " : the only tab of window " + a.tab().window().id() + " (expected: a window of two tabs or more)");
  }

  private static Map<String, Object> pane(Session s, int columns, int rows) {
    return Map.of("session", Map.of("unique_identifier", s.id(), "grid_size", Map.of("width", columns, "height", rows)));
  }

  private String setTabLayout(String tab, boolean vertical, List<Map<String, Object>> links) throws Exception {
    Map<String, Object> answer = request(Map.of("set_tab_layout_request", Map.of("tab_id", tab, "root",
        Map.of("vertical", vertical, "links", links))));
    return (String) ((Map<?, ?>) answer.get("set_tab_layout_response")).get("status");
  }

  /** A tree as "|" or "-" then its children; a session as "id WxH at x,y" (its frame's origin in points). */
  private static Object shape(Object node) {
    Map<?, ?> n = (Map<?, ?>) node;
    List<Object> out = new java.util.ArrayList<>();
    out.add(Boolean.TRUE.equals(n.get("vertical")) ? "|" : "-");
    for (Object link : (List<?>) n.get("links")) {
      Map<?, ?> l = (Map<?, ?>) link;
      if (l.containsKey("session")) {
        Map<?, ?> s = (Map<?, ?>) l.get("session");
        Map<?, ?> size = (Map<?, ?>) s.get("grid_size");
        Map<?, ?> origin = (Map<?, ?>) ((Map<?, ?>) s.get("frame")).get("origin");
        Object x = origin.containsKey("x") ? origin.get("x") : 0L;
        Object y = origin.containsKey("y") ? origin.get("y") : 0L;
        out.add(s.get("unique_identifier") + " " + size.get("width") + "x" + size.get("height") + " at "
            + x + "," + y);
      } else {
        out.add(shape(l.get("node")));
      }
    }
    return out;
  }

  /** The error's reason after the evaluator's "In call to iterm2.f: ". */
  private static String reason(Map<String, Object> answer) {
    Map<?, ?> error = (Map<?, ?>) ((Map<?, ?>) answer.get("invoke_function_response")).get("error");
    assertThat(error).as("an error answer: %s", answer).isNotNull();
    String reason = (String) error.get("error_reason");
    assertThat(reason).startsWith("In call to iterm2.");
    return reason.replaceFirst("^In call to [\\w.]+: ", "");
  }

  private Map<String, Object> applyLayout(Map<String, Object> spec) throws Exception {
    String encoded = Base64.getEncoder().encodeToString(Json.write(spec).getBytes(StandardCharsets.UTF_8));
    return request(Map.of("invoke_function_request", Map.of("app", Map.of(),
        "invocation", "iterm2.apply_layout(spec_json_b64: \"" + encoded + "\")")));
  }

  private Session open() throws Exception {
    Map<?, ?> created = (Map<?, ?>) request(Map.of("create_tab_request", Map.of())).get("create_tab_response");
    return bridge.app().session((String) created.get("session_id")).orElseThrow();
  }

  private Session split(Session session, boolean vertical) throws Exception {
    Map<?, ?> split = (Map<?, ?>) request(Map.of("split_pane_request", Map.of("session", session.id(),
        "split_direction", vertical ? "VERTICAL" : "HORIZONTAL"))).get("split_pane_response");
    return bridge.app().session((String) ((List<?>) split.get("session_id")).getFirst()).orElseThrow();
  }

  private Map<String, Object> request(Map<String, Object> body) throws Exception {
    Map<String, Object> value = new java.util.HashMap<>(client.request(body).get(5, TimeUnit.SECONDS));
    value.remove("id");
    return value;
  }
}
