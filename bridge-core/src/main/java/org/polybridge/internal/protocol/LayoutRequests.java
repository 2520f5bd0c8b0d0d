package org.polybridge.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.host.App;
import org.polybridge.host.GridSize;
import org.polybridge.host.Pane;
import org.polybridge.host.Session;
import org.polybridge.host.Splitter;
import org.polybridge.host.Tab;
import org.polybridge.host.Window;
import org.polybridge.internal.invocation.InvocationEvaluator;
import org.polybridge.json.Json;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.SetTabLayoutRequest;
import org.polybridge.proto.SetTabLayoutResponse;
import org.polybridge.proto.SplitTreeNode;

/**
 * Reshaping tabs: {@code SetTabLayout} (pane sizes) and the built-in functions iTerm2's library
 * calls for layouts (docs/INVOCATIONS.md):
 *
 * <ul>
 *   <li>{@code iterm2.apply_layout(spec_json_b64:)}: {@code App.async_apply_layout}: tabs get new
 *       split trees, sessions move between tabs and windows, sessions, tabs and windows close;
 *       everything is checked before anything changes ({@link App#applyLayout});
 *   <li>{@code iterm2.move_session(session:, destination:, vertical:, before:)}: {@code
 *       App.async_move_session};
 *   <li>{@code iterm2.move_tab_to_window()}: in a tab's context, {@code Tab.async_move_to_window};
 *       answers the new window's id.
 * </ul>
 */
final class LayoutRequests {
  private LayoutRequests() {}

  static void add(InvocationEvaluator evaluator, App app) {
    evaluator.builtin("iterm2.apply_layout", Set.of("spec_json_b64"), (args, scope) -> {
      applyLayout(app, spec(args.get("spec_json_b64")));
      return null;
    });
    evaluator.builtin("iterm2.move_session", Set.of("session", "destination", "vertical", "before"), (args, scope) -> {
      Session session = session(app, args.get("session"), "session");
      Session destination = session(app, args.get("destination"), "destination");
      try {
        app.moveSession(session, destination, flag(args, "vertical"), flag(args, "before"));
      } catch (IllegalArgumentException e) {
        throw new InvocationException(Status.FAILED, e.getMessage());
      }
      return null;
    });
    evaluator.builtin("iterm2.move_tab_to_window", Set.of(), (args, scope) -> {
      String id = scope.get("id").map(String::valueOf).orElse(null);
      Tab tab = id == null ? null : app.tab(id).orElse(null);
      if (tab == null || scope != tab.variables()) {
        throw new InvocationException(Status.FAILED, "iterm2.move_tab_to_window() moves the tab it is invoked in (expected: a tab's context)");
      }
      try {
        return tab.moveToNewWindow().id();
      } catch (IllegalStateException e) {
        throw new InvocationException(Status.FAILED, e.getMessage());
      }
    });
  }

  /** iTerm2's {@code SetTabLayout}: the tree must have the tab's shape; the sizes are the panes' new ones. */
  static ServerOriginatedMessage.Builder setTabLayout(App app, SetTabLayoutRequest request) {
    SetTabLayoutResponse.Builder response = SetTabLayoutResponse.newBuilder();
    Optional<Tab> tab = app.tab(request.getTabId());
    if (tab.isEmpty()) {
      return wrap(response.setStatus(SetTabLayoutResponse.Status.BAD_TAB_ID));
    }
    Map<Session, org.polybridge.proto.Size> requested = new LinkedHashMap<>();
    if (!sameShape(tab.get().root(), request.getRoot(), requested)) {
      return wrap(response.setStatus(SetTabLayoutResponse.Status.WRONG_TREE));
    }
    Map<Session, GridSize> sizes = new LinkedHashMap<>();
    for (Map.Entry<Session, org.polybridge.proto.Size> e : requested.entrySet()) {
      if (e.getValue().getWidth() < 1 || e.getValue().getHeight() < 1) {
        return wrap(response.setStatus(SetTabLayoutResponse.Status.INVALID_SIZE));
      }
      sizes.put(e.getKey(), new GridSize(e.getValue().getWidth(), e.getValue().getHeight()));
    }
    try {
      tab.get().resizePanes(sizes);
    } catch (IllegalArgumentException e) {
      return wrap(response.setStatus(SetTabLayoutResponse.Status.INVALID_SIZE));
    }
    return wrap(response.setStatus(SetTabLayoutResponse.Status.OK));
  }

