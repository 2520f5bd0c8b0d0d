package org.polybridge.internal.invocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.host.Variables;
import org.polybridge.internal.config.ConfigListing;
import org.polybridge.internal.config.UserConfig;
import org.polybridge.internal.script.ScriptControl;
import org.polybridge.script.ScriptStatus;
import org.polybridge.internal.rpc.RpcRegistration;
import org.polybridge.internal.rpc.RpcRegistry;

/**
 * The host's own functions, under {@code iterm2.} (documented in docs/INVOCATIONS.md):
 *
 * <ul>
 *   <li>{@code iterm2.functions()}: every registered function: signature, arguments, reference
 *       defaults, timeout in seconds, role and owner;
 *   <li>{@code iterm2.set_variable(name:, value:)}: sets a {@code user.} variable in the
 *       invocation's own context and returns the value;
 *   <li>{@code iterm2.scripts()}: every AutoLaunch script: name, language, state, last error, and
 *       for one that runs when its run started and how often it started again, for one waiting to
 *       restart after a crash when it will;
 *   <li>{@code iterm2.start_script(name:)}, {@code iterm2.stop_script(name:)}, {@code
 *       iterm2.restart_script(name:)}: one script, the others untouched; answer its status. A
 *       name that is not an AutoLaunch script's is looked up in the Scripts folder beside it.
 *   <li>{@code iterm2.run_script(path:)}: runs the script file or folder at an absolute path on
 *       demand (iTerm2's Scripts menu); answers its status.
 *   <li>{@code iterm2.all_scripts()}: as {@code iterm2.scripts()}, and the Scripts folder's
 *       scripts not started, as {@code NOT_RUNNING}.
 *   <li>{@code iterm2.set_title(title:)}: a tab's or window's title ({@code titleOverride}; empty
 *       clears it), as iTerm2's method of that name.
 *   <li>{@code iterm2.set_name(name:)}: the {@code name} of the scope (a session's name).
 *   <li>{@code iterm2.keys()}, {@code iterm2.triggers()}, {@code iterm2.config_problems()}: the
 *       user's configuration file as it applies now, and the entries it left out.
 *   <li>{@code iterm2.console()}: a fresh address of the browser console, on a host that serves
 *       one ({@code polybridge run}; docs/CONSOLE.md).
 * </ul>
 */
final class Builtins {
  static final String NAMESPACE = "iterm2.";

  private final Map<String, Builtin> byName = new java.util.concurrent.ConcurrentHashMap<>();
  /** What answers {@code iterm2.console()}; none until a host that serves a console sets it. */
  private volatile Supplier<CompletableFuture<Object>> console;

