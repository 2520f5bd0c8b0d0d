package org.polybridge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.internal.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code polybridge functions}: every function registered with the daemon ({@code iterm2.functions()}). */
@Command(name = "functions", mixinStandardHelpOptions = true,
    description = "Lists the registered functions: signature, arguments, defaults, timeout, role, owner (JSON).")
final class FunctionsCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin DaemonAddress daemon;

  @Option(names = "--table", description = "A table for people instead of JSON.")
  boolean table;

  @Override
  public Integer call() throws Exception {
    Object functions;
    try (Connection connection = daemon.connect(main.environment(), "polybridge functions")) {
      functions = new ApiClient(connection, Runnable::run).invoke("iterm2.functions()", InvocationContext.app(), null).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (table) {
      printTable(out, (List<?>) functions);
    } else {
      out.println(Json.write(functions));
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, List<?> functions) {
    String format = "%-40s %8s  %-10s %s%n";
    out.printf(format, "SIGNATURE", "TIMEOUT", "ROLE", "OWNER");
    for (Object o : functions) {
      Map<?, ?> f = (Map<?, ?>) o;
      out.printf(format, f.get("signature"), f.get("timeout") + " s", String.valueOf(f.get("role")).toLowerCase(java.util.Locale.ROOT), f.get("owner"));
    }
  }
}
