package org.polybridge.internal.invocation;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.internal.json.JsonText;
import org.polybridge.json.Json;
import org.polybridge.proto.RPCRegistrationRequest.StatusBarComponentAttributes;
import org.polybridge.internal.rpc.RpcOwner;
import org.polybridge.internal.rpc.RpcRegistration;

/**
 * The status-bar components scripts registered ({@code STATUS_BAR_COMPONENT} role) and the text each
 * shows in each session. A component's function is called for a session when the component is
 * registered or the session opens, every {@code update_cadence} seconds when it has one, and when
 * a variable one of its reference defaults names changes in that session; its {@code knobs}
 * argument is the knobs' defaults by key (no host has a preferences panel to change them). It
 * returns a string, or a list of strings of which the longest that fits the session's width is
 * shown. A terminal attached with {@code polybridge pty} shows {@link #line} on its status line.
 *
 * <p>Thread-safe; calls run through the registry as any invocation's do, and nothing here waits.
 */
public final class StatusBarComponents {
  private static final System.Logger LOG = System.getLogger(StatusBarComponents.class.getName());
  /** Between two components on one line. */
  static final String SEPARATOR = " │ ";

  /** A registered component: its attributes and the function that computes its text. */
  public record Component(String identifier, String shortDescription, String detailedDescription, String exemplar,
      Map<String, Object> knobs, double cadenceSeconds, RpcRegistration function) {}

  private final App app;
  private final InvocationEvaluator evaluator;
  private final ScheduledExecutorService timer;
  private final Map<String, Registered> components = new ConcurrentHashMap<>();
  /** Per session id, per component identifier, the text shown now. */
  private final Map<String, Map<String, String>> texts = new ConcurrentHashMap<>();
  private final Map<String, Integer> unread = new ConcurrentHashMap<>();
  private final List<Consumer<Session>> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<Session, String>> popovers = new CopyOnWriteArrayList<>();

  public StatusBarComponents(App app, InvocationEvaluator evaluator, ScheduledExecutorService timer) {
    this.app = app;
    this.evaluator = evaluator;
    this.timer = timer;
    app.addListener(new App.Listener() {
      @Override
      public void sessionCreated(Session session) {
        components.values().forEach(c -> c.follow(session));
      }

      @Override
      public void sessionTerminated(Session session) {
        components.values().forEach(c -> c.forget(session));
        texts.remove(session.id());
      }
    });
  }

  /** A component's function was registered: it is shown in every session from now on. */
  public void add(RpcRegistration function, StatusBarComponentAttributes attributes) {
    Map<String, Object> knobs = new LinkedHashMap<>();
    for (var knob : attributes.getKnobsList()) {
      Object value;
      try {
        value = knob.hasJsonDefaultValue() ? Json.parse(knob.getJsonDefaultValue()) : null;
      } catch (IllegalArgumentException e) {
        LOG.log(Level.INFO, "status-bar component " + attributes.getUniqueIdentifier() + ": knob " + knob.getKey()
            + " has a default that is not JSON; it reads as null: " + e.getMessage());
        value = null;
      }
      knobs.put(knob.getKey(), value);
    }
    Component component = new Component(attributes.getUniqueIdentifier(), attributes.getShortDescription(),
        attributes.getDetailedDescription(), attributes.getExemplar(), knobs,
        attributes.hasUpdateCadence() ? attributes.getUpdateCadence() : 0, function);
    Registered registered = new Registered(component);
    Registered before = components.put(component.identifier(), registered);
    if (before != null) {
      before.close();
    }
    registered.start();
  }

  /** Drops the components whose function {@code gone} accepts (unregistered, or its owner went away). */
  public void removeIf(java.util.function.Predicate<RpcRegistration> gone) {
    components.values().removeIf(r -> {
      if (!gone.test(r.component.function())) {
        return false;
      }
      r.close();
      return true;
    });
  }

  public void ownerClosed(RpcOwner owner) {
    removeIf(f -> f.owner() == owner);
  }

  /** The components registered now. */
  public List<Component> components() {
    return components.values().stream().map(r -> r.component).toList();
  }

  /** Each component's text in {@code session} now, by identifier, in the order they were registered. */
  public Map<String, String> texts(Session session) {
    Map<String, String> shown = new LinkedHashMap<>();
    Map<String, String> mine = texts.getOrDefault(session.id(), Map.of());
    for (Registered r : components.values()) {
      String text = mine.get(r.component.identifier());
      if (text != null) {
        Integer count = unread.get(session.id() + "/" + r.component.identifier());
        shown.put(r.component.identifier(), count == null || count == 0 ? text : text + " (" + count + ")");
      }
    }
    return shown;
  }