  /** As iTerm2 compares trees: orientation, number and kind of links, in order; sizes taken by place. */
  private static boolean sameShape(Splitter ours, SplitTreeNode theirs, Map<Session, org.polybridge.proto.Size> sizes) {
    if (ours.vertical() != theirs.getVertical() || ours.children().size() != theirs.getLinksCount()) {
      return false;
    }
    for (int i = 0; i < ours.children().size(); i++) {
      SplitTreeNode.SplitTreeLink link = theirs.getLinks(i);
      switch (ours.children().get(i)) {
        case Session s -> {
          if (!link.hasSession()) {
            return false;
          }
          sizes.put(s, link.getSession().getGridSize());
        }
        case Splitter sub -> {
          if (!link.hasNode() || !sameShape(sub, link.getNode(), sizes)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static ServerOriginatedMessage.Builder wrap(SetTabLayoutResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setSetTabLayoutResponse(response);
  }

  /** The spec as iTerm2's library sends it: JSON, base64-encoded. */
  private static Map<?, ?> spec(Object encoded) {
    if (!(encoded instanceof String text)) {
      throw new InvocationException(Status.FAILED, "spec_json_b64 : " + encoded + " (expected: a string, base64 of a JSON object)");
    }
    Object parsed;
    try {
      parsed = Json.parse(new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new InvocationException(Status.FAILED, "spec_json_b64 is not valid base64-encoded JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> spec)) {
      throw new InvocationException(Status.FAILED, "spec_json_b64 is not valid base64-encoded JSON: not an object");
    }
    return spec;
  }

  /** Reads the whole spec and checks every id before the model changes (which checks the trees). */
  private static void applyLayout(App app, Map<?, ?> spec) {
    for (Object key : spec.keySet()) {
      switch (String.valueOf(key)) {
        case "tabs", "close_sessions", "close_tabs", "close_windows" -> { }
        case "new_tabs" -> throw failed("The 'new_tabs' field is not supported by apply_layout");
        case "new_windows" -> throw failed("The 'new_windows' field is not supported by apply_layout");
        default -> throw failed("Unknown field '" + key + "' (expected: tabs, close_sessions, close_tabs, close_windows)");
      }
    }
    Map<Tab, Splitter> roots = new LinkedHashMap<>();
    List<?> tabs = list(spec.get("tabs"), "tabs", Map.class, "array of objects");
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < tabs.size(); i++) {
      String path = "tabs[" + i + "]";
      Map<?, ?> entry = (Map<?, ?>) tabs.get(i);
      if (!(entry.get("tab_id") instanceof String tabId)) {
        throw failed("Missing field 'tab_id' at " + path);
      }
      if (!(entry.get("root") instanceof Map<?, ?> root)) {
        throw failed("Missing field 'root' at " + path);
      }
      Pane pane = node(app, root, path + ".root", seen, 0);
      Tab tab = app.tab(tabId).orElseThrow(() -> failed("Unknown tab: " + tabId));
      if (roots.containsKey(tab)) {
        throw failed("Tab " + tabId + " appears more than once in tabs (expected: each tab once)");
      }
      // a leaf as the root: the tab keeps its orientation
      roots.put(tab, pane instanceof Splitter s ? s : new Splitter(tab.root().vertical(), List.of(pane)));
    }
    Set<Session> closing = new LinkedHashSet<>();
    for (Object id : list(spec.get("close_sessions"), "close_sessions", String.class, "array of strings")) {
      closing.add(app.session((String) id).filter(s -> !"active".equals(id)).orElseThrow(() -> failed("Unknown session: " + id)));
    }
    List<Tab> closeTabs = new ArrayList<>();
    for (Object id : list(spec.get("close_tabs"), "close_tabs", String.class, "array of strings")) {
      Tab tab = app.tab((String) id).orElseThrow(() -> failed("Unknown tab: " + id));
      closeTabs.add(tab);
      closing.addAll(tab.sessions());
    }
    List<Window> closeWindows = new ArrayList<>();
    for (Object id : list(spec.get("close_windows"), "close_windows", String.class, "array of strings")) {
      closeWindows.add(app.window((String) id).orElseThrow(() -> failed("Unknown window: " + id)));
    }
    try {
      app.applyLayout(roots, closing);
    } catch (IllegalArgumentException e) {
      throw failed(e.getMessage());
    }
    closeTabs.forEach(Tab::close);
    closeWindows.forEach(Window::close);
  }

  private static Pane node(App app, Map<?, ?> node, String path, Set<String> seen, int depth) {
    if (depth > 32) {
      throw failed("Layout tree at " + path + " is too deep (" + depth + ")");
    }
    if (node.get("session_id") instanceof String id) {
      if (!seen.add(id)) {
        throw failed("Session GUID '" + id + "' appears more than once in the spec");
      }
      return app.session(id).filter(s -> !"active".equals(id)).orElseThrow(() -> failed("Unknown session: " + id));
    }
    if (node.containsKey("new_session")) {
      throw failed("new_session at " + path + " : not supported here (expected: session_id leaves; open sessions with "
          + "Window.async_create_tab or Session.async_split_pane, then move them)");
    }
    if (node.containsKey("children") || node.containsKey("vertical")) {
      if (!(node.get("children") instanceof List<?> children)) {
        throw failed("Missing field 'children' at " + path);
      }
      if (!(node.get("vertical") instanceof Boolean vertical)) {
        throw failed("Missing field 'vertical' at " + path);
      }
      if (children.size() < 2) {
        throw failed("Splitter at " + path + " has " + children.size() + " children; must have at least 2");
      }
      List<Pane> panes = new ArrayList<>();
      for (int i = 0; i < children.size(); i++) {
        String at = path + ".children[" + i + "]";
        if (!(children.get(i) instanceof Map<?, ?> child)) {
          throw failed("Wrong type at " + at + ": expected object");
        }
        Pane pane = node(app, child, at, seen, depth + 1);
        if (pane instanceof Splitter sub && sub.vertical() == vertical) {
          throw failed("Same-orientation splitter nesting at " + at + " (vertical inside vertical or horizontal inside horizontal)");
        }
        panes.add(pane);
      }
      return new Splitter(vertical, panes);
    }
    throw failed("Unknown leaf kind at " + path + " (must be session_id, new_session, or splitter)");
  }

  private static List<?> list(Object value, String path, Class<?> element, String expected) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(element::isInstance)) {
      throw failed("Wrong type at " + path + ": expected " + expected);
    }
    return list;
  }

  private static Session session(App app, Object id, String argument) {
    if (!(id instanceof String text) || "active".equals(text)) {
      throw new InvocationException(Status.FAILED, argument + " : " + id + " (expected: a session's id)");
    }
    return app.session(text).orElseThrow(() -> new InvocationException(Status.FAILED, "Invalid session ID: " + text));
  }

  private static boolean flag(Map<String, Object> args, String name) {
    if (!(args.get(name) instanceof Boolean b)) {
      throw new InvocationException(Status.FAILED, name + " : " + args.get(name) + " (expected: true or false)");
    }
    return b;
  }

  private static InvocationException failed(String reason) {
    return new InvocationException(Status.FAILED, reason);
  }
}
