package org.polybridge.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      ERROR (\\w+)                         | 'ERROR '
      WARN(?:ING)? (\\S+)                  | WARN
      (\\d+)% done                         | '% done'
      Traceback \\(most recent call last\\) | 'Traceback (most recent call last)'
      colou?r                             | colo
      ab*c                                | a
      x{0,2}yz                            | yz
      aa+b                                | aa
      (\\w+)@(\\w+):                       | @
      ^\\s*at ([\\w.$]+)\\(                 | 'at '
      (?i)timeout after (\\d+)             | -
      'ERROR|WARN'                        | -
      (?<name>x)yz                        | -
      \\Qa.b\\E                           | -
      [abc]+def                           | def
      \\bFAILED\\b                         | FAILED
      .*                                  | -
      """)
  void theTextEveryMatchContainsIsReadFromThePattern(String regex, String required) {
    assertThat(RequiredText.of(regex)).isEqualTo(required);
  }

  @Property(tries = 2000)
  void aLineThatMatchesContainsTheRequiredText(@ForAll("patterns") String regex, @ForAll("lines") String line) {
    String required = RequiredText.of(regex);
    Matcher m = Pattern.compile(regex).matcher(line);
    if (required != null && m.find()) {
      assertThat(line).contains(required);
    }
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of(List.of("ab?c", "a(b|c)d", "x+y", "colou?r", "a{0,1}bc", "ab*c", "(a)b(c)?d", "a\\.b", "[ab]c",
        "a|b", "(?:ab)?cd", "e\\(f\\)", "ab{2}c"));
  }

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.strings().withChars("abcdefxyzlour.()").ofMaxLength(12);
  }
}
