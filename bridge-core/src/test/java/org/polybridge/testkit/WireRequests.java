package org.polybridge.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.polybridge.client.ApiClient;
import org.polybridge.client.RpcDefinition;
import org.polybridge.client.RpcHandler;
import org.polybridge.client.Subscription;
import org.polybridge.internal.client.ProtoValues;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.Notification;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * The protocol's messages built with protobuf's builders, over an {@link ApiClient}, which speaks
 * their JSON form: for tests that check a message field by field.
 */
public final class WireRequests {
  private WireRequests() {}

  /** {@link ApiClient#request} with a typed request and answer. */
  public static CompletableFuture<ServerOriginatedMessage> request(ApiClient api, ClientOriginatedMessage.Builder request) {
    return api.request(ProtoValues.toValue(request.buildPartial()))
        .thenApply(answer -> ProtoValues.fill(ServerOriginatedMessage.newBuilder(), answer).build());
  }

  /** {@link ApiClient#subscribe} with a typed request and notifications. */
  public static CompletableFuture<Subscription> subscribe(ApiClient api, NotificationRequest.Builder request,
      Consumer<Notification> listener) {
    return api.subscribe(ProtoValues.toValue(request.buildPartial()),
        n -> listener.accept(ProtoValues.fill(Notification.newBuilder(), n).build()));
  }

  /** {@link ApiClient#register(RpcDefinition, RpcHandler, java.util.Map)} with the role's fields set on a builder. */
  public static CompletableFuture<Void> register(ApiClient api, RpcDefinition definition, RpcHandler handler,
      RPCRegistrationRequest.Builder role) {
    return api.register(definition, handler, ProtoValues.toValue(role.buildPartial()));
  }
}
