package org.polybridge.internal.invocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.polybridge.InvocationException;
import org.polybridge.InvocationException.Status;
import org.polybridge.host.Alerts;
import org.polybridge.host.App;
import org.polybridge.host.Variables;
import org.polybridge.internal.protocol.ServerConnection;

/**
 * iTerm2's alert functions, asking a person through {@link Alerts} (docs/INVOCATIONS.md):
 *
 * <ul>
 *   <li>{@code iterm2.alert(title:, subtitle:, buttons:, window_id:)}: 1000 for the first button,
 *       1001 for the second, … as iTerm2 answers;
 *   <li>{@code iterm2.get_string(title:, subtitle:, placeholder:, defaultValue:, window_id:)}: the text;
 *   <li>{@code iterm2.get_poly_modal_alert(title:, subtitle:, buttons:, checkboxes:,
 *       checkboxDefaults:, comboboxItems:, comboboxDefault:, textFieldParams:, width:, window_id:)}:
 *       {@code {button, tf_text, combo, checks}};
 *   <li>{@code iterm2.alerts()}: the alerts waiting; {@code iterm2.answer_alert(id:, answer:)}:
 *       answers one (a button's label or number from 1; the text of a text field).
 * </ul>
 *
 * They wait until answered, as long as the invocation may take (a script's {@code async_run} asks
 * for the longest, 24 hours); the invocation's end or its caller's departure withdraws the alert.
 */
public final class AlertBuiltins {
  private AlertBuiltins() {}

  public static void add(InvocationEvaluator evaluator, App app) {
    Alerts alerts = app.alerts();
    evaluator.builtin("iterm2.alert", new Asking(Set.of("title", "subtitle", "buttons", "window_id"), alerts, args ->
        new Alerts.Alert(null, Alerts.Kind.ALERT, text(args, "title"), text(args, "subtitle"), strings(args, "buttons"), null, null,
            List.of(), List.of(), List.of(), null, optionalText(args, "window_id"), null, null),
        (alert, answer) -> 1000L + alert.buttons().indexOf(answer.button())));
    evaluator.builtin("iterm2.get_string", new Asking(Set.of("title", "subtitle", "placeholder", "defaultValue", "window_id"),
        alerts, args -> new Alerts.Alert(null, Alerts.Kind.TEXT_INPUT, text(args, "title"), text(args, "subtitle"), List.of(),
            text(args, "placeholder"), text(args, "defaultValue"), List.of(), List.of(), List.of(), null,
            optionalText(args, "window_id"), null, null),
        (alert, answer) -> answer.text()));
    evaluator.builtin("iterm2.get_poly_modal_alert", new Asking(Set.of("title", "subtitle", "buttons", "checkboxes",
        "checkboxDefaults", "comboboxItems", "comboboxDefault", "textFieldParams", "width", "window_id"), alerts, args -> {
          List<String> field = strings(args, "textFieldParams");
          if (!field.isEmpty() && field.size() != 2) {
            throw new InvocationException(Status.FAILED, "textFieldParams : " + field + " (expected: [] or [placeholder, default])");
          }
          List<String> boxes = strings(args, "checkboxes");
          List<Boolean> defaults = new ArrayList<>();
          if (!(args.get("checkboxDefaults") instanceof List<?> given) || given.size() != boxes.size()) {
            throw new InvocationException(Status.FAILED, "checkboxDefaults : " + args.get("checkboxDefaults")
                + " (expected: a list as long as checkboxes, of 0 or 1)");
          }
          given.forEach(d -> defaults.add(d instanceof Number n ? n.intValue() != 0 : Boolean.TRUE.equals(d)));
          return new Alerts.Alert(null, Alerts.Kind.POLY_MODAL, text(args, "title"), text(args, "subtitle"), strings(args, "buttons"),
              field.isEmpty() ? null : field.get(0), field.isEmpty() ? null : field.get(1), boxes, defaults,
              strings(args, "comboboxItems"), optionalText(args, "comboboxDefault"), optionalText(args, "window_id"), null, null);
        },
        (alert, answer) -> {
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("button", answer.button());
          result.put("tf_text", answer.text());
          result.put("combo", answer.combo());
          result.put("checks", new ArrayList<Object>(answer.checked()));
          return result;
        }));
    evaluator.builtin("iterm2.alerts", Set.of(), (args, scope) -> {
      List<Object> list = new ArrayList<>();
      alerts.pending().forEach(a -> list.add(a.describe()));
      return list;
    });
    evaluator.builtin("iterm2.answer_alert", Set.of("id", "answer"), (args, scope) -> {
      Object id = args.get("id");
      String key = id instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(id);
      if (!(args.get("answer") instanceof String reply)) {
        throw new InvocationException(Status.FAILED, "answer : " + args.get("answer") + " (expected: a string: a button or the text)");
      }
      try {
        alerts.answer(key, reply);
      } catch (IllegalArgumentException e) {
        throw new InvocationException(Status.FAILED, e.getMessage());
      }
      return null;
    });
  }

  /** A built-in that asks a person and answers with what they said. */
  private record Asking(Set<String> arguments, Alerts alerts, java.util.function.Function<Map<String, Object>, Alerts.Alert> question,
      java.util.function.BiFunction<Alerts.Alert, Alerts.Answer, Object> result) implements Builtin {
    @Override
    public CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope) {
      return call(arguments, scope, null, null);
    }

    @Override
    public CompletableFuture<Object> call(Map<String, Object> arguments, Variables scope, Object caller, CompletableFuture<?> outcome) {
      Alerts.Alert asked;
      try {
        Alerts.Alert q = question.apply(arguments);
        asked = new Alerts.Alert(null, q.kind(), q.title(), q.subtitle(), q.buttons(), q.placeholder(), q.defaultValue(), q.checkboxes(),
            q.checkboxDefaults(), q.comboboxItems(), q.comboboxDefault(), q.windowId(), callerName(caller), null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Alerts.Answer> answer = alerts.ask(asked);
      if (outcome != null) {
        // the caller gave up (its timeout, its stop): nobody waits for the answer any more
        outcome.whenComplete((v, e) -> answer.completeExceptionally(new CancellationException("the invocation ended")));
      }
      return answer.handle((a, failure) -> {
        if (failure != null) {
          Throwable cause = Futures.unwrap(failure);
          throw new InvocationException(Status.FAILED, "the alert \"" + asked.title() + "\" was cancelled: " + cause.getMessage());
        }
        return result.apply(asked, a);
      });
    }
  }

  private static String callerName(Object caller) {
    return caller instanceof ServerConnection c ? c.name() : null;
  }

  private static String text(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (v instanceof String s) {
      return s;
    }
    throw new InvocationException(Status.FAILED, name + " : " + v + " (expected: a string)");
  }

  private static String optionalText(Map<String, Object> args, String name) {
    Object v = args.get(name);
    return v == null ? null : text(args, name);
  }

  private static List<String> strings(Map<String, Object> args, String name) {
    if (args.get(name) instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
      return list.stream().map(String.class::cast).toList();
    }
    throw new InvocationException(Status.FAILED, name + " : " + args.get(name) + " (expected: a list of strings)");
  }
}