  Builtins(RpcRegistry registry, Supplier<List<ScriptStatus>> scripts, ScriptControl control, Supplier<UserConfig> config) {
    byName.put("iterm2.functions", new Fixed(Set.of(), (args, scope) -> describe(registry)));
    byName.put("iterm2.set_variable", new Fixed(Set.of("name", "value"), Builtins::setVariable));
    byName.put("iterm2.scripts", new Fixed(Set.of(), (args, scope) -> describe(scripts.get(), control)));
    byName.put("iterm2.set_title", new Fixed(Set.of("title"), (args, scope) -> setString(scope, "titleOverride", args.get("title"), "title")));
    byName.put("iterm2.set_name", new Fixed(Set.of("name"), (args, scope) -> setString(scope, "name", args.get("name"), "name")));
    byName.put("iterm2.keys", new Fixed(Set.of(), (args, scope) -> ConfigListing.keys(config.get())));
    byName.put("iterm2.triggers", new Fixed(Set.of(), (args, scope) -> ConfigListing.triggers(config.get())));
    byName.put("iterm2.config_problems", new Fixed(Set.of(), (args, scope) -> ConfigListing.problems(config.get())));
    byName.put("iterm2.console", new Builtin() {
      @Override
      public Set<String> arguments() {
        return Set.of();
      }

      @Override
      public CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope) {
        Supplier<CompletableFuture<Object>> address = console;
        return address != null ? address.get() : CompletableFuture.failedFuture(new InvocationException(Status.FAILED,
            "this host serves no console (the daemon, `polybridge run`, does)"));
      }
    });
    byName.put("iterm2.all_scripts", new Fixed(Set.of(), (args, scope) -> describeAll(scripts.get(), control)));
    byName.put("iterm2.run_script", new Fixed(Set.of("path"), (args, scope) -> runOnDemand(control, args)));
    for (ScriptControl.Action action : ScriptControl.Action.values()) {
      String name = NAMESPACE + action.name().toLowerCase(java.util.Locale.ROOT) + "_script";
      byName.put(name, new Fixed(Set.of("name"), (args, scope) -> act(control, action, args)));
    }
  }

  private static Object act(ScriptControl control, ScriptControl.Action action, Map<String, Object> args) {
    if (!(args.get("name") instanceof String name) || name.isBlank()) {
      throw new InvocationException(Status.FAILED, "name : " + args.get("name") + " (expected: a script's name, e.g. add.py)");
    }
    try {
      return describe(List.of(control.act(name, action)), control).getFirst();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvocationException(Status.FAILED, e.getMessage());
    }
  }

  private static Object runOnDemand(ScriptControl control, Map<String, Object> args) {
    if (!(args.get("path") instanceof String path) || !java.nio.file.Path.of(path).isAbsolute()) {
      throw new InvocationException(Status.FAILED, "path : " + args.get("path") + " (expected: an absolute path of a script file or folder)");
    }
    try {
      return describe(List.of(control.startOnDemand(java.nio.file.Path.of(path))), control).getFirst();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvocationException(Status.FAILED, e.getMessage());
    }
  }

  /** The scripts there are, and the Scripts folder's that were not started (NOT_RUNNING). */
  private static List<Object> describeAll(List<ScriptStatus> scripts, ScriptControl control) {
    List<Object> all = describe(scripts, control);
    Set<String> listed = new java.util.HashSet<>();
    scripts.forEach(s -> listed.add(s.name()));
    control.onDemandScripts().forEach((name, language) -> {
      if (!listed.contains(name)) {
        Map<String, Object> script = new LinkedHashMap<>();
        script.put("name", name);
        script.put("language", language);
        script.put("state", "NOT_RUNNING");
        script.put("last_error", null);
        script.put("on_demand", true);
        all.add(script);
      }
    });
    return all;
  }

  /** Serves {@code iterm2.console()} with {@code address} from now on. */
  void console(Supplier<CompletableFuture<Object>> address) {
    this.console = address;
  }

  void add(String name, Set<String> arguments, java.util.function.BiFunction<Map<String, Object>, Variables, Object> body) {
    add(name, new Fixed(Set.copyOf(arguments), body));
  }

  void add(String name, Builtin builtin) {
    if (!name.startsWith(NAMESPACE) || byName.putIfAbsent(name, builtin) != null) {
      throw new IllegalArgumentException("built-in " + name + " (expected: a new name under " + NAMESPACE + ")");
    }
  }

  Optional<Builtin> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  private record Fixed(Set<String> arguments, java.util.function.BiFunction<Map<String, Object>, Variables, Object> body)
      implements Builtin {
    @Override
    public CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope) {
      try {
        return CompletableFuture.completedFuture(body.apply(arguments, scope));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  private static Object describe(RpcRegistry registry) {
    List<Object> list = new ArrayList<>();
    for (RpcRegistration r : registry.all()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("signature", r.signature().toString());
      f.put("name", r.signature().name());
      f.put("arguments", new ArrayList<Object>(r.signature().arguments()));
      Map<String, Object> defaults = new LinkedHashMap<>();
      r.defaults().forEach((k, v) -> defaults.put(k, v.toString()));
      f.put("defaults", defaults);
      f.put("timeout", r.timeout().toMillis() / 1000.0);
      f.put("role", r.role());
      f.put("owner", r.owner().name());
      list.add(f);
    }
    return list;
  }

  private static List<Object> describe(List<ScriptStatus> scripts, ScriptControl control) {
    List<Object> list = new ArrayList<>();
    for (ScriptStatus s : scripts) {
      Map<String, Object> script = new LinkedHashMap<>();
      script.put("name", s.name());
      script.put("language", s.language());
      script.put("state", s.state().name());
      script.put("last_error", s.lastError());
      if (s.detail() != null) {
        script.put("detail", s.detail());
      }
      control.run(s.name()).ifPresent(run -> {
        script.put("started_at", run.startedAt().toString());
        script.put("restarts", run.restarts());
      });
      control.restartAt(s.name()).ifPresent(at -> script.put("restart_at", at.toString()));
      control.startedFrom(s.name()).ifPresent(path -> {
        script.put("on_demand", true);
        script.put("path", path.toString());
      });
      list.add(script);
    }
    return list;
  }

  /** iTerm2's title and name methods: the text is kept as given (iTerm2 would interpolate it). */
  private static Object setString(Variables scope, String variable, Object value, String argument) {
    if (!(value instanceof String text)) {
      throw new InvocationException(Status.FAILED, argument + " : " + value + " (expected: a string)");
    }
    scope.set(variable, text.isEmpty() ? null : text);
    return null;
  }

  private static Object setVariable(Map<String, Object> args, Variables scope) {
    if (!(args.get("name") instanceof String name) || !name.startsWith("user.") || name.length() == 5) {
      throw new InvocationException(Status.FAILED,
          "name : " + args.get("name") + " (expected: a string starting with 'user.')");
    }
    scope.set(name, args.get("value"));
    return args.get("value");
  }
}
