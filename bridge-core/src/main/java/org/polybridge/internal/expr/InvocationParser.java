package org.polybridge.internal.expr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.polybridge.ExpressionSyntaxException;

/**
 * Parses iTerm2's invocation language, e.g. {@code show(s: add(a: 1, b: times(a: 2, b: 3)))}, into
 * an {@link Expression} tree.
 *
 * <h2>Grammar, loosest binding first</h2>
 *
 * <pre>
 * sequence    = expression { ";" expression } [ ";" ]
 * expression  = or [ "?" expression ":" expression ]        (right-associative)
 * or, and, equality, comparison, additive, multiplicative    (left-associative binary levels)
 * unary       = ( "-" | "!" ) unary | postfix
 * postfix     = primary { "[" expression "]" }
 * primary     = number | string | "true" | "false" | "null" | "(" expression ")"
 *             | "[" [ expression { "," expression } ] "]"
 *             | name "(" [ argument { "," argument } ] ")" | name [ "?" ]
 * argument    = identifier ":" expression
 * </pre>
 *
 * <h2>The two meanings of {@code ?}</h2>
 *
 * A {@code ?} is the optional suffix of a path only if it is written directly after the path's last
 * character (no whitespace) <em>and</em> the token after it cannot continue a ternary's middle
 * operand: another {@code ?}, {@code [}, {@code )}, {@code ]}, {@code ,}, {@code ;}, {@code :}, a
 * binary operator, or the end of input. Every other {@code ?} is the ternary. So {@code x? ? 1 :
 * 2}, {@code f(a: x?)}, {@code x?[0]} and {@code x? + 1} are optional, while {@code x ? 1 : 2},
 * {@code x?1:2} and {@code x?y:z} are conditionals. The price: a ternary whose middle operand
 * starts with {@code [} or {@code -} needs a space before the {@code ?} ({@code x ? -1 : 1}); the
 * canonical {@link Expression#source()} always writes one.
 *
 * <p>Other decisions: a {@code -} inside a word belongs to the name ({@code a-b} is one
 * identifier), so subtraction needs spaces; {@code true}, {@code false} and {@code null} are
 * keywords only as a whole word ({@code trueColor}, {@code true-x} and {@code true.x} are paths).
 *
 * <p>Every syntax error is an {@link ExpressionSyntaxException} whose message says what was
 * expected and ends with {@code at column N}. Nesting deeper than {@value #MAX_DEPTH} levels is
 * refused, so that neither this parser nor anything walking the tree can overflow the stack.
 *
 * <pre>{@code
 * Expression call = InvocationParser.parse("show(s: \"pid \\(iterm2.pid)\")");
 * }</pre>
 */
public final class InvocationParser {
  /** The deepest nesting accepted, counting brackets, operators in a chain and ternaries. */
  public static final int MAX_DEPTH = 200;

  private final Cursor cursor;
  private final Lexer lexer;
  private final StringLexer strings;
  private int depth;

  private InvocationParser(String source) {
    this.cursor = new Cursor(source);
    this.lexer = new Lexer(cursor);
    this.strings = new StringLexer(cursor);
  }

  /**
   * Parses one invocation: a single expression, or a {@link Sequence} if there are two or more
   * steps separated by {@code ;} (a trailing {@code ;} is ignored).
   *
   * @throws ExpressionSyntaxException if {@code source} is not a well-formed invocation
   * @throws NullPointerException if {@code source} is null
   */
  public static Expression parse(String source) {
    Objects.requireNonNull(source, "source == null");
    return new InvocationParser(source).sequence();
  }

  private Expression sequence() {
    if (lexer.peek().kind() == TokenKind.END) {
      throw cursor.failAt("expected an expression", 0);
    }
    List<Expression> steps = new ArrayList<>();
    steps.add(expression(""));
    while (true) {
      Token next = lexer.next();
      switch (next.kind()) {
        case END -> {
          return steps.size() == 1 ? steps.get(0) : new Sequence(steps, steps.get(0).column());
        }
        case SEMICOLON -> {
          if (lexer.peek().kind() != TokenKind.END) {
            steps.add(expression(" after ';'"));
          }
        }
        default -> throw failOnTrailing(next);
      }
    }
  }

  private Expression expression(String context) {
    Token start = lexer.peek();
    enter(start);
    Expression condition = binary(BinaryOperator.LOWEST, context);
    Token question = lexer.peek();
    if (question.kind() == TokenKind.QUESTION) {
      lexer.next();
      Expression ifTrue = expression(" after '?'");
      expect(TokenKind.COLON, "':' of the conditional whose '?' is at column " + question.column());
      Expression ifFalse = expression(" after ':'");
      condition = new Conditional(condition, ifTrue, ifFalse, start.column());
    }
    depth--;
    return condition;
  }

