package org.polybridge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JsonTest {
  /** The full parser alone, as {@link Json} configures it: what the shortcut for small scalars must agree with. */
  private static final Gson FULL = new GsonBuilder().setStrictness(Strictness.STRICT).serializeNulls().disableHtmlEscaping()
      .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

  @Property
  void valuesWriteAsGsonWritesThemAndReadBack(@ForAll("values") Object value) {
    String text = Json.write(value);

    assertThat(text).isEqualTo(FULL.toJson(value));
    assertThat(Json.parse(text)).isEqualTo(value);
  }

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.strings().withChars("\"\\\b\f\n\r\t\u0000\u001f\u2028\u2029<>&='").ofMaxLength(6).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
        Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(5), inner).ofMaxSize(4)
            .map(m -> (Object) new java.util.LinkedHashMap<>(m))), 3);
  }

  @Test
  void smallScalarsReadAsTheFullParserReadsThem() {
    for (String text : List.of("0", "-0", "7", "-7", "123456789012345678", "-12345678901234567", "true", "false", "null")) {
      assertThat(Json.parse(text)).as(text).isEqualTo(FULL.fromJson(text, Object.class));
    }
  }

  @Test
  void whatIsNotAPlainScalarGoesToTheFullParserAndItsErrors() {
    assertThat(Json.parse("1234567890123456789")).isEqualTo(1234567890123456789L);
    assertThat(Json.parse("12345678901234567890")).isEqualTo(1.2345678901234567E19);
    assertThat(Json.parse("1.5")).isEqualTo(1.5);
    assertThat(Json.parse("1e3")).isEqualTo(1000.0);
    assertThat(Json.parse(" 1 ")).isEqualTo(1L);
    assertThat(Json.parse("")).isNull(); // as the full parser reads empty text
    for (String bad : List.of("01", "-", "--1", "+1", "tru", "True")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }
  }

  @Property
  void anyDigitsReadAsTheFullParserReadsThem(@ForAll @StringLength(min = 1, max = 20) String digits) {
    String text = digits.chars().mapToObj(c -> String.valueOf((char) ('0' + Math.floorMod(c, 10)))).reduce("", String::concat);
    Object full;
    try {
      full = FULL.fromJson(text, Object.class);
    } catch (RuntimeException e) {
      assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    assertThat(Json.parse(text)).isEqualTo(full);
    assertThat(Json.parse("-" + text)).isEqualTo(FULL.fromJson("-" + text, Object.class));
  }

  @Test
  void smallScalarsWriteAsTheFullWriterWritesThem() {
    for (Object value : Arrays.asList(null, 0L, -7L, Long.MIN_VALUE, 3, (short) 4, (byte) -5, true, false)) {
      assertThat(Json.write(value)).as(String.valueOf(value)).isEqualTo(FULL.toJson(Json.normalize(value)));
    }
  }

  @Test
  void aCopyIsWhatTheTextWouldReadBackAs() {
    Map<Object, Object> value = Map.of(1, List.of(2.5f, "s", true), "k", new Object[] {null, 3});

    Object copy = Json.copy(value);

    assertThat(copy).isEqualTo(Json.parse(Json.write(value)));
    assertThat(((Map<?, ?>) copy).get("1")).isInstanceOf(ArrayList.class);
  }

  @Test
  void aCopyRefusesWhatTheWriterRefuses() {
    assertThatThrownBy(() -> Json.copy(List.of(1.0, Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Infinity is not a JSON value (JSON numbers are finite)");
    assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.copy(new Object())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a JSON value");
  }

  @Test
  void textThatIsNotJsonIsRefusedNamingWhereItStopsBeingJson() {
    assertThatThrownBy(() -> Json.parse("{\"hello\": ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not valid JSON: {\"hello\":  (it ends before the value does, at line 1 column 11)");
    assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not valid JSON: [1,] (malformed at line 1 column 5)");
    assertThatThrownBy(() -> Json.parse("{\"a\": 1 \"b\": 2}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not valid JSON: {\"a\": 1 \"b\": 2} (Unterminated object at line 1 column 10)")
        .hasMessageNotContaining("Strictness").hasMessageNotContaining("https://");
  }

  @Test
  void anObjectIsReadAsAMapAndAnythingElseIsRefusedNamingTheText() {
    assertThat(Json.parseObject("{\"a\": [1, 2.5, null]}")).isEqualTo(Map.of("a", Arrays.asList(1L, 2.5, null)));
    assertThatThrownBy(() -> Json.parseObject("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON object: [1] (expected: {...})");
    assertThatThrownBy(() -> Json.parseObject("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON: {");
  }
}
