package org.polybridge.internal.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Engine;
import org.polybridge.ScriptException;
import org.polybridge.client.RpcDefinition;
import org.polybridge.script.RuntimeFault;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptRuntime;

/**
 * A real runtime for a toy language, enough to test the loader without a guest language. A
 * {@code .calc} script (or a folder with {@code main.calc}) is lines of:
 *
 * <pre>
 * answer=42        serve the function answer() returning 42
 * fail: reason     fail while loading
 * fault: reason    fail while loading with a fault of the runtime ({@code RuntimeFault}), on every start
 * fault once: r    the same on the first start only
 * crash: reason    load, then crash
 * on f(): reason   serve f(), which crashes the script when called (once it has loaded)
 * hold             finish loading only once the test calls {@code release()}
 * finish           load, then finish
 * </pre>
 *
 * Without {@code crash} or {@code finish} a script runs until stopped.
 */
final class CalcRuntime implements ScriptRuntime {
  private final CompletableFuture<Void> held = new CompletableFuture<>();
  private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Set<Engine> engines = ConcurrentHashMap.newKeySet();
  private final java.util.Queue<String> warmedUpOn = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public String language() {
    return "Calc";
  }

  @Override
  public List<String> extensions() {
    return List.of(".calc");
  }

  @Override
  public List<String> mainFileNames() {
    return List.of("main.calc");
  }

  /** How many times the script {@code name} was started. */
  int starts(String name) {
    AtomicInteger n = starts.get(name);
    return n == null ? 0 : n.get();
  }

  /** The engines the scripts were started with. */
  /** Lets scripts with a {@code hold} line finish loading. */
  void release() {
    held.complete(null);
  }

  Set<Engine> engines() {
    return Set.copyOf(engines);
  }

  /** Scripts started and not stopped. */
  int running() {
    return running.get();
  }

  @Override
  public Script start(ScriptEnvironment environment) {
    starts.computeIfAbsent(environment.name(), n -> new AtomicInteger()).incrementAndGet();
    running.incrementAndGet();
    engines.add(environment.engine());
    CalcScript script = new CalcScript();
    // Read as the loader starts the script, not later on its loop: a test that edits the file while
    // the script loads must know which version this run holds (the loop may run after the edit).
    try {
      List<String> lines = Files.readAllLines(environment.mainFile());
      environment.loop().execute(() -> script.run(environment, lines));
    } catch (IOException e) {
      environment.loop().execute(() -> script.fail(new ScriptException("cannot read: " + e.getMessage(), null)));
    }
    return script;
  }

  @Override
  public void warmUp(Engine engine) {
    engines.add(engine);
    warmedUpOn.add(Thread.currentThread().getName());
  }

  /** The names of the threads its warm-ups ran on, one per warm-up. */
  List<String> warmedUpOn() {
    return List.copyOf(warmedUpOn);
  }

  @Override
  public void close() {}

  private final class CalcScript implements Script {
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private boolean stopped;

    void run(ScriptEnvironment environment, List<String> lines) {
      CompletableFuture<Void> registered = CompletableFuture.completedFuture(null);
      String end = null;
      for (String line : lines) {
        if (line.startsWith("fail:")) {
          environment.log().error(line.substring(5).strip(), "at " + environment.mainFile().getFileName());
          fail(new ScriptException(line.substring(5).strip(), "at " + environment.mainFile().getFileName()));
          return;
        } else if (line.startsWith("fault:") || line.startsWith("fault once:") && starts(environment.name()) == 1) {
          String reason = line.substring(line.indexOf(':') + 1).strip();
          fail(new ScriptException(reason, null, new RuntimeFault(new IllegalStateException(reason))));
          return;
        } else if (line.startsWith("fault once:")) {
          continue;
        } else if (line.startsWith("on ")) {
          String name = line.substring(3, line.indexOf("()"));
          String reason = line.substring(line.indexOf(':') + 1).strip();
          // A call can arrive once the function is registered, before the load has ended; the crash
          // waits for that end, or the loader would rightly take it for a failed load.
          registered = registered.thenCompose(ok -> environment.api().register(RpcDefinition.of(name), arguments -> {
            loaded.whenComplete((done, failure) -> completion.completeExceptionally(new ScriptException(reason, null)));
            return CompletableFuture.completedFuture("crashing");
          }));
        } else if (line.equals("hold")) {
          registered = registered.thenCompose(ok -> held);
        } else if (line.startsWith("crash:") || line.equals("finish")) {
          end = line;
        } else if (line.contains("=")) {
          String name = line.substring(0, line.indexOf('=')).strip();
          String text = line.substring(line.indexOf('=') + 1).strip();
          Object value = text.matches("-?\\d+") ? (Object) Long.parseLong(text) : text;
          registered = registered.thenCompose(ok -> environment.api().register(RpcDefinition.of(name),
              arguments -> CompletableFuture.completedFuture(value)));
        }
      }
      String ending = end;
      registered.whenCompleteAsync((ok, failure) -> {
        if (failure != null) {
          fail(new ScriptException(failure.getMessage(), null));
          return;
        }
        loaded.complete(null);
        if (ending != null && ending.startsWith("crash:")) {
          completion.completeExceptionally(new ScriptException(ending.substring(6).strip(), null));
        } else if (ending != null) {
          completion.complete(null);
        }
      }, environment.loop());
    }

    private void fail(ScriptException e) {
      loaded.completeExceptionally(e);
      completion.completeExceptionally(e);
    }

    @Override
    public CompletableFuture<Void> completion() {
      return completion;
    }

    @Override
    public CompletableFuture<Void> loaded() {
      return loaded;
    }

    @Override
    public synchronized void stop() {
      if (!stopped) {
        stopped = true;
        running.decrementAndGet();
        completion.complete(null);
      }
    }
  }
}
