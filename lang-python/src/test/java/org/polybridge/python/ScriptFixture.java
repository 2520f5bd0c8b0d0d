package org.polybridge.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.host.Host;
import org.polybridge.host.Session;
import org.polybridge.host.Window;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.script.Repl;
import org.polybridge.script.Script;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptEventLoop;
import org.polybridge.script.ScriptLog;
import org.polybridge.testkit.RecordingSessionIo;
import org.polybridge.testkit.TestEngine;

/**
 * A bridge whose host opens recording terminals, one window with one session to begin with, and
 * Python scripts started in it straight through a {@link PythonRuntime} (no loader), on the test
 * run's one engine.
 */
final class ScriptFixture implements AutoCloseable {
  static final Path EXAMPLES = Path.of("..", "examples", "Scripts", "AutoLaunch").toAbsolutePath().normalize();

  final Bridge bridge = Bridge.newBuilder().host(ScriptFixture::openTab).build();
  final Session session = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
  final Log log = new Log();
  private final PythonRuntime runtime;
  private final Path folder;
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  ScriptFixture(PythonRuntime runtime, Path folder) {
    this.runtime = runtime;
    this.folder = folder;
  }

  private static CompletableFuture<Session> openTab(org.polybridge.host.App app, Window window, String profile) {
    Window w = window != null ? window : app.newWindow();
    return CompletableFuture.completedFuture(RecordingSessionIo.openIn(w.newTab()));
  }

  /** Starts a copy of an example script. */
  Script startExample(String fileName) throws IOException {
    Path copy = folder.resolve(fileName);
    Files.copy(EXAMPLES.resolve(fileName), copy);
    return start(copy);
  }

  /** Starts a script with this source. */
  Script startSource(String fileName, String source) throws IOException {
    Path file = folder.resolve(fileName);
    Files.writeString(file, source);
    return start(file);
  }

  private Script start(Path file) {
    String name = file.getFileName().toString();
    ScriptEventLoop loop = new ScriptEventLoop(name);
    ApiClient api = new ApiClient(bridge.connect(name), loop);
    Script script = runtime.start(new ScriptEnvironment(name, file, file.getParent(), api, loop, log, TestEngine.shared()));
    closing.add(loop);
    closing.add(script::stop);
    return script;
  }

  /** Starts a REPL whose folder is this fixture's, printing to {@code output}. */
  Repl startRepl(Repl.Output output) {
    String name = "repl-" + closing.size();
    ScriptEventLoop loop = new ScriptEventLoop(name);
    ApiClient api = new ApiClient(bridge.connect(name), loop);
    Repl repl = runtime.startRepl(new ScriptEnvironment(name, folder.resolve("<stdin>"), folder, api, loop, log, TestEngine.shared()), output);
    closing.add(loop);
    closing.add(repl::stop);
    return repl;
  }

  /** Waits until a function of this name is registered. */
  void awaitFunction(String name) throws InterruptedException {
    // A cold GraalPy start takes seconds, and many times that on a busy machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (ApiServer.of(bridge).registry().named(name).isEmpty()) {
      assertThat(System.nanoTime()).as("%s registered in time; log: %s", name, log.lines).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  Object invoke(String invocation) throws Exception {
    return bridge.invoke(invocation).get(30, TimeUnit.SECONDS);
  }

  Object invokeIn(Session session, String invocation) throws Exception {
    return bridge.invoke(invocation, InvocationContext.session(session.id()), Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
  }

  static String displayed(Session session) {
    return ((RecordingSessionIo) session.io()).displayed();
  }

  @Override
  public void close() {
    for (AutoCloseable c : closing.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
    bridge.close();
  }

  static final class Log implements ScriptLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
      lines.add(message);
    }

    @Override
    public void error(String message, String traceback) {
      lines.add("ERROR " + message + (traceback != null ? "\n" + traceback : ""));
    }

    @Override
    public String toString() {
      return String.join("\n", lines);
    }
  }
}
