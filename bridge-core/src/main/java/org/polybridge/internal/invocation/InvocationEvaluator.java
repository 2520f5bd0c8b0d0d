package org.polybridge.internal.invocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Variables;
import org.polybridge.internal.expr.Argument;
import org.polybridge.internal.expr.ArrayLiteral;
import org.polybridge.internal.expr.Binary;
import org.polybridge.internal.expr.Call;
import org.polybridge.internal.expr.Conditional;
import org.polybridge.internal.expr.Expression;
import org.polybridge.internal.expr.InterpolatedString;
import org.polybridge.internal.expr.Literal;
import org.polybridge.internal.expr.Path;
import org.polybridge.internal.expr.Sequence;
import org.polybridge.internal.expr.Subscript;
import org.polybridge.internal.expr.Unary;
import org.polybridge.internal.json.JsonText;
import org.polybridge.internal.script.ScriptControl;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.rpc.Reference;
import org.polybridge.internal.rpc.RpcRegistration;
import org.polybridge.internal.rpc.RpcRegistry;

/**
 * Evaluates an invocation in a context. Independent sub-expressions run concurrently; a call starts
 * once all its arguments succeeded; the first failure wins and reads as a chain of the calls it
 * passed through. Nothing here blocks: every step is a {@link CompletableFuture}.
 */
public final class InvocationEvaluator {
  private final RpcRegistry registry;
  private final Builtins builtins;
  private final Supplier<List<ScriptStatus>> scripts;

  /** Answers {@code iterm2.console()} with what {@code address} completes with (a host that serves a console sets it). */
  public void console(Supplier<CompletableFuture<Object>> address) {
    builtins.console(address);
  }

  /**
   * @param scripts the AutoLaunch scripts, for {@code iterm2.scripts()} and to name those still
   *     loading when no function matches: right after a launch, "not registered" usually means
   *     "not registered yet"
   */
  public InvocationEvaluator(RpcRegistry registry, Supplier<List<ScriptStatus>> scripts) {
    this(registry, scripts, ScriptControl.NONE, () -> org.polybridge.internal.config.UserConfig.EMPTY);
  }

  /**
   * @param control serves {@code iterm2.start_script}, {@code stop_script}, {@code restart_script}
   * @param config the user's configuration now, for {@code iterm2.keys()} and {@code iterm2.triggers()}
   */
  public InvocationEvaluator(RpcRegistry registry, Supplier<List<ScriptStatus>> scripts, ScriptControl control,
      Supplier<org.polybridge.internal.config.UserConfig> config) {
    this.registry = registry;
    this.builtins = new Builtins(registry, scripts, control, config);
    this.scripts = scripts;
  }

  /** Evaluates to a JSON value, or fails with an {@link InvocationException}. */
  public CompletableFuture<Object> evaluate(Expression expression, Variables scope) {
    return evaluate(expression, new Evaluation(scope, null, this));
  }

  /**
   * Evaluates for an invocation whose outcome is {@code outcome}, made by {@code caller}: once the
   * outcome is done (the caller has an answer or gave up), calls of it that still wait for their
   * turn are dropped unrun; scripts take turns between callers ({@link RpcRegistry#call}).
   */
  public CompletableFuture<Object> evaluate(Expression expression, Variables scope, CompletableFuture<?> outcome, Object caller) {
    return evaluate(expression, new Evaluation(scope, outcome, caller));
  }

  /** What every step of one evaluation shares: the scope, the invocation's outcome (or null) and its caller. */
  private record Evaluation(Variables scope, CompletableFuture<?> outcome, Object caller) {}

