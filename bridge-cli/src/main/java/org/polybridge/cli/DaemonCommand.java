package org.polybridge.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.internal.json.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that asks the running daemon one thing over a connection of its own ({@code --socket},
 * {@code --tcp}), and prints the answer as JSON. A failure is the request's own exception, which
 * {@link Main} prints on stderr with status 1.
 */
abstract class DaemonCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin DaemonAddress daemon;

  /** Connects, sends what {@code request} sends, waits for its answer and closes. */
  <T> T ask(Function<ApiClient, CompletableFuture<T>> request) throws Exception {
    try (Connection connection = daemon.connect(main.environment(), "polybridge " + spec.name())) {
      return request.apply(new ApiClient(connection, Runnable::run)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Prints a JSON value on its own line of standard output. */
  void printJson(Object value) {
    spec.commandLine().getOut().println(Json.write(value));
    spec.commandLine().getOut().flush();
  }
}
