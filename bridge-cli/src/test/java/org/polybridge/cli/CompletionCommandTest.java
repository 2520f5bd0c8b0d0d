package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated script, run by a real bash as its completion would run it. */
class CompletionCommandTest {
  @TempDir Path folder;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new Main(Map.of(), null, new PrintWriter(out), new PrintWriter(err)).execute(args);
  }

  /** What bash completes {@code words} to, the last word being the one under the cursor. */
  private List<String> complete(Path script, String... words) throws Exception {
    StringBuilder line = new StringBuilder("source '" + script + "'; COMP_WORDS=(");
    for (String w : words) {
      line.append("'").append(w).append("' ");
    }
    line.append("); COMP_CWORD=").append(words.length - 1).append("; _polybridge; printf '%s\\n' \"${COMPREPLY[@]}\"");
    Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", line.toString()).directory(folder.toFile())
        .redirectErrorStream(true).start();
    String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(said).isZero();
    return said.lines().filter(s -> !s.isEmpty()).sorted().toList();
  }

  @Test
  void bashCompletesCommandsOptionsChoicesAndFoldersFromTheCommandsOwnSpecs() throws Exception {
    assertThat(run("completion", "bash")).isZero();
    Path script = Files.writeString(folder.resolve("polybridge.bash"), out.toString());
    Files.createDirectories(folder.resolve("scripts-here"));
    Files.writeString(folder.resolve("scripts-file"), "");

    assertThat(complete(script, "polybridge", "se")).containsExactly("send-text", "service", "sessions");
    assertThat(complete(script, "polybridge", "service", "")).containsExactly("--force", "--help", "install", "status", "uninstall");
    assertThat(complete(script, "polybridge", "run", "--s")).containsExactly("--scripts", "--socket");
    assertThat(complete(script, "polybridge", "run", "--scripts", "scr")).containsExactly("scripts-here");
    assertThat(complete(script, "polybridge", "invoke", "--socket", "scripts-f")).containsExactly("scripts-file");
    assertThat(complete(script, "polybridge", "invoke", "--tcp", "")).isEmpty();
    assertThat(complete(script, "polybridge", "help", "doc")).containsExactly("doctor");
    assertThat(complete(script, "polybridge", "stubs", "scr")).containsExactly("scripts-here");
    assertThat(complete(script, "polybridge", "start", "scripts-f")).containsExactly("scripts-file");
    assertThat(complete(script, "polybridge", "scripts", "--a")).containsExactly("--all");
    assertThat(complete(script, "polybridge", "nope", "")).isEmpty();
  }

  @Test
  void zshGetsTheSameFunctionThroughBashcompinitAndAnotherShellIsNamed() {
    assertThat(run("completion", "zsh")).isZero();
    assertThat(out.toString()).startsWith("#compdef polybridge\n").contains("bashcompinit").endsWith(CompletionCommand.bash());

    assertThat(run("completion", "fish")).isEqualTo(2);
    assertThat(err.toString()).startsWith("polybridge: SHELL : 'fish' (expected: bash or zsh)\n");
  }
}
