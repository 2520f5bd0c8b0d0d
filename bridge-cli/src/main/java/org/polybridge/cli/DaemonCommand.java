package org.polybridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.json.Json;

/**
 * A command that asks the running daemon one thing over a connection of its own ({@code --socket},
 * {@code --tcp}), and prints the answer as JSON. A failure is the request's own exception, which
 * {@link Main} prints on stderr with status 1.
 */
abstract class DaemonCommand implements Command {
  /** {@code options} and the daemon's address ({@link DaemonAddress#OPTIONS}). */
  static List<CommandSpec.Option> withAddress(CommandSpec.Option... options) {
    List<CommandSpec.Option> all = new ArrayList<>(List.of(options));
    all.addAll(DaemonAddress.OPTIONS);
    return all;
  }

  /** Connects, sends what {@code request} sends, waits for its answer and closes. */
  <T> T ask(Arguments arguments, Main main, Function<ApiClient, CompletableFuture<T>> request) throws Exception {
    DaemonAddress daemon = DaemonAddress.from(arguments, main);
    try (Connection connection = daemon.connect(main.environment(), "polybridge " + spec().name())) {
      return request.apply(new ApiClient(connection, Runnable::run)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Prints a JSON value on its own line of standard output. */
  static void printJson(Main main, Object value) {
    main.out().println(Json.write(value));
    main.out().flush();
  }
}
