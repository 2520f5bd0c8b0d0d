package org.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polybridge.internal.client.ExchangeConnection;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.NotificationRequest;
import org.polybridge.proto.NotificationResponse;
import org.polybridge.proto.NotificationType;
import org.polybridge.proto.RPCRegistrationRequest;
import org.polybridge.proto.VariableMonitorRequest;
import org.polybridge.proto.VariableScope;

/**
 * Requests of one in-JVM connection may arrive on many threads at once (an embedder's): what they
 * subscribe or register must end as if they had come one after another.
 */
class SubscriptionRacesTest {
  private static final int ROUNDS = 300;

  private final Bridge bridge = Bridge.newBuilder().build();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() {
    threads.shutdownNow();
    bridge.close();
  }

  @Test
  void twoRacingSubscribesToOneVariableGiveOneMonitorAndOneAlreadySubscribed() throws Exception {
    ExchangeConnection client = (ExchangeConnection) bridge.connect("racer");
    CyclicBarrier start = new CyclicBarrier(2);
    for (int round = 0; round < ROUNDS; round++) {
      List<Future<NotificationResponse.Status>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return client.request(monitor(true)).get(10, TimeUnit.SECONDS).getNotificationResponse().getStatus();
        }));
      }
      List<NotificationResponse.Status> statuses = new ArrayList<>();
      for (Future<NotificationResponse.Status> a : answers) {
        statuses.add(a.get(10, TimeUnit.SECONDS));
      }

      assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(
          NotificationResponse.Status.OK, NotificationResponse.Status.ALREADY_SUBSCRIBED);
      assertThat(client.request(monitor(false)).get(10, TimeUnit.SECONDS).getNotificationResponse().getStatus())
          .isEqualTo(NotificationResponse.Status.OK);
      assertThat(client.request(monitor(false)).get(10, TimeUnit.SECONDS).getNotificationResponse().getStatus())
          .as("nothing was left subscribed").isEqualTo(NotificationResponse.Status.NOT_SUBSCRIBED);
    }
  }

  @Test
  void aFunctionRegisteredWhileItsConnectionClosesDoesNotOutliveIt() throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    for (int round = 0; round < ROUNDS; round++) {
      ExchangeConnection connection = (ExchangeConnection) bridge.connect("closing " + round);
      Future<?> register = threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        CompletableFuture<?> answer = connection.request(register("racy"));
        try {
          answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          // closed before it answered: fine, as long as nothing stays registered
        }
        return null;
      });
      Future<?> close = threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        connection.close();
        return null;
      });
      register.get(10, TimeUnit.SECONDS);
      close.get(10, TimeUnit.SECONDS);

      assertThat(ApiServer.of(bridge).registry().named("racy")).as("round " + round).isEmpty();
    }
  }

  private static ClientOriginatedMessage.Builder monitor(boolean subscribe) {
    return ClientOriginatedMessage.newBuilder().setNotificationRequest(NotificationRequest.newBuilder()
        .setSubscribe(subscribe).setNotificationType(NotificationType.NOTIFY_ON_VARIABLE_CHANGE)
        .setVariableMonitorRequest(VariableMonitorRequest.newBuilder().setScope(VariableScope.APP).setName("user.raced")));
  }

  private static ClientOriginatedMessage.Builder register(String name) {
    return ClientOriginatedMessage.newBuilder().setNotificationRequest(NotificationRequest.newBuilder()
        .setSubscribe(true).setNotificationType(NotificationType.NOTIFY_ON_SERVER_ORIGINATED_RPC)
        .setRpcRegistrationRequest(RPCRegistrationRequest.newBuilder().setName(name)));
  }
}
