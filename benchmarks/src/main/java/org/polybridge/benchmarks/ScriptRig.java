package org.polybridge.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.polybridge.Bridge;
import org.polybridge.client.ApiClient;
import org.polybridge.internal.script.BridgeEngine;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.script.ScriptLog;
import org.polybridge.script.ScriptRuntime;

/**
 * A bridge and one language runtime, which starts scripts straight ({@code runtime.start(env)},
 * as the language modules' tests do; no AutoLaunch loader, no polling of a folder), on an engine of
 * the rig's own, made as a bridge makes its scripts' engine: when the first script starts.
 */
final class ScriptRig implements AutoCloseable {
  final Bridge bridge = Bridge.newBuilder().build();
  private final BridgeEngine engine = BridgeEngine.madeOnFirstUse();
  private final ScriptRuntime runtime;
  private final String extension;
  private final Path folder = Guests.tempFolder("polybridge-bench-startup");
  private final List<Script> scripts = new ArrayList<>();
  private final List<ScriptEventLoop> loops = new ArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private int count;

  ScriptRig(ScriptRuntime runtime, String extension) {
    this.runtime = runtime;
    this.extension = extension;
  }

  /** Writes a script that serves {@code name(a, b)}, starts it and returns once the function answered. */
  void startAndAwait(String prefix) {
    String name = prefix + "_" + ++count;
    Path file = folder.resolve(name + extension);
    Guests.write(file, extension.equals(".js") ? Guests.js(name) : Guests.python(name));
    String scriptName = file.getFileName().toString();
    ScriptEventLoop loop = new ScriptEventLoop(scriptName);
    loops.add(loop);
    ApiClient api = new ApiClient(bridge.connect(scriptName), loop);
    scripts.add(runtime.start(new ScriptEnvironment(scriptName, file, folder, api, loop, new ScriptLog() {
      @Override
      public void info(String message) {
        log.add(scriptName + ": " + message);
      }

      @Override
      public void error(String message, String traceback) {
        log.add(scriptName + ": ERROR " + message + (traceback != null ? "\n" + traceback : ""));
      }
    }, engine.get())));
    Guests.awaitAnswer(bridge, name, () -> "log:\n" + String.join("\n", log));
  }

  @Override
  public void close() {
    for (Script script : scripts) {
      script.stop();
    }
    for (ScriptEventLoop loop : loops) {
      loop.close();
    }
    runtime.close();
    engine.close();
    bridge.close();
    Guests.delete(folder);
  }
}
