package org.polybridge.internal.json;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JsonTest {
  /** The full parser alone, as {@link Json} configures it: what the shortcut for small scalars must agree with. */
  private static final Gson FULL = new GsonBuilder().setStrictness(Strictness.STRICT)
      .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

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
}
