package org.polybridge.host;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The questions scripts ask a person (iTerm2's {@code Alert}, {@code TextInputAlert}, {@code
 * PolyModalAlert}), waiting until someone answers: a headless host has no dialog to show, so
 * whoever shows the app to a person lists them ({@link #pending}) and answers them ({@link
 * #answer}): {@code polybridge alerts}, the status line of {@code polybridge pty}, a console. An
 * alert nobody answers waits, as in iTerm2; the script's stop (or its invocation's end) cancels it.
 *
 * <pre>{@code
 * for (Alerts.Alert a : app.alerts().pending()) {
 *   app.alerts().answer(a.id(), a.kind() == Alerts.Kind.TEXT_INPUT ? "my answer" : a.buttons().getFirst());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Alerts {
  /** Which of iTerm2's alerts: buttons only, a text field, or any of buttons, text field, checkboxes and a combo box. */
  public enum Kind { ALERT, TEXT_INPUT, POLY_MODAL }

  /**
   * One question: its id, kind, title, subtitle, buttons (never empty: {@code OK} when the script
   * gave none), the text field's placeholder and default (null without one), checkboxes with their
   * defaults, combo box items with its default, the window it belongs to (null: the app), who asked
   * and when.
   */
  public record Alert(String id, Kind kind, String title, String subtitle, List<String> buttons, String placeholder,
      String defaultValue, List<String> checkboxes, List<Boolean> checkboxDefaults, List<String> comboboxItems,
      String comboboxDefault, String windowId, String askedBy, Instant asked) {
    public Alert {
      Objects.requireNonNull(kind, "kind == null");
      buttons = List.copyOf(buttons.isEmpty() ? List.of("OK") : buttons);
      checkboxes = List.copyOf(checkboxes);
      checkboxDefaults = List.copyOf(checkboxDefaults);
      comboboxItems = List.copyOf(comboboxItems);
    }

    /** The alert as JSON-ready values, for listings. */
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("kind", kind.name());
      m.put("title", title);
      m.put("subtitle", subtitle);
      m.put("buttons", new ArrayList<Object>(buttons));
      if (kind != Kind.ALERT) {
        m.put("placeholder", placeholder);
        m.put("default_value", defaultValue);
      }
      if (kind == Kind.POLY_MODAL) {
        m.put("checkboxes", new ArrayList<Object>(checkboxes));
        m.put("checkbox_defaults", new ArrayList<Object>(checkboxDefaults));
        m.put("combobox_items", new ArrayList<Object>(comboboxItems));
        m.put("combobox_default", comboboxDefault);
      }
      m.put("window_id", windowId);
      m.put("asked_by", askedBy);
      m.put("asked", asked.toString());
      return m;
    }
  }

  /**
   * A person's answer: the button pressed (its label), the text typed (null when none), the checked
   * checkboxes and the combo box's choice.
   */
  public record Answer(String button, String text, List<String> checked, String combo) {
    public Answer {
      checked = List.copyOf(checked);
    }
  }

  private record Pending(Alert alert, CompletableFuture<Answer> answer) {}

  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final List<Consumer<List<Alert>>> listeners = new CopyOnWriteArrayList<>();

  Alerts() {}

  /**
   * Asks {@code alert} (its {@code id} and {@code asked} are given here); the answer completes the
   * future. Cancelling the future withdraws the question.
   */
  public CompletableFuture<Answer> ask(Alert alert) {
    Alert numbered = new Alert(Long.toString(ids.incrementAndGet()), alert.kind(), alert.title(), alert.subtitle(),
        alert.buttons(), alert.placeholder(), alert.defaultValue(), alert.checkboxes(), alert.checkboxDefaults(),
        alert.comboboxItems(), alert.comboboxDefault(), alert.windowId(), alert.askedBy(), Instant.now());
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    synchronized (this) {
      pending.put(numbered.id(), new Pending(numbered, answer));
    }
    answer.whenComplete((a, failure) -> {
      boolean removed;
      synchronized (this) {
        removed = pending.remove(numbered.id()) != null;
      }
      if (removed) {
        changed();
      }
    });
    changed();
    return answer;
  }

  /** The questions waiting for an answer, oldest first. */
  public synchronized List<Alert> pending() {
    return pending.values().stream().map(Pending::alert).toList();
  }

  public synchronized Optional<Alert> pending(String id) {
    return Optional.ofNullable(pending.get(id)).map(Pending::alert);
  }

  /**
   * Answers alert {@code id} with {@code reply}: a button's label or its number from 1 (an alert
   * with a text field: the text, and its first button is pressed).
   *
   * @throws IllegalArgumentException naming the id or the reply when no such alert waits, or the
   *     reply names no button of it
   */
  public void answer(String id, String reply) {
    Pending p;
    synchronized (this) {
      p = pending.get(id);
    }
    if (p == null) {
      throw new IllegalArgumentException("alert " + id + " : no such alert waits for an answer (waiting: "
          + pending().stream().map(Alert::id).toList() + ")");
    }
    Alert a = p.alert();
    Answer answer;
    if (a.kind() == Kind.TEXT_INPUT) {
      answer = new Answer(a.buttons().getFirst(), reply, List.of(), null);
    } else {
      String button = button(a, reply);
      List<String> checked = new ArrayList<>();
      for (int i = 0; i < a.checkboxes().size(); i++) {
        if (a.checkboxDefaults().get(i)) {
          checked.add(a.checkboxes().get(i));
        }
      }
      answer = new Answer(button, a.kind() == Kind.POLY_MODAL && a.placeholder() != null ? a.defaultValue() : null, checked,
          a.comboboxDefault());
    }
    p.answer().complete(answer);
  }

  /**
   * Answers alert {@code id} in full, as a person did in a dialog (the console's): the button
   * pressed, the text typed, the boxes checked and the combo box's choice.
   *
   * @throws IllegalArgumentException naming the value and its rule when no such alert waits, the
   *     button is not one of its buttons, a text is given to an alert without a text field (or none
   *     to one with), a checked box or the combo box's choice is not one of the alert's
   */
  public void answer(String id, Answer answer) {
    Objects.requireNonNull(answer, "answer == null");
    Pending p;
    synchronized (this) {
      p = pending.get(id);
    }
    if (p == null) {
      throw new IllegalArgumentException("alert " + id + " : no such alert waits for an answer (waiting: "
          + pending().stream().map(Alert::id).toList() + ")");
    }
    Alert a = p.alert();
    if (answer.button() == null || !a.buttons().contains(answer.button())) {
      throw new IllegalArgumentException("button : " + answer.button() + " (expected: one of the buttons " + a.buttons() + ")");
    }
    boolean hasField = a.kind() == Kind.TEXT_INPUT || a.kind() == Kind.POLY_MODAL && a.placeholder() != null;
    if (hasField != (answer.text() != null)) {
      throw new IllegalArgumentException("text : " + answer.text() + " (expected: "
          + (hasField ? "the text typed, a string" : "null: the alert has no text field") + ")");
    }
    for (String box : answer.checked()) {
      if (!a.checkboxes().contains(box)) {
        throw new IllegalArgumentException("checked : " + box + " (expected: one of the checkboxes " + a.checkboxes() + ")");
      }
    }
    if (a.comboboxItems().isEmpty() ? answer.combo() != null : !a.comboboxItems().contains(answer.combo())) {
      throw new IllegalArgumentException("combo : " + answer.combo() + " (expected: "
          + (a.comboboxItems().isEmpty() ? "null: the alert has no combo box" : "one of " + a.comboboxItems()) + ")");
    }
    p.answer().complete(answer);
  }

  /** Withdraws alert {@code id}: its script hears that it was cancelled, with {@code reason}. */
  public void cancel(String id, String reason) {
    Pending p;
    synchronized (this) {
      p = pending.get(id);
    }
    if (p != null) {
      p.answer().completeExceptionally(new java.util.concurrent.CancellationException(reason));
    }
  }

  /** Withdraws every alert {@code askedBy} asked (the script stopped). */
  public void cancelAskedBy(String askedBy, String reason) {
    for (Alert a : pending()) {
      if (Objects.equals(a.askedBy(), askedBy)) {
        cancel(a.id(), reason);
      }
    }
  }

  /** {@code listener} hears the waiting alerts each time they change; closing the handle removes it. */
  public AutoCloseable addListener(Consumer<List<Alert>> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private static String button(Alert a, String reply) {
    if (a.buttons().contains(reply)) {
      return reply;
    }
    try {
      int n = Integer.parseInt(reply.strip());
      if (n >= 1 && n <= a.buttons().size()) {
        return a.buttons().get(n - 1);
      }
    } catch (NumberFormatException e) {
      // not a number: named no button
    }
    throw new IllegalArgumentException("answer : \"" + reply + "\" (expected: one of the buttons " + a.buttons()
        + ", or its number from 1)");
  }

  private void changed() {
    List<Alert> now = pending();
    for (Consumer<List<Alert>> l : listeners) {
      try {
        l.accept(now);
      } catch (RuntimeException e) {
        System.getLogger(Alerts.class.getName()).log(System.Logger.Level.WARNING, "an alert listener failed", e);
      }
    }
  }
}
