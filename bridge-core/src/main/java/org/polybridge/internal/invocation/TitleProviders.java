package org.polybridge.internal.invocation;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.internal.json.JsonText;
import org.polybridge.proto.RPCRegistrationRequest.SessionTitleAttributes;
import org.polybridge.internal.rpc.RpcRegistration;

/**
 * The title providers scripts registered ({@code SESSION_TITLE} role). iTerm2 lets the user pick
 * one per profile; a host without preferences uses the one registered last (the one before it
 * again when it goes away). Its result for a session becomes the session's {@code name}, which a
 * terminal attached with {@code polybridge pty} shows as its window title ({@code OSC 2}). It is
 * called again when a variable its reference defaults name changes in the session.
 *
 * <p>Thread-safe.
 */
public final class TitleProviders {
  private static final System.Logger LOG = System.getLogger(TitleProviders.class.getName());

  /** A registered provider: the name it goes by, its identifier and its function. */
  public record Provider(String displayName, String identifier, RpcRegistration function) {}

  private final App app;
  private final InvocationEvaluator evaluator;
  private final ScheduledExecutorService timer;
  /** Registered, oldest first; the last one titles the sessions. Guarded by {@code this}. */
  private final List<Provider> providers = new ArrayList<>();
  private SessionFunction active;

  public TitleProviders(App app, InvocationEvaluator evaluator, ScheduledExecutorService timer) {
    this.app = app;
    this.evaluator = evaluator;
    this.timer = timer;
    app.addListener(new App.Listener() {
      @Override
      public void sessionCreated(Session session) {
        SessionFunction f = current();
        if (f != null) {
          f.follow(session);
        }
      }

      @Override
      public void sessionTerminated(Session session) {
        SessionFunction f = current();
        if (f != null) {
          f.forget(session);
        }
      }
    });
  }

  private synchronized SessionFunction current() {
    return active;
  }

  public void add(RpcRegistration function, SessionTitleAttributes attributes) {
    synchronized (this) {
      providers.add(new Provider(attributes.getDisplayName(), attributes.getUniqueIdentifier(), function));
    }
    reselect();
  }

  public void removeIf(java.util.function.Predicate<RpcRegistration> gone) {
    boolean removed;
    synchronized (this) {
      removed = providers.removeIf(p -> gone.test(p.function()));
    }
    if (removed) {
      reselect();
    }
  }

  public synchronized List<Provider> providers() {
    return List.copyOf(providers);
  }

  /** Starts the last provider's calls, after stopping those of the one before, if it changed. */
  private void reselect() {
    SessionFunction start;
    synchronized (this) {
      Optional<Provider> last = providers.isEmpty() ? Optional.empty() : Optional.of(providers.getLast());
      if (active != null && last.isPresent() && active.function() == last.get().function()) {
        return;
      }
      if (active != null) {
        active.close();
      }
      active = last.map(p -> new SessionFunction(app, evaluator, timer, p.function(), Map.of(), 0, List.of(),
          (session, value, failure) -> {
            if (failure != null) {
              LOG.log(Level.INFO, "title provider " + p.identifier() + " in session " + session.id() + ": " + failure.getMessage());
            } else if (value != null) {
              session.variables().set("name", value instanceof String s ? s : JsonText.display(value));
            }
          })).orElse(null);
      start = active;
    }
    if (start != null) {
      start.start();
    }
  }
}
