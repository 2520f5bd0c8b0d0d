package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API documents itself: every public type of the library modules' public packages (any
 * package without an {@code internal} segment) has a Javadoc comment, and each top-level one shows
 * a short example ({@code <pre>{@code …}</pre>}). Javadoc's own doclint would also ask for a comment
 * on every accessor and override; this holds what a reader needs first, in every build.
 */
class PublicApiJavadocTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The modules an embedder or a language module depends on; the CLI and benchmarks are applications. */
  private static final List<String> LIBRARIES = List.of("bridge-core", "lang-js", "lang-python");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^(\\s*)public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
      Pattern.MULTILINE);

  @Test
  void everyPublicTypeOfThePublicPackagesHasJavadocAndEachTopLevelOneAnExample() throws IOException {
    List<String> undocumented = new ArrayList<>();
    List<String> withoutExample = new ArrayList<>();
    List<Path> files = publicSources();
    assertThat(files).as("public sources found").hasSizeGreaterThan(30);
    for (Path file : files) {
      String source = Files.readString(file);
      Matcher m = PUBLIC_TYPE.matcher(source);
      while (m.find()) {
        String javadoc = javadocBefore(source, m.start());
        String name = ROOT.relativize(file) + ": " + m.group(2);
        if (javadoc == null) {
          undocumented.add(name);
        } else if (m.group(1).isEmpty() && !javadoc.contains("<pre>{@code")) {
          withoutExample.add(name);
        }
      }
    }
    assertThat(undocumented).as("public types without Javadoc").isEmpty();
    assertThat(withoutExample).as("top-level public types whose Javadoc shows no example").isEmpty();
  }

  private static List<Path> publicSources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String module : LIBRARIES) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> walk = Files.walk(sources)) {
        walk.filter(f -> f.toString().endsWith(".java"))
            .filter(f -> !sources.relativize(f).toString().contains("internal"))
            .filter(f -> !f.getFileName().toString().equals("package-info.java"))
            .forEach(files::add);
      }
    }
    return files;
  }

  /** The Javadoc comment right before a declaration (annotations may stand between), or null. */
  private static String javadocBefore(String source, int declaration) {
    String before = source.substring(0, declaration).stripTrailing();
    while (true) {
      int lineStart = before.lastIndexOf('\n') + 1;
      String line = before.substring(lineStart).strip();
      if (!line.startsWith("@")) {
        break;
      }
      before = before.substring(0, lineStart).stripTrailing();
    }
    if (!before.endsWith("*/")) {
      return null;
    }
    int open = before.lastIndexOf("/**");
    return open < 0 ? null : before.substring(open);
  }
}
