package org.polybridge.internal.invocation;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.internal.rpc.Reference;
import org.polybridge.internal.rpc.RpcRegistration;

/**
 * A registered function the host calls for each session on its own (a status-bar component's, a
 * title provider's): once for every session when started and for each session that opens ({@link
 * #follow}), again whenever a variable its reference defaults name (or one of {@code alsoOn})
 * changes in that session, and every {@code cadenceSeconds} when positive. A call asked for while
 * one for the same session is under way runs once after it, so a burst of changes costs two calls.
 */
final class SessionFunction {
  private static final System.Logger LOG = System.getLogger(SessionFunction.class.getName());

  /** Hears each call's outcome: its value, or its failure (then value is null). */
  interface Outcome {
    void of(Session session, Object value, Throwable failure);
  }

  private final App app;
  private final InvocationEvaluator evaluator;
  private final ScheduledExecutorService timer;
  private final RpcRegistration function;
  private final Map<String, Object> arguments;
  private final double cadenceSeconds;
  private final List<String> alsoOn;
  private final Outcome outcome;
  private final Map<String, List<AutoCloseable>> monitors = new ConcurrentHashMap<>();
  /** Sessions whose call is under way, and whether another was asked for meanwhile. */
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();
  private volatile ScheduledFuture<?> cadence;
  private volatile boolean closed;

  SessionFunction(App app, InvocationEvaluator evaluator, ScheduledExecutorService timer, RpcRegistration function,
      Map<String, Object> arguments, double cadenceSeconds, List<String> alsoOn, Outcome outcome) {
    this.app = app;
    this.evaluator = evaluator;
    this.timer = timer;
    this.function = function;
    this.arguments = Map.copyOf(arguments);
    this.cadenceSeconds = cadenceSeconds;
    this.alsoOn = List.copyOf(alsoOn);
    this.outcome = outcome;
  }

  RpcRegistration function() {
    return function;
  }

  void start() {
    app.sessions().forEach(this::follow);
    if (cadenceSeconds > 0) {
      long millis = Math.max(100, (long) (cadenceSeconds * 1000));
      try {
        cadence = timer.scheduleAtFixedRate(() -> app.sessions().forEach(this::update), millis, millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, "the host is closing: no cadence for " + function.signature());
      }
    }
  }

  void follow(Session session) {
    if (closed) {
      return;
    }
    List<AutoCloseable> watching = new ArrayList<>();
    for (Reference reference : function.defaults().values()) {
      watching.add(session.variables().monitorPath(reference.path(), (path, value) -> update(session)));
    }
    if (!alsoOn.isEmpty()) {
      watching.add(session.variables().monitor((name, value) -> {
        if (alsoOn.contains(name)) {
          update(session);
        }
      }));
    }
    List<AutoCloseable> before = monitors.put(session.id(), watching);
    if (before != null) {
      before.forEach(SessionFunction::close);
    }
    update(session);
  }

  void forget(Session session) {
    List<AutoCloseable> watching = monitors.remove(session.id());
    if (watching != null) {
      watching.forEach(SessionFunction::close);
    }
  }

  /** Calls the function for the session, unless a call is under way: then once more after it. */
  void update(Session session) {
    if (closed || !session.isLive()) {
      return;
    }
    if (running.putIfAbsent(session.id(), false) != null) {
      running.put(session.id(), true);
      return;
    }
    evaluator.call(function, arguments, session.variables(), this).whenComplete((value, failure) -> {
      boolean again = Boolean.TRUE.equals(running.remove(session.id()));
      if (closed) {
        return;
      }
      try {
        outcome.of(session, value, failure == null ? null : Futures.unwrap(failure));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "handling the result of " + function.signature() + " failed", e);
      }
      if (again) {
        update(session);
      }
    });
  }

  void close() {
    closed = true;
    ScheduledFuture<?> c = cadence;
    if (c != null) {
      c.cancel(false);
    }
    monitors.values().forEach(list -> list.forEach(SessionFunction::close));
    monitors.clear();
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "closing a variable monitor: " + e);
    }
  }
}