  /**
   * Binary operators by precedence climbing: one stack frame per nesting level rather than one per
   * precedence level, so that {@link #MAX_DEPTH} levels fit in a 512 KiB thread stack.
   */
  private Expression binary(int minimumPrecedence, String context) {
    Expression left = unary(context);
    int entered = 0;
    for (Token next = lexer.peek(); bindsAtLeast(next, minimumPrecedence); next = lexer.peek()) {
      enter(next);
      entered++;
      lexer.next();
      BinaryOperator op = next.kind().binaryOperator();
      // Operands of a tighter operator are taken whole; an equal one ends the operand: left-assoc.
      Expression right = binary(op.precedence() + 1, " after '" + op.symbol() + "'");
      left = new Binary(op, left, right, next.column());
    }
    depth -= entered;
    return left;
  }

  private static boolean bindsAtLeast(Token token, int precedence) {
    BinaryOperator op = token.kind().binaryOperator();
    return op != null && op.precedence() >= precedence;
  }

  /** Prefix operators are collected in a loop, not by recursion, so long runs cost no stack. */
  private Expression unary(String context) {
    List<Token> prefixes = new ArrayList<>();
    String operandContext = context;
    for (Token next = lexer.peek(); prefix(next) != null; next = lexer.peek()) {
      enter(next);
      prefixes.add(lexer.next());
      operandContext = " after '" + next.text() + "'";
    }
    Expression operand = postfix(operandContext);
    for (int i = prefixes.size() - 1; i >= 0; i--) {
      Token token = prefixes.get(i);
      operand = new Unary(prefix(token), operand, token.column());
    }
    depth -= prefixes.size();
    return operand;
  }

  private static UnaryOperator prefix(Token token) {
    return switch (token.kind()) {
      case MINUS -> UnaryOperator.NEGATE;
      case BANG -> UnaryOperator.NOT;
      default -> null;
    };
  }

  private Expression postfix(String context) {
    Expression target = primary(context);
    int entered = 0;
    for (Token open = lexer.peek(); open.kind() == TokenKind.LBRACKET; open = lexer.peek()) {
      enter(open);
      entered++;
      lexer.next();
      Expression index = expression(" inside '[ ]'");
      expect(TokenKind.RBRACKET, "']' to close the subscript opened at column " + open.column());
      target = new Subscript(target, index, open.column());
    }
    depth -= entered;
    return target;
  }

  private Expression primary(String context) {
    Token token = lexer.peek();
    return switch (token.kind()) {
      case NUMBER -> new Literal(number(lexer.next()), token.column());
      case QUOTE -> string(lexer.next());
      case LBRACKET -> array(lexer.next());
      case LPAREN -> {
        lexer.next();
        Expression inner = expression(" after '('");
        expect(TokenKind.RPAREN, "')' to close the parenthesis opened at column " + token.column());
        yield inner;
      }
      case WORD -> word(lexer.next());
      default -> throw failOnMissingExpression(context, token);
    };
  }

