package org.polybridge.internal.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.json.Json;
import org.polybridge.proto.InvokeFunctionResponse;

/**
 * Invocations that come without a connection of the protocol: {@code POST /invoke} on the daemon's
 * Unix socket, which {@code polybridge invoke} sends through curl (docs/PROTOCOL.md, "One-shot
 * invocations"). Each takes the path of a client's {@code InvokeFunctionRequest} ({@link
 * InvocationRequests}), as a caller of its own, and is answered with the text {@code polybridge
 * invoke} prints.
 *
 * <pre>{@code
 * OneShotInvocations invocations = new OneShotInvocations(server);
 * invocations.invoke(new OneShotInvocations.Call("add(a: 1, b: 2)", InvocationContext.app(), null))
 *     .thenAccept(answer -> System.out.print(answer.text()));   // 3 and a newline
 * }</pre>
 */
public final class OneShotInvocations {
  /** An invocation in a context, within {@code timeout} ({@code null}: the host's default, 30 s). */
  public record Call(String invocation, InvocationContext context, Duration timeout) {
    public Call {
      Objects.requireNonNull(invocation, "invocation == null");
      Objects.requireNonNull(context, "context == null");
    }
  }

  /**
   * What {@code polybridge invoke} prints: with {@code failure} {@code null}, the value's JSON text
   * and a newline (its standard output); else the failure's message and a newline, which it prints
   * after {@code "polybridge: "} on standard error.
   */
  public record Answer(InvocationException.Status failure, String text) {}

  private final ApiServer server;

  public OneShotInvocations(ApiServer server) {
    this.server = Objects.requireNonNull(server, "server == null");
  }

  /** Evaluates the call; cancelling the answer gives the invocation up (its client went away). */
  public CompletableFuture<Answer> invoke(Call call) {
    // every one-shot client is a caller of its own, whom scripts take turns with, as a connection is
    Object caller = new Object();
    CompletableFuture<InvokeFunctionResponse> response =
        InvocationRequests.answer(server, InvocationRequests.request(call.invocation(), call.context(), call.timeout()), caller);
    CompletableFuture<Answer> answer = response.thenApply(OneShotInvocations::text);
    answer.whenComplete((text, error) -> response.cancel(false));
    return answer;
  }

  /** The answer as the JVM client would print it, from the very value or exception it would get. */
  private static Answer text(InvokeFunctionResponse response) {
    try {
      return new Answer(null, Json.write(InvocationRequests.value(response)) + "\n");
    } catch (InvocationException e) {
      return new Answer(e.status(), e.getMessage() + "\n");
    }
  }
}
