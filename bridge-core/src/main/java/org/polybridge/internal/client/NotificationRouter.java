package org.polybridge.internal.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.polybridge.BridgeException;
import org.polybridge.client.Subscription;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationResponse;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.VariableChangedNotification;
import org.polybridge.script.ScriptEventLoop;

/**
 * Many local listeners over one subscription per kind and session: the host refuses a second
 * identical subscription from one connection, so the client subscribes with the first listener and
 * unsubscribes with the last. Notifications reach the listeners in the order the host sent them,
 * one at a time, whatever the callback executor (a thread per task would reorder them). On a
 * {@link ScriptEventLoop} they are also in order with everything else posted to the loop after
 * they arrived: a call of the script's functions, the answer to a request.
 */
public final class NotificationRouter {
  private final ExchangeConnection connection;
  private final Executor callbacks;
  private final Map<String, List<Consumer<Notification>>> listeners = new ConcurrentHashMap<>();

  public NotificationRouter(ExchangeConnection connection, Executor callbacks) {
    this.connection = connection;
    // A script's loop runs its tasks one at a time in the order they were posted: notifications go
    // straight to it, in one line with the calls of the script's functions (ApiClient posts them
    // there too). Through a queue of their own they could wait there, their drain not yet on the
    // loop, while a call posted after them ran first: a call in a session just opened would find
    // the script's app without it.
    this.callbacks = callbacks instanceof ScriptEventLoop ? callbacks : new InOrderExecutor(callbacks);
  }

  /**
   * Adds a listener for notifications of one kind; {@code request} is the subscription as the host
   * should see it (type, session and arguments set, {@code subscribe} not).
   */
  public CompletableFuture<Subscription> subscribe(NotificationRequest.Builder request, Consumer<Notification> listener) {
    String key = key(request);
    List<Consumer<Notification>> list = listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    boolean first;
    synchronized (list) {
      first = list.isEmpty();
      list.add(listener);
    }
    Subscription subscription = () -> cancel(request, key, listener);
    if (!first) {
      return CompletableFuture.completedFuture(subscription);
    }
    return send(request.clone().setSubscribe(true)).handle((ok, failure) -> {
      if (failure != null) {
        list.remove(listener);
        throw failure instanceof RuntimeException r ? r : new BridgeException(failure.getMessage(), failure);
      }
      return subscription;
    });
  }

  /** Hands a notification to the listeners of its kind and session, on the callback executor. */
  public void dispatch(Notification n) {
    if (n.hasCustomEscapeSequenceNotification()) {
      String session = n.getCustomEscapeSequenceNotification().getSession();
      deliver(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE + "/" + session, n);
      deliver(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE + "/all", n);
    } else if (n.hasNewSessionNotification()) {
      deliver(NotificationType.NOTIFY_ON_NEW_SESSION + "/all", n);
    } else if (n.hasTerminateSessionNotification()) {
      deliver(NotificationType.NOTIFY_ON_TERMINATE_SESSION + "/all", n);
    } else if (n.hasLayoutChangedNotification()) {
      deliver(NotificationType.NOTIFY_ON_LAYOUT_CHANGE + "/all", n);
    } else if (n.hasFocusChangedNotification()) {
      deliver(NotificationType.NOTIFY_ON_FOCUS_CHANGE + "/all", n);
    } else if (n.hasVariableChangedNotification()) {
      VariableChangedNotification v = n.getVariableChangedNotification();
      deliver(variableKey(v.getScope().name(), v.getIdentifier(), v.getName()), n);
      if (!v.getIdentifier().equals("all")) {
        // as iTerm2's library does: a monitor of every session (or window) hears each one's change
        deliver(variableKey(v.getScope().name(), "all", v.getName()), n);
      }
    } else if (n.hasBroadcastDomainsChanged()) {
      deliver(NotificationType.NOTIFY_ON_BROADCAST_CHANGE + "/all", n);
    } else if (n.hasKeystrokeNotification()) {
      deliver(NotificationType.NOTIFY_ON_KEYSTROKE + "/" + n.getKeystrokeNotification().getSession(), n);
      deliver(NotificationType.NOTIFY_ON_KEYSTROKE + "/all", n);
    } else if (n.hasPromptNotification()) {
      deliver(NotificationType.NOTIFY_ON_PROMPT + "/" + n.getPromptNotification().getSession(), n);
      deliver(NotificationType.NOTIFY_ON_PROMPT + "/all", n);
    }
  }

  private void deliver(String key, Notification n) {
    List<Consumer<Notification>> list = listeners.get(key);
    if (list != null) {
      list.forEach(l -> callbacks.execute(() -> l.accept(n)));
    }
  }

  private CompletableFuture<Void> cancel(NotificationRequest.Builder request, String key, Consumer<Notification> listener) {
    List<Consumer<Notification>> list = listeners.get(key);
    boolean last;
    synchronized (list) {
      if (!list.remove(listener)) {
        return CompletableFuture.completedFuture(null);
      }
      last = list.isEmpty();
    }
    return last ? send(request.clone().setSubscribe(false)) : CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> send(NotificationRequest.Builder request) {
    return connection.request(ClientOriginatedMessage.newBuilder().setNotificationRequest(request)).thenApply(r -> {
      if (r.hasError()) {
        throw new BridgeException(r.getError());
      }
      NotificationResponse.Status status = r.getNotificationResponse().getStatus();
      if (status != NotificationResponse.Status.OK && status != NotificationResponse.Status.ALREADY_SUBSCRIBED
          && status != NotificationResponse.Status.NOT_SUBSCRIBED) {
        throw new BridgeException("the host refused to " + (request.getSubscribe() ? "subscribe to " : "unsubscribe from ")
            + request.getNotificationType() + " in session " + request.getSession() + ": " + status);
      }
      return null;
    });
  }

  private static String key(NotificationRequest.Builder r) {
    if (r.hasVariableMonitorRequest()) {
      var v = r.getVariableMonitorRequest();
      return variableKey(v.getScope().name(), v.getIdentifier(), v.getName());
    }
    return r.getNotificationType() + "/" + (r.hasSession() ? r.getSession() : "all");
  }

  private static String variableKey(String scope, String identifier, String name) {
    return NotificationType.NOTIFY_ON_VARIABLE_CHANGE + "/" + scope + "/" + identifier + "/" + name;
  }
}