  private Object number(Token token) {
    String text = token.text();
    if (text.chars().allMatch(Lexer::isDigit)) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        // Integers beyond a long become a Double, like JSON numbers in most languages.
      }
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw cursor.failAt("number " + text + " is too large", token.start());
    }
    return value;
  }

  private Expression word(Token word) {
    switch (word.text()) {
      case "true" -> {
        return new Literal(Boolean.TRUE, word.column());
      }
      case "false" -> {
        return new Literal(Boolean.FALSE, word.column());
      }
      case "null" -> {
        return new Literal(null, word.column());
      }
      default -> {}
    }
    if (lexer.peek().kind() == TokenKind.LPAREN) {
      return call(word, lexer.next());
    }
    // The rule for '?' is in the class comment.
    Token question = lexer.peek();
    boolean optional =
        question.kind() == TokenKind.QUESTION
            && question.start() == word.end()
            && lexer.peekAfter(question).kind().marksOptionalSuffix();
    if (optional) {
      lexer.next();
    }
    return new Path(word.text(), optional, word.column());
  }

  private Expression call(Token name, Token open) {
    String callee = name.text();
    List<Argument> arguments = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (lexer.peek().kind() == TokenKind.RPAREN) {
      lexer.next();
      return new Call(callee, arguments, name.column());
    }
    while (true) {
      Token argument = lexer.next();
      if (argument.kind() == TokenKind.END) {
        throw failOnUnclosedCall(name, argument);
      }
      if (argument.kind() != TokenKind.WORD) {
        String where = arguments.isEmpty() ? " or ')'" : " after ','";
        throw failOnUnexpected(
            "an argument name" + where + " in call to '" + callee + "'", argument);
      }
      if (argument.text().contains(".")) {
        throw cursor.failAt(
            "argument name '"
                + argument.text()
                + "' in call to '"
                + callee
                + "' must be an identifier without '.'",
            argument.start());
      }
      if (!seen.add(argument.text())) {
        throw cursor.failAt(
            "duplicate argument '" + argument.text() + "' in call to '" + callee + "'",
            argument.start());
      }
      Token colon = lexer.peek();
      if (colon.kind() != TokenKind.COLON) {
        throw cursor.failAt(
            "expected ':' after argument name '" + argument.text() + "'", colon.start());
      }
      lexer.next();
      Expression value = expression(" for argument '" + argument.text() + "'");
      arguments.add(new Argument(argument.text(), value, argument.column()));
      Token separator = lexer.next();
      switch (separator.kind()) {
        case RPAREN -> {
          return new Call(callee, arguments, name.column());
        }
        case COMMA -> {}
        case END -> throw failOnUnclosedCall(name, separator);
        default ->
            throw failOnUnexpected(
                "',' or ')' after argument '" + argument.text() + "' in call to '" + callee + "'",
                separator);
      }
    }
  }

  private Expression array(Token open) {
    List<Expression> elements = new ArrayList<>();
    if (lexer.peek().kind() == TokenKind.RBRACKET) {
      lexer.next();
      return new ArrayLiteral(elements, open.column());
    }
    while (true) {
      elements.add(expression(elements.isEmpty() ? " after '['" : " after ',' in array"));
      Token separator = lexer.next();
      switch (separator.kind()) {
        case RBRACKET -> {
          return new ArrayLiteral(elements, open.column());
        }
        case COMMA -> {}
        case END ->
            throw failOnUnexpected(
                "']' to close the array opened at column " + open.column(), separator);
        default ->
            throw failOnUnexpected(
                "',' or ']' in array opened at column " + open.column(), separator);
      }
    }
  }

  /** The cursor stands just after the opening quote. */
  private Expression string(Token quote) {
    List<Expression> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int textColumn = 0;
    while (true) {
      int textStart = cursor.position();
      String chunk = strings.text(quote.start());
      if (!chunk.isEmpty() && text.isEmpty()) {
        textColumn = textStart + 1;
      }
      text.append(chunk);
      if (!strings.atInterpolation()) {
        cursor.advance(1);
        break;
      }
      int open = cursor.position();
      cursor.advance(2);
      Expression part = expression(" inside '\\('");
      expect(TokenKind.RPAREN, "')' to close the interpolation opened at column " + (open + 1));
      if (InterpolatedString.isText(part)) {
        // Text and a string literal in \( ) read the same once parsed; keep one canonical form.
        String folded = (String) ((Literal) part).value();
        if (!folded.isEmpty() && text.isEmpty()) {
          textColumn = part.column();
        }
        text.append(folded);
      } else {
        flushText(parts, text, textColumn);
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      return new Literal(text.toString(), quote.column());
    }
    flushText(parts, text, textColumn);
    return new InterpolatedString(parts, quote.column());
  }

  private static void flushText(List<Expression> parts, StringBuilder text, int column) {
    if (!text.isEmpty()) {
      parts.add(new Literal(text.toString(), column));
      text.setLength(0);
    }
  }

  private void expect(TokenKind kind, String what) {
    Token token = lexer.next();
    if (token.kind() != kind) {
      throw failOnUnexpected(what, token);
    }
  }

  private void enter(Token token) {
    if (++depth > MAX_DEPTH) {
      throw cursor.failAt(
          "expression nested too deeply (more than " + MAX_DEPTH + " levels)", token.start());
    }
  }

  private ExpressionSyntaxException failOnUnexpected(String expected, Token found) {
    return cursor.failAt("expected " + expected + ", found " + found.describe(), found.start());
  }

  private ExpressionSyntaxException failOnMissingExpression(String context, Token found) {
    String message = "expected an expression" + context;
    if (found.kind() != TokenKind.END) {
      message += ", found " + found.describe();
    }
    return cursor.failAt(message, found.start());
  }

  private ExpressionSyntaxException failOnUnclosedCall(Token name, Token found) {
    return failOnUnexpected(
        "')' to close the call to '" + name.text() + "' opened at column " + name.column(), found);
  }

  private ExpressionSyntaxException failOnTrailing(Token found) {
    if (found.kind() == TokenKind.RPAREN || found.kind() == TokenKind.RBRACKET) {
      return cursor.failAt("unmatched '" + found.text() + "'", found.start());
    }
    return failOnUnexpected("';' or end of input", found);
  }
}
