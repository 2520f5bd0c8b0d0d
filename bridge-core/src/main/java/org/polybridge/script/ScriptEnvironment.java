package org.polybridge.script;

import java.nio.file.Path;
import java.util.Objects;
import org.graalvm.polyglot.Engine;
import org.polybridge.client.ApiClient;

/**
 * What the bridge gives a script when it starts: its name and files, its connection to the host
 * (the core owns it: guests never open sockets), the thread it runs on, its log, and the polyglot
 * engine to run it on.
 *
 * @param name the script's name: its file or folder name in AutoLaunch
 * @param mainFile the file to run
 * @param directory the folder that holds the script's files (for imports of sibling modules)
 * @param api the script's connection to the host, whose callbacks run on {@code loop}
 * @param loop the one thread that enters the script's context
 * @param log the script's own log
 * @param engine the engine every script of the bridge runs on, whatever its language: a runtime
 *     builds the script's context on it ({@code Context.newBuilder(…).engine(engine)}) so that code
 *     parsed for one script is cached for all. The bridge owns it: runtimes never close it
 *
 * <pre>{@code
 * // in a ScriptRuntime: the context runs on the bridge's engine, entered on the script's loop only
 * public Script start(ScriptEnvironment environment) {
 *   environment.loop().execute(() -> {
 *     Context context = Context.newBuilder("js").engine(environment.engine()).build();
 *     context.eval(Source.newBuilder("js", environment.mainFile().toFile()).build());
 *   });
 *   ...
 * }
 * }</pre>
 */
public record ScriptEnvironment(String name, Path mainFile, Path directory, ApiClient api, ScriptEventLoop loop, ScriptLog log,
    Engine engine) {
  public ScriptEnvironment {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(mainFile, "mainFile == null");
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(api, "api == null");
    Objects.requireNonNull(loop, "loop == null");
    Objects.requireNonNull(log, "log == null");
    Objects.requireNonNull(engine, "engine == null");
  }
}
