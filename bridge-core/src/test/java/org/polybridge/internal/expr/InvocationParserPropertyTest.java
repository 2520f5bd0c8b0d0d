package org.polybridge.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.polybridge.ExpressionSyntaxException;

class InvocationParserPropertyTest {
  private static final String WORD_START = "abcxyzABCXYZ_";
  private static final String WORD_PART = WORD_START + "0129-";
  private static final String NOISE = "abnlrtuex_AE0159.-+*/!=<>&|?:;,()[]\"\\ \t\n#é";

  @Property(tries = 1000)
  void canonicalSourceParsesBackToTheSameTree(@ForAll("invocations") Expression tree) {
    String source = tree.source();

    Expression reparsed = InvocationParser.parse(source);

    assertThat(reparsed.source()).isEqualTo(source);
    assertThat(Trees.erased(reparsed)).isEqualTo(tree);
  }

  @Property(tries = 2000)
  void arbitraryTextEitherParsesOrFailsWithASyntaxError(@ForAll("noise") String text) {
    assertParsesOrFailsCleanly(text);
  }

  @Property(tries = 1000)
  void damagedValidSourceEitherParsesOrFailsWithASyntaxError(
      @ForAll("invocations") Expression tree,
      @ForAll @IntRange(max = 10_000) int position,
      @ForAll("noiseChars") char replacement,
      @ForAll @IntRange(max = 2) int damage) {
    String source = tree.source();
    int at = position % (source.length() + 1);
    String damaged =
        switch (damage) {
          case 0 -> source.substring(0, at);
          case 1 -> source.substring(0, at) + replacement + source.substring(at);
          default -> source.substring(0, at) + source.substring(Math.min(at + 1, source.length()));
        };
    assertParsesOrFailsCleanly(damaged);
  }

  private static void assertParsesOrFailsCleanly(String text) {
    try {
      Expression parsed = InvocationParser.parse(text);
      assertThat(InvocationParser.parse(parsed.source()).source()).isEqualTo(parsed.source());
    } catch (ExpressionSyntaxException error) {
      assertThat(error.column()).isBetween(1, text.length() + 1);
      assertThat(error.getMessage()).endsWith(" at column " + error.column());
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().withChars(NOISE).ofMaxLength(40)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20)));
  }

  @Provide
  Arbitrary<Character> noiseChars() {
    return Arbitraries.chars().with(NOISE.toCharArray());
  }

  @Provide
  Arbitrary<Expression> invocations() {
    Arbitrary<Expression> single = expressions();
    Arbitrary<Expression> sequences =
        single.list().ofMinSize(2).ofMaxSize(3).map(steps -> new Sequence(steps, 1));
    return Arbitraries.frequencyOf(Tuple.of(4, single), Tuple.of(1, sequences));
  }

  private Arbitrary<Expression> expressions() {
    return Arbitraries.recursive(this::leaves, this::compound, 0, 4);
  }

  private Arbitrary<Expression> leaves() {
    Arbitrary<Expression> paths =
        Combinators.combine(dottedNames(), Arbitraries.of(true, false))
            .as((name, optional) -> new Path(name, optional, 1));
    return Arbitraries.oneOf(paths, literals());
  }

  /** Only values the parser produces: numbers are never negative ('-' is an operator). */
  private Arbitrary<Expression> literals() {
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.of(null, true, false),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.doubles().between(0, 1e300),
            Arbitraries.of(0.0, 1e-7, 1e20, Double.MIN_VALUE, Double.MAX_VALUE),
            texts(0));
    return values.map(value -> new Literal(value, 1));
  }

  private Arbitrary<Object> texts(int minLength) {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars("ab \"\\(/)\n\t\u0001é")
            .ofMinLength(minLength)
            .ofMaxLength(6),
        Arbitraries.strings().all().ofMinLength(minLength).ofMaxLength(4));
  }

  private Arbitrary<Expression> compound(Arbitrary<Expression> inner) {
    return Arbitraries.oneOf(
        inner,
        calls(inner),
        inner.list().ofMaxSize(3).map(elements -> new ArrayLiteral(elements, 1)),
        Combinators.combine(inner, inner).as((target, index) -> new Subscript(target, index, 1)),
        Combinators.combine(Arbitraries.of(UnaryOperator.class), inner)
            .as((op, operand) -> new Unary(op, operand, 1)),
        Combinators.combine(Arbitraries.of(BinaryOperator.class), inner, inner)
            .as((op, left, right) -> new Binary(op, left, right, 1)),
        Combinators.combine(inner, inner, inner).as((c, t, f) -> new Conditional(c, t, f, 1)),
        interpolations(inner));
  }

  private Arbitrary<Expression> calls(Arbitrary<Expression> inner) {
    Arbitrary<List<Argument>> arguments =
        Combinators.combine(identifiers(), inner)
            .as((name, value) -> new Argument(name, value, 1))
            .list()
            .ofMaxSize(3)
            .uniqueElements(Argument::name);
    return Combinators.combine(dottedNames(), arguments)
        .as((name, args) -> new Call(name, args, 1));
  }

  /** Canonical shape only: no empty or adjacent text parts and at least one expression. */
  private Arbitrary<Expression> interpolations(Arbitrary<Expression> inner) {
    Arbitrary<Expression> embedded = inner.filter(part -> !InterpolatedString.isText(part));
    Arbitrary<Object> text = texts(1).injectNull(0.5);
    Arbitrary<List<Expression>> segments =
        Combinators.combine(text, embedded)
            .as(
                (before, part) ->
                    before == null ? List.of(part) : List.of(new Literal(before, 1), part))
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(lists -> lists.stream().flatMap(List::stream).toList());
    return Combinators.combine(segments, text)
        .as(
            (parts, after) -> {
              List<Expression> all = new ArrayList<>(parts);
              if (after != null) {
                all.add(new Literal(after, 1));
              }
              return new InterpolatedString(all, 1);
            });
  }

  private Arbitrary<String> identifiers() {
    return Combinators.combine(
            Arbitraries.chars().with(WORD_START.toCharArray()),
            Arbitraries.strings().withChars(WORD_PART).ofMaxLength(4))
        .as((first, rest) -> first + rest);
  }

  private Arbitrary<String> dottedNames() {
    return identifiers()
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(segments -> String.join(".", segments))
        .filter(name -> !Nodes.isKeyword(name));
  }
}
