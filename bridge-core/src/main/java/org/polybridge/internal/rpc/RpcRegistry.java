package org.polybridge.internal.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.script.Deadlines.Deadline;
import org.polybridge.script.Deadlines;

/**
 * The global namespace of registered functions, and the calls in flight to them. First wins: a
 * signature that is taken stays with its owner until the owner unregisters it or goes away. A call
 * is a request id handed to the owner; it ends with the owner's answer, the function's own
 * timeout, or the owner's departure, whichever comes first, and later answers are dropped.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class RpcRegistry {
  /**
   * The functions by name, each list in the order they were registered and never changed in place:
   * a call takes the first that can take it, so a later registration (another client's {@code f()})
   * never takes the calls of an earlier one ({@code f(session_id)} with a reference default). A call
   * looks its name up once, and registering copies one short list. A signature's name is its key,
   * so a duplicate signature is found within one list, atomically ({@code compute}).
   */
  private final ConcurrentMap<String, List<RpcRegistration>> byName = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, PendingCall> pending = new ConcurrentHashMap<>();

  private final AtomicLong requestIds = new AtomicLong();
  private final Deadlines deadlines;

  /**
   * How many calls an owner holds that it has not started yet; the rest wait in its {@link
   * CallQueue}. Two: when the owner starts one, the next is already in its queue behind it.
   */
  static final int WINDOW = 2;

  private final ConcurrentMap<RpcOwner, CallQueue<PendingCall>> queues = new ConcurrentHashMap<>();

  /** A call in flight; its timeout is armed when it is handed to its owner, on whichever thread does that. */
  private static final class PendingCall {
    final String requestId;
    final RpcRegistration registration;
    final Map<String, Object> arguments;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    final CompletableFuture<?> invocation;
    volatile Deadline timeout;

    PendingCall(String requestId, RpcRegistration registration, Map<String, Object> arguments, CompletableFuture<?> invocation) {
      this.requestId = requestId;
      this.registration = registration;
      this.arguments = arguments;
      this.invocation = invocation;
    }

    RpcOwner owner() {
      return registration.owner();
    }

    boolean abandoned() {
      return invocation != null && invocation.isDone();
    }

    void cancelTimeout() {
      Deadline t = timeout;
      if (t != null) {
        t.cancel();
      }
    }
  }

  public RpcRegistry(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  /** Registers a function; empty when accepted, else the registration that holds the signature. */
  public Optional<RpcRegistration> register(RpcRegistration registration) {
    RpcRegistration[] holder = new RpcRegistration[1];
    byName.compute(registration.signature().name(), (name, list) -> {
      if (list != null) {
        for (RpcRegistration r : list) {
          if (r.signature().equals(registration.signature())) {
            holder[0] = r;
            return list;
          }
        }
      }
      List<RpcRegistration> grown = new ArrayList<>(list == null ? List.of() : list);
      grown.add(registration);
      return List.copyOf(grown);
    });
    return Optional.ofNullable(holder[0]);
  }

  /** Removes a function, only on behalf of its owner; false when the owner holds no such function. */
  public boolean unregister(Signature signature, RpcOwner owner) {
    boolean[] removed = new boolean[1];
    byName.computeIfPresent(signature.name(), (name, list) -> {
      List<RpcRegistration> rest = list.stream()
          .filter(r -> !(r.signature().equals(signature) && r.owner() == owner)).toList();
      removed[0] = rest.size() < list.size();
      return rest.isEmpty() ? null : rest;
    });
    return removed[0];
  }

  /** The functions registered under a (namespaced) name, in the order they were registered. */
  public List<RpcRegistration> named(String name) {
    return byName.getOrDefault(name, List.of());
  }

  /** Every registered function, by signature. */
  public List<RpcRegistration> all() {
    List<RpcRegistration> list = new ArrayList<>();
    byName.values().forEach(list::addAll);
    list.sort(Comparator.comparing(r -> r.signature().toString()));
    return list;
  }

  /**
   * Calls a function through its owner for an invocation ({@code invocation}: its outcome, done
   * when its caller has the answer or gave up) made by {@code caller}. Fails with FAILED "Timeout"
   * when the function has not answered within its own timeout, counted from when the call is handed
   * to the owner. An owner that runs calls one after another and reports when it starts each
   * ({@link RpcOwner#deliver}) is handed at most {@value #WINDOW} calls it has not started: the
   * rest wait their turn here ({@link CallQueue}, taking turns between callers), which uses none of
   * their timeout, only the invocation's. A call whose invocation has ended by its turn, or by its
   * start, is dropped unrun.
   */
  public CompletableFuture<Object> call(RpcRegistration registration, Map<String, Object> arguments,
      CompletableFuture<?> invocation, Object caller) {
    PendingCall call = new PendingCall("rpc-" + requestIds.incrementAndGet(), registration, arguments, invocation);
    pending.put(call.requestId, call);
    CallQueue<PendingCall> queue = queues.computeIfAbsent(registration.owner(), o -> new CallQueue<>(WINDOW));
    if (queue.admit(caller, call)) {
      handOver(call, queue);
    }
    return call.result;
  }

  /**
   * The owner is about to run a call it was handed: the next waiting call is handed over. False
   * when the call has ended meanwhile (timed out, its owner closed) or its invocation has (the
   * caller has its answer or gave up): then the owner must not run it, and the call is dropped.
   */
  public boolean started(String requestId, RpcOwner from) {
    PendingCall call = pending.get(requestId);
    if (call != null && call.owner() != from) {
      return false; // not this owner's: it cannot have been handed this call
    }
    boolean run = call != null && !dropIfAbandoned(call);
    CallQueue<PendingCall> queue = queues.get(from);
    PendingCall next = queue == null ? null : queue.started();
    if (next != null) {
      handOver(next, queue);
    }
    return run;
  }

  /**
   * Hands calls to their owner, starting with {@code first}, for as long as the owner counts each as
   * started at once (it does not queue calls; or a call is dropped, or its delivery fails): one
   * that the owner will report the start of ends the run, and its start hands over the next.
   */
  private void handOver(PendingCall first, CallQueue<PendingCall> queue) {
    for (PendingCall call = first; call != null; call = queue.started()) {
      if (!pending.containsKey(call.requestId) || dropIfAbandoned(call)) {
        continue;
      }
      armTimeout(call);
      if (!pending.containsKey(call.requestId)) {
        continue; // a timeout of next to nothing expired before the call was handed over
      }
      boolean reportsStart;
      try {
        reportsStart = call.owner().deliver(call.requestId, call.registration, call.arguments);
      } catch (RuntimeException e) {
        fail(call.requestId, new InvocationException(Status.FAILED, e.getMessage()));
        continue;
      }
      if (reportsStart) {
        return;
      }
    }
  }

  /** Fails a call whose invocation has ended; true when it did. */
  private boolean dropIfAbandoned(PendingCall call) {
    if (!call.abandoned()) {
      return false;
    }
    fail(call.requestId, new InvocationException(Status.FAILED,
        "the invocation had ended before " + call.registration.signature() + " started"));
    return true;
  }

  private void armTimeout(PendingCall call) {
    call.timeout = deadlines.after(call.registration.timeout(), () -> timedOut(call.requestId, call.registration, call.result));
  }

  /**
   * An owner's answer to a call. Ignored (false) when the call already ended or was made to
   * another owner.
   */
  public boolean complete(String requestId, RpcOwner from, Object value, InvocationException failure) {
    PendingCall call = pending.get(requestId);
    if (call == null || call.owner() != from || !pending.remove(requestId, call)) {
      return false;
    }
    // the caller first, the timeout after: a timeout that fires in between finds the call answered
    if (failure != null) {
      call.result.completeExceptionally(failure);
    } else {
      call.result.complete(value);
    }
    call.cancelTimeout();
    return true;
  }

  /** The owner went away: its functions are gone and its calls in flight fail at once. */
  public void ownerClosed(RpcOwner owner) {
    ownerClosed(owner, null);
  }

  /**
   * As {@link #ownerClosed(RpcOwner)}; the callers whose calls it cuts short hear {@code reason}
   * ({@code "the script was stopped by request"}; {@code null}: none given).
   */
  public void ownerClosed(RpcOwner owner, String reason) {
    queues.remove(owner);
    for (String name : byName.keySet()) {
      byName.computeIfPresent(name, (n, list) -> {
        List<RpcRegistration> rest = list.stream().filter(r -> r.owner() != owner).toList();
        return rest.isEmpty() ? null : rest.size() == list.size() ? list : rest;
      });
    }
    pending.forEach((id, call) -> {
      if (call.owner() == owner) {
        fail(id, new InvocationException(Status.FAILED, cutShort(call.registration, reason)));
      }
    });
  }

  /** What the caller of {@code registration}'s function hears when its owner went away during the call. */
  public static String cutShort(RpcRegistration registration, String reason) {
    return "script terminated during function call: " + registration.signature() + (reason == null ? "" : ": " + reason);
  }

  /** Calls in flight, for tests and diagnostics. */
  public int pendingCalls() {
    return pending.size();
  }

  private void timedOut(String requestId, RpcRegistration r, CompletableFuture<Object> result) {
    pending.remove(requestId);
    result.completeExceptionally(new InvocationException(Status.FAILED,
        "Timeout: " + r.signature() + " did not return within " + seconds(r) + " s"));
  }


  private static String seconds(RpcRegistration r) {
    double s = r.timeout().toMillis() / 1000.0;
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }

  private void fail(String requestId, InvocationException failure) {
    PendingCall call = pending.remove(requestId);
    if (call != null) {
      call.cancelTimeout();
      call.result.completeExceptionally(failure);
    }
  }
}
