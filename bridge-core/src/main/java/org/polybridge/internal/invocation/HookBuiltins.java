package org.polybridge.internal.invocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Variables;

/**
 * The built-in functions of scripts' hooks (docs/INVOCATIONS.md):
 *
 * <ul>
 *   <li>{@code iterm2.status_bar()}: every status-bar component: identifier, descriptions,
 *       exemplar, knobs, cadence, owner, and its text in each session;
 *   <li>{@code iterm2.set_status_bar_component_unread_count(identifier:, count:)}: iTerm2's
 *       method of that name: the count shown after the component's text in the invocation's
 *       session (in every session when invoked in the app's context); 0 removes it;
 *   <li>{@code iterm2.open_status_bar_component_popover(identifier:, html:)}: what iTerm2 shows in
 *       a popover: the text of the HTML, on the status line of the session's terminal;
 *   <li>{@code iterm2.title_providers()}: the registered title providers, the one in use last.
 * </ul>
 */
public final class HookBuiltins {
  private HookBuiltins() {}

  public static void add(InvocationEvaluator evaluator, App app, StatusBarComponents statusBar, TitleProviders titles) {
    evaluator.builtin("iterm2.status_bar", Set.of(), (args, scope) -> describe(app, statusBar));
    evaluator.builtin("iterm2.set_status_bar_component_unread_count", Set.of("identifier", "count"), (args, scope) -> {
      String identifier = text(args, "identifier", "a status-bar component's identifier");
      if (!(args.get("count") instanceof Long count) || count < 0 || count > Integer.MAX_VALUE) {
        throw new InvocationException(Status.FAILED, "count : " + args.get("count") + " (expected: a whole number >= 0)");
      }
      try {
        statusBar.unreadCount(identifier, session(app, scope).orElse(null), count.intValue());
      } catch (IllegalArgumentException e) {
        throw new InvocationException(Status.FAILED, e.getMessage());
      }
      return null;
    });
    evaluator.builtin("iterm2.open_status_bar_component_popover", Set.of("identifier", "html"), (args, scope) -> {
      String identifier = text(args, "identifier", "a status-bar component's identifier");
      String html = text(args, "html", "HTML text");
      Session session = session(app, scope).orElseThrow(() -> new InvocationException(Status.FAILED,
          "a popover opens in a session (expected: invoked in a session's context)"));
      try {
        statusBar.popover(identifier, session, html);
      } catch (IllegalArgumentException e) {
        throw new InvocationException(Status.FAILED, e.getMessage());
      }
      return null;
    });
    evaluator.builtin("iterm2.title_providers", Set.of(), (args, scope) -> {
      List<Object> list = new ArrayList<>();
      for (TitleProviders.Provider p : titles.providers()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("display_name", p.displayName());
        m.put("identifier", p.identifier());
        m.put("function", p.function().signature().toString());
        m.put("owner", p.function().owner().name());
        list.add(m);
      }
      return list;
    });
  }

  private static Object describe(App app, StatusBarComponents statusBar) {
    List<Object> list = new ArrayList<>();
    for (StatusBarComponents.Component c : statusBar.components()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("identifier", c.identifier());
      m.put("short_description", c.shortDescription());
      m.put("detailed_description", c.detailedDescription());
      m.put("exemplar", c.exemplar());
      m.put("knobs", c.knobs());
      m.put("update_cadence", c.cadenceSeconds() > 0 ? c.cadenceSeconds() : null);
      m.put("function", c.function().signature().toString());
      m.put("owner", c.function().owner().name());
      Map<String, Object> texts = new LinkedHashMap<>();
      for (Session s : app.sessions()) {
        String text = statusBar.texts(s).get(c.identifier());
        if (text != null) {
          texts.put(s.id(), text);
        }
      }
      m.put("sessions", texts);
      list.add(m);
    }
    return list;
  }

  /** The session the invocation runs in, if it runs in one. */
  static Optional<Session> session(App app, Variables scope) {
    return scope.get("id").map(String::valueOf).flatMap(app::session);
  }

  private static String text(Map<String, Object> args, String name, String expected) {
    if (args.get(name) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new InvocationException(Status.FAILED, name + " : " + args.get(name) + " (expected: " + expected + ")");
  }
}
