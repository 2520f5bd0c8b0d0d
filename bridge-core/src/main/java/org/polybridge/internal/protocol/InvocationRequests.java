package org.polybridge.internal.protocol;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.host.Variables;
import org.polybridge.internal.invocation.Futures;
import org.polybridge.internal.time.Timeouts;
import org.polybridge.json.Json;
import org.polybridge.proto.InvokeFunctionRequest;
import org.polybridge.proto.InvokeFunctionResponse;

/**
 * iTerm2's {@code InvokeFunctionRequest}, each step done one way: how a client builds one ({@code
 * ApiClient}), how the host answers one (a connection's message, or {@code POST /invoke}: {@link
 * OneShotInvocations}), and how the answer becomes the value or the {@link InvocationException}
 * its caller gets.
 */
public final class InvocationRequests {
  private InvocationRequests() {}

  /** The request for {@code invocation} in {@code context} within {@code timeout} ({@code null}: the host's default). */
  public static InvokeFunctionRequest request(String invocation, InvocationContext context, Duration timeout) {
    InvokeFunctionRequest.Builder request = InvokeFunctionRequest.newBuilder().setInvocation(invocation);
    switch (context.kind()) {
      case APP -> request.setApp(InvokeFunctionRequest.App.getDefaultInstance());
      case SESSION -> request.setSession(InvokeFunctionRequest.Session.newBuilder().setSessionId(context.id()));
      case TAB -> request.setTab(InvokeFunctionRequest.Tab.newBuilder().setTabId(context.id()));
      case WINDOW -> request.setWindow(InvokeFunctionRequest.Window.newBuilder().setWindowId(context.id()));
    }
    if (timeout != null) {
      request.setTimeout(Timeouts.clamp(timeout).toMillis() / 1000.0);
    }
    return request.build();
  }

  /**
   * The host's answer to {@code request} of {@code caller} (whom scripts take turns between).
   * Cancelling the answer gives the invocation up: its calls that still wait for their turn are
   * dropped unrun.
   */
  static CompletableFuture<InvokeFunctionResponse> answer(ApiServer server, InvokeFunctionRequest request, Object caller) {
    Variables scope = InvocationScopes.resolve(server.app(), request);
    if (scope == null) {
      return CompletableFuture.completedFuture(InvocationScopes.invalidContext(request));
    }
    if (!request.hasInvocation()) {
      return CompletableFuture.completedFuture(failure(new InvocationException(
          InvocationException.Status.REQUEST_MALFORMED, "invocation is missing")));
    }
    Duration timeout = Timeouts.ofSeconds(request.getTimeout(), ApiServer.DEFAULT_INVOCATION_TIMEOUT);
    CompletableFuture<Object> evaluation = server.invoke(request.getInvocation(), scope, timeout, caller);
    CompletableFuture<InvokeFunctionResponse> answer = evaluation.handle((value, error) -> {
      if (error == null) {
        return Json.writeWithin(value, ApiServer.MAX_ANSWER_LENGTH)
            .map(json -> InvokeFunctionResponse.newBuilder().setSuccess(
                InvokeFunctionResponse.Success.newBuilder().setJsonResult(json)).build())
            .orElseGet(() -> failure(new InvocationException(InvocationException.Status.FAILED, "the result is more than "
                + ApiServer.MAX_ANSWER_LENGTH + " characters of JSON (expected: at most 16 MiB, the most one answer carries)")));
      }
      Throwable cause = Futures.unwrap(error);
      return failure(cause instanceof InvocationException e
          ? e
          : new InvocationException(InvocationException.Status.FAILED, String.valueOf(cause)));
    });
    // done already unless the answer was cancelled
    answer.whenComplete((response, error) -> evaluation.cancel(false));
    return answer;
  }

  /** An answer that says why the invocation failed. */
  static InvokeFunctionResponse failure(InvocationException e) {
    String reason = e.traceback().map(t -> e.reason() + "\n" + t).orElse(e.reason());
    return InvokeFunctionResponse.newBuilder().setError(InvokeFunctionResponse.Error.newBuilder()
        .setStatus(InvokeFunctionResponse.Status.valueOf(e.status().name()))
        .setErrorReason(reason)).build();
  }

  /**
   * The value an answer carries, in the bridge's value model.
   *
   * @throws InvocationException when the answer says the invocation failed
   */
  public static Object value(InvokeFunctionResponse response) {
    if (response.hasSuccess()) {
      return Json.parse(response.getSuccess().getJsonResult());
    }
    InvokeFunctionResponse.Error error = response.getError();
    // error_reason is one text: the reason on its first line, the guest's traceback after it
    String text = error.getErrorReason();
    int newline = text.indexOf('\n');
    throw new InvocationException(InvocationException.Status.valueOf(error.getStatus().name()),
        newline < 0 ? text : text.substring(0, newline), newline < 0 ? null : text.substring(newline + 1));
  }
}