  /** The session's status line: every component's text that is not blank, side by side. */
  public String line(Session session) {
    return String.join(SEPARATOR, texts(session).values().stream().filter(t -> !t.isBlank()).toList());
  }

  /** {@code listener} hears each session whose line may have changed; closing the handle removes it. */
  public AutoCloseable addListener(Consumer<Session> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** iTerm2's unread count of a component in a session (0 removes it). */
  void unreadCount(String identifier, Session session, int count) {
    if (!components.containsKey(identifier)) {
      throw new IllegalArgumentException("identifier : \"" + identifier + "\" (expected: a registered status-bar component: "
          + components.keySet() + ")");
    }
    List<Session> sessions = session != null ? List.of(session) : app.sessions();
    for (Session s : sessions) {
      unread.put(s.id() + "/" + identifier, count);
      changed(s);
    }
  }

  /** {@code listener} hears each popover a component opens: its session and its text. */
  public AutoCloseable addPopoverListener(java.util.function.BiConsumer<Session, String> listener) {
    popovers.add(listener);
    return () -> popovers.remove(listener);
  }

  /** iTerm2's popover of a component: its HTML as text, to whoever shows the session. */
  void popover(String identifier, Session session, String html) {
    if (!components.containsKey(identifier)) {
      throw new IllegalArgumentException("identifier : \"" + identifier + "\" (expected: a registered status-bar component: "
          + components.keySet() + ")");
    }
    String text = html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip();
    for (var l : popovers) {
      l.accept(session, text);
    }
  }

  private void changed(Session session) {
    for (Consumer<Session> l : listeners) {
      try {
        l.accept(session);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a status-bar listener failed", e);
      }
    }
  }

  /** The longest choice that fits {@code columns}, else the shortest. */
  static String choose(Object value, int columns) {
    if (!(value instanceof List<?> choices)) {
      return value == null ? "" : value instanceof String s ? s : JsonText.display(value);
    }
    String best = null;
    String shortest = null;
    for (Object choice : choices) {
      String text = choice == null ? "" : String.valueOf(choice);
      if (text.length() <= columns && (best == null || text.length() > best.length())) {
        best = text;
      }
      if (shortest == null || text.length() < shortest.length()) {
        shortest = text;
      }
    }
    return best != null ? best : shortest == null ? "" : shortest;
  }

  /** One component while it is registered: its calls in every session, and what they showed. */
  private final class Registered {
    final Component component;
    final SessionFunction calls;

    Registered(Component component) {
      this.component = component;
      Map<String, Object> arguments = new LinkedHashMap<>();
      if (component.function().signature().arguments().contains("knobs")) {
        arguments.put("knobs", component.knobs());
      }
      this.calls = new SessionFunction(app, evaluator, timer, component.function(), arguments, component.cadenceSeconds(),
          List.of("columns"), (session, value, failure) -> {
            if (failure != null) {
              LOG.log(Level.INFO, "status-bar component " + component.identifier() + " in session " + session.id() + ": "
                  + failure.getMessage());
              show(session, "");
            } else {
              show(session, choose(value, session.io().columns()));
            }
          });
    }

    void start() {
      calls.start();
    }

    void follow(Session session) {
      calls.follow(session);
    }

    void forget(Session session) {
      calls.forget(session);
    }

    private void show(Session session, String text) {
      Map<String, String> mine = texts.computeIfAbsent(session.id(), id -> new ConcurrentHashMap<>());
      String before = mine.put(component.identifier(), text);
      if (!text.equals(before) && session.isLive()) {
        changed(session);
      }
    }

    void close() {
      calls.close();
      List<Session> affected = new ArrayList<>();
      for (Session s : app.sessions()) {
        Map<String, String> mine = texts.get(s.id());
        if (mine != null && mine.remove(component.identifier()) != null) {
          affected.add(s);
        }
      }
      affected.forEach(StatusBarComponents.this::changed);
    }
  }

  /** The component of this identifier, for the CLI's listing. */
  Optional<Component> component(String identifier) {
    return Optional.ofNullable(components.get(identifier)).map(r -> r.component);
  }
}