  private CompletableFuture<Object> evaluate(Expression expression, Evaluation in) {
    try {
      return switch (expression) {
        case Literal l -> CompletableFuture.completedFuture(l.value());
        case Path p -> CompletableFuture.completedFuture(variable(p, in.scope()));
        case Call c -> call(c, in);
        case Sequence s -> sequence(s.steps(), 0, null, in);
        case ArrayLiteral a -> Futures.allOrFirstFailure(all(a.elements(), in)).thenApply(v -> (Object) v);
        case InterpolatedString s -> Futures.allOrFirstFailure(all(s.parts(), in)).thenApply(parts -> concatenate(parts, s));
        case Subscript s -> unsetOptional(s, in.scope())
            ? CompletableFuture.completedFuture(null)
            : both(s.target(), s.index(), in, (t, i) -> Operators.subscript(t, i, s.column()));
        case Unary u -> evaluate(u.operand(), in).thenApply(v -> Operators.unary(u.op(), v, u.column()));
        case Binary b -> binary(b, in);
        case Conditional c -> evaluate(c.condition(), in).thenCompose(v ->
            evaluate(Operators.truth(v, "condition of '?:'", c.column()) ? c.ifTrue() : c.ifFalse(), in));
      };
    } catch (InvocationException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Whether {@code s} indexes, perhaps through further subscripts, an optional path that is unset
   * or null: then the whole chain is null and its indexes are not evaluated ({@code user.list?[0]}
   * as in Swift's optional chaining), rather than an error that indexing null would be.
   */
  private static boolean unsetOptional(Subscript s, Variables scope) {
    Expression root = s.target();
    while (root instanceof Subscript inner) {
      root = inner.target();
    }
    return root instanceof Path p && p.optional() && variable(p, scope) == null;
  }

  private List<CompletableFuture<Object>> all(List<Expression> expressions, Evaluation in) {
    List<CompletableFuture<Object>> futures = new ArrayList<>(expressions.size());
    for (Expression e : expressions) {
      futures.add(evaluate(e, in));
    }
    return futures;
  }

  /** The parts as one string, refused as soon as it would pass what an answer may carry. */
  private static Object concatenate(List<Object> parts, InterpolatedString where) {
    StringBuilder s = new StringBuilder();
    for (Object p : parts) {
      int room = ApiServer.MAX_ANSWER_LENGTH - s.length();
      String text = p == null ? "" : p instanceof List<?> || p instanceof Map<?, ?> ? Json.writeWithin(p, room).orElse(null)
          : JsonText.display(p);
      if (text == null || text.length() > room) {
        throw new InvocationException(Status.FAILED, "the interpolated string at column " + where.column() + " would be more than "
            + ApiServer.MAX_ANSWER_LENGTH + " characters (expected: at most 16 MiB)");
      }
      s.append(text);
    }
    return s.toString();
  }

  private CompletableFuture<Object> both(Expression left, Expression right, Evaluation in,
      java.util.function.BiFunction<Object, Object, Object> combine) {
    return Futures.allOrFirstFailure(List.of(evaluate(left, in), evaluate(right, in)))
        .thenApply(v -> combine.apply(v.get(0), v.get(1)));
  }

  private CompletableFuture<Object> binary(Binary b, Evaluation in) {
    return switch (b.op()) {
      case AND -> evaluate(b.left(), in).thenCompose(l -> Operators.truth(l, "left of '&&'", b.column())
          ? evaluate(b.right(), in).thenApply(r -> (Object) Operators.truth(r, "right of '&&'", b.column()))
          : CompletableFuture.completedFuture(false));
      case OR -> evaluate(b.left(), in).thenCompose(l -> Operators.truth(l, "left of '||'", b.column())
          ? CompletableFuture.completedFuture(true)
          : evaluate(b.right(), in).thenApply(r -> (Object) Operators.truth(r, "right of '||'", b.column())));
      default -> both(b.left(), b.right(), in, (l, r) -> Operators.binary(b.op(), l, r, b.column()));
    };
  }

  private CompletableFuture<Object> sequence(List<Expression> steps, int index, Object last, Evaluation in) {
    if (index == steps.size()) {
      return CompletableFuture.completedFuture(last);
    }
    return evaluate(steps.get(index), in).thenCompose(v -> sequence(steps, index + 1, v, in));
  }

  private static Object variable(Path p, Variables scope) {
    Optional<Object> value = scope.get(p.name());
    if (value.isPresent() || p.optional()) {
      return value.orElse(null);
    }
    throw new InvocationException(Status.FAILED, "Unset variable '" + p.name() + "' at column " + p.column()
        + " (write '" + p.name() + "?' to get null when it is unset)");
  }

  private CompletableFuture<Object> call(Call c, Evaluation in) {
    List<Argument> arguments = c.arguments();
    List<CompletableFuture<Object>> values = new ArrayList<>(arguments.size());
    for (Argument a : arguments) {
      values.add(evaluate(a.value(), in));
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    Futures.allOrFirstFailure(values)
        .thenCompose(v -> {
          Map<String, Object> args = HashMap.newHashMap(v.size());
          for (int i = 0; i < v.size(); i++) {
            args.put(arguments.get(i).name(), v.get(i));
          }
          return invoke(c, args, in);
        })
        .whenComplete((value, failure) -> {
          if (failure == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(asInvocationFailure(Futures.unwrap(failure)).within(c.name()));
          }
        });
    return result;
  }

  private CompletableFuture<Object> invoke(Call c, Map<String, Object> args, Evaluation in) {
    if (c.name().startsWith(Builtins.NAMESPACE)) {
      Builtin builtin = builtins.find(c.name()).orElseThrow(() -> noFunction(c, args, "no such built-in function"));
      if (!builtin.arguments().equals(args.keySet())) {
        throw noFunction(c, args, c.name() + " takes " + new TreeSet<>(builtin.arguments()));
      }
      return builtin.call(args, in.scope(), in.caller(), in.outcome());
    }
    List<String> reasons = new ArrayList<>();
    for (RpcRegistration candidate : registry.named(c.name())) {
      Map<String, Object> filled = fill(candidate, args, in.scope(), reasons);
      if (filled != null) {
        return registry.call(candidate, filled, in.outcome(), in.caller());
      }
    }
    String why = reasons.isEmpty() ? "nothing is registered under that name" : String.join("; ", reasons);
    List<String> loading = scripts.get().stream().filter(s -> s.state() == ScriptStatus.State.LOADING)
        .map(ScriptStatus::name).toList();
    throw noFunction(c, args, loading.isEmpty() ? why : why + " (scripts still loading: " + String.join(", ", loading) + ")");
  }

  /**
   * Calls one registered function (a status-bar component's, a title provider's) with {@code
   * arguments}, the rest filled from its reference defaults in {@code scope}, as an invocation of it
   * would; fails as an invocation does when a required reference is unset there.
   */
  public CompletableFuture<Object> call(RpcRegistration function, Map<String, Object> arguments, Variables scope, Object caller) {
    List<String> reasons = new ArrayList<>();
    Map<String, Object> filled = fill(function, arguments, scope, reasons);
    if (filled == null) {
      return CompletableFuture.failedFuture(new InvocationException(Status.FAILED, "No function registered for invocation "
          + function.signature().name() + ": " + String.join("; ", reasons)));
    }
    return registry.call(function, filled, null, caller);
  }

  /** Adds a built-in function of the host that hears who calls it and when the invocation ends. */
  void builtin(String name, Builtin builtin) {
    builtins.add(name, builtin);
  }

  /**
   * Adds a built-in function of the host ({@code iterm2.<name>}), all of its {@code arguments}
   * required. Public for the request handlers of {@code internal.protocol} that also answer as
   * functions (the layout requests' {@code iterm2.apply_layout}).
   */
  public void builtin(String name, java.util.Set<String> arguments,
      java.util.function.BiFunction<Map<String, Object>, Variables, Object> body) {
    builtins.add(name, arguments, body);
  }

  /** The arguments completed from the candidate's reference defaults, or null when it does not match. */
  private static Map<String, Object> fill(RpcRegistration candidate, Map<String, Object> args, Variables scope, List<String> reasons) {
    if (!candidate.signature().arguments().containsAll(args.keySet())) {
      return null;
    }
    Map<String, Object> filled = new LinkedHashMap<>(args);
    for (String name : candidate.signature().arguments()) {
      if (filled.containsKey(name)) {
        continue;
      }
      Reference reference = candidate.defaults().get(name);
      if (reference == null) {
        reasons.add(candidate.signature() + " needs argument '" + name + "'");
        return null;
      }
      Optional<Object> value = scope.get(reference.path());
      if (value.isEmpty() && !reference.optional()) {
        reasons.add(candidate.signature() + " takes '" + name + "' from variable '" + reference.path()
            + "', which is unset here");
        return null;
      }
      filled.put(name, value.orElse(null));
    }
    return filled;
  }

  private static InvocationException noFunction(Call c, Map<String, Object> args, String why) {
    return new InvocationException(Status.FAILED, "No function registered for invocation "
        + RpcDefinition.signature(c.name(), args.keySet()) + ": " + why);
  }

  private static InvocationException asInvocationFailure(Throwable t) {
    if (t instanceof InvocationException e) {
      return e;
    }
    return new InvocationException(Status.FAILED, t.getMessage() == null ? t.toString() : t.getMessage());
  }
}
