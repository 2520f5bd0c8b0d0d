package org.polybridge.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
  private static final Path FILE = Path.of("config.toml");

  @Test
  void aBadRegexAndABadKeyNameAreLeftOutWithTheirLinesAndTheRestApplies() {
    String text = """
        [keys]
        "ctrl+alt+c" = "clear_all_sessions()"
        "ctrl+hyper+x" = "nope()"
        "f5" = "refresh()"

        [[triggers]]
        regex = 'ERROR (\\w+'
        invoke = 'on_error(text: matches[1])'

        [[triggers]]
        regex = 'WARN (\\w+)'
        invoke = 'on_warn(text: matches[1])'
        """;

    UserConfig config = ConfigFile.parse(FILE, text);

    assertThat(config.keys()).extracting(k -> k.key().name()).containsExactly("ctrl+alt+c", "f5");
    assertThat(config.keys().get(1).origin()).hasToString("config.toml:4");
    assertThat(config.triggers()).extracting(t -> t.regex().pattern()).containsExactly("WARN (\\w+)");
    assertThat(config.triggers().get(0).origin().line()).isEqualTo(11);
    assertThat(config.problems()).extracting(ConfigProblem::toString).satisfiesExactly(
        p -> assertThat(p).startsWith("config.toml:3:1: key 'ctrl+hyper+x' : 'hyper' is not a modifier"),
        p -> assertThat(p).startsWith("config.toml:7:1: regex 'ERROR (\\w+' is not a regular expression: Unclosed group"));
  }

  @Test
  void profilesHaveTheirOwnKeysInPlaceOfEveryProfilesAndTheirTriggersBesides() {
    String text = """
        [keys]
        "f5" = "everywhere()"
        "f6" = "six()"
        [profiles.Work.keys]
        "f5" = "at_work()"
        [[triggers]]
        regex = 'a'
        inject = 'x'
        [[profiles.Work.triggers]]
        regex = 'b'
        set_variable = "user.b"
        value = '\\(matches[0])!'
        """;

    UserConfig config = ConfigFile.parse(FILE, text);

    assertThat(config.problems()).isEmpty();
    assertThat(config.keysFor("Work")).extracting(KeyBinding::invocation).containsExactly("at_work()", "six()");
    assertThat(config.keysFor("Default")).extracting(KeyBinding::invocation).containsExactly("everywhere()", "six()");
    assertThat(config.triggersFor("Work")).hasSize(2);
    assertThat(config.triggersFor(null)).hasSize(1);
  }

  @Test
  void triggersWithoutOneActionOrWithUnknownFieldsOrANonUserVariableAreRefused() {
    String text = """
        [[triggers]]
        regex = 'a'
        [[triggers]]
        regex = 'b'
        invoke = 'f()'
        inject = 'x'
        [[triggers]]
        regex = 'c'
        invok = 'f()'
        [[triggers]]
        regex = 'd'
        set_variable = "name"
        value = 'x'
        [surprise]
        x = 1
        """;

    UserConfig config = ConfigFile.parse(FILE, text);

    assertThat(config.triggers()).isEmpty();
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
        "the trigger on 'a' has no action (expected: one of invoke, set_variable with value, inject)",
        "the trigger on 'b' has actions [inject, invoke] (expected: one of invoke, set_variable with value, inject)",
        "unknown field 'invok' in [[triggers]] (expected: inject, invoke, partial, regex, set_variable, value)",
        "set_variable 'name' is not a user variable (expected: user.NAME)",
        "unknown section 'surprise' (expected: keys, profiles, triggers)");
  }

  @Test
  void invalidTomlIsReportedWithItsLine() {
    UserConfig config = ConfigFile.parse(FILE, "[keys]\n\"f5\" = \"a()\"\n\"f6\" = \n");

    assertThat(config.problems()).isNotEmpty();
    assertThat(config.problems().get(0).line()).isEqualTo(3);
    assertThat(config.problems().get(0).message()).startsWith("not valid TOML");
  }

  @Test
  void theExampleInTheDocsParsesWithoutProblems() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("../docs/CONFIG.md"));
    int start = doc.indexOf("```toml\n") + "```toml\n".length();
    String example = doc.substring(start, doc.indexOf("```", start));

    UserConfig config = ConfigFile.parse(FILE, example);

    assertThat(config.problems()).isEmpty();
    assertThat(config.keys()).hasSize(4);
    assertThat(config.triggers()).hasSize(4);
  }
}
