package org.polybridge.internal.config;

import java.util.Optional;
import java.util.regex.Pattern;
import org.polybridge.ExpressionSyntaxException;
import org.polybridge.internal.expr.Expression;
import org.polybridge.internal.expr.InterpolatedString;
import org.polybridge.internal.expr.InvocationParser;
import org.polybridge.internal.expr.Literal;

/**
 * A regular expression matched against each line a session prints, and what to do on a match,
 * for sessions of {@code profile} ({@code null}: every profile). With {@code partial}, the line
 * being drawn is matched too (at most one action per line), as iTerm2's "instant" triggers.
 */
public record Trigger(Pattern regex, String required, boolean partial, Action action, String profile, Origin origin) {
  /**
   * A trigger on {@code regex}, with the text every match contains ({@link RequiredText}) so that
   * lines without it are passed over without a search.
   */
  public static Trigger of(Pattern regex, boolean partial, Action action, String profile, Origin origin) {
    return new Trigger(regex, RequiredText.of(regex.pattern()), partial, action, profile, origin);
  }

  /**
   * The text of an action: {@code body} read as the inside of a string of the invocation language
   * (JSON escapes, {@code \(…)} interpolation); empty when it reads as something else (an
   * unescaped quote ends the string early).
   *
   * @throws ExpressionSyntaxException when it is not well formed
   */
  static Optional<Expression> text(String body) {
    Expression e = InvocationParser.parse("\"" + body + "\"");
    return e instanceof Literal || e instanceof InterpolatedString ? Optional.of(e) : Optional.empty();
  }

  /** What a trigger does; its texts see the match as {@code matches} ({@code matches[0]} the whole match). */
  public sealed interface Action {
    /** The action's kind and argument as written, for listings. */
    String describe();
  }

  /** Evaluates an invocation in the session's context. */
  public record Invoke(String invocation) implements Action {
    @Override
    public String describe() {
      return "invoke " + invocation;
    }
  }

  /** Sets a {@code user.} variable of the session to an interpolated string. */
  public record SetVariable(String name, String written, Expression value) implements Action {
    @Override
    public String describe() {
      return "set " + name + " = " + written;
    }
  }

  /** Shows an interpolated string in the session, as if the program had printed it. */
  public record Inject(String written, Expression text) implements Action {
    @Override
    public String describe() {
      return "inject " + written;
    }
  }
}
