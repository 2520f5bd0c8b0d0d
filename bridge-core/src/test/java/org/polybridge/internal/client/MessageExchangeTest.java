package org.polybridge.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.polybridge.ProtocolException;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;

class MessageExchangeTest {

  @Test
  void aRequestPreparedWhileTheConnectionClosesStillFails() throws Exception {
    // The window is a few instructions wide, so race the two many times; each round must leave no
    // request waiting (before the fix, some rounds did).
    for (int round = 0; round < 1_000; round++) {
      MessageExchange exchange = new MessageExchange();
      CyclicBarrier start = new CyclicBarrier(2);
      List<CompletableFuture<ServerOriginatedMessage>> responses = new ArrayList<>();
      Thread preparer = Thread.ofPlatform().start(() -> {
        await(start);
        for (int i = 0; i < 20; i++) {
          CompletableFuture<ServerOriginatedMessage> response = new CompletableFuture<>();
          responses.add(response);
          exchange.prepare(ClientOriginatedMessage.newBuilder(), response);
        }
      });
      await(start);
      exchange.closed("test");
      preparer.join();
      for (CompletableFuture<ServerOriginatedMessage> response : responses) {
        assertThat(response).as("round %d", round).isCompletedExceptionally();
        assertThat(response.handle((v, e) -> e).get(1, TimeUnit.SECONDS)).isInstanceOf(ProtocolException.class);
      }
    }
  }

  @Test
  void aRequestAnsweredBeforeCloseKeepsItsAnswer() {
    MessageExchange exchange = new MessageExchange();
    CompletableFuture<ServerOriginatedMessage> response = new CompletableFuture<>();
    ClientOriginatedMessage sent = exchange.prepare(ClientOriginatedMessage.newBuilder(), response);
    ServerOriginatedMessage answer = ServerOriginatedMessage.newBuilder().setId(sent.getId()).build();
    exchange.received(answer);
    exchange.closed("done");
    assertThat(response).isCompletedWithValue(answer);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
