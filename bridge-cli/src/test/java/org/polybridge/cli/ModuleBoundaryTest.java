package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No module's main code reaches into another module's {@code internal} packages, except the few
 * classes of bridge-core that its sibling modules share on purpose, as qualified exports would
 * name them (the project has no module-info to say it: GraalVM's jars are used from the class path).
 * A new reach fails here; make the class public API, or move the code, rather than add to the list.
 */
class ModuleBoundaryTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern INTERNAL =
      Pattern.compile("org\\.polybridge\\.(?:([a-z]+)\\.)?internal((?:\\.[a-z]+)*)\\.([A-Z][A-Za-z0-9]*)");

  /** bridge-core's internal classes that other modules may use, and why. */
  private static final Map<String, Set<String>> SHARED = Map.of(
      // the guest libraries build protocol messages from plain values and speak the wire's JSON
      "lang-js", Set.of("internal.client.ProtoValues", "internal.json.Json"),
      "lang-python", Set.of("internal.client.ProtoValues", "internal.json.Json", "internal.config.UserFolders"),
      // the daemon and its commands: the user's folders, the wire's JSON, the terminal's key and
      // sequence readers, the bounded writer of the screen, private files for the socket's folder,
      // the one count of unauthenticated connections (the console's listener caps them as the API's)
      "bridge-cli", Set.of("internal.config.UserFolders", "internal.io.WriteQueue", "internal.json.Json",
          "internal.terminal.ControlSequenceScanner", "internal.terminal.KeyStroke", "internal.terminal.TypedKeys",
          "internal.transport.PrivateFiles", "internal.transport.UnauthenticatedConnections",
          "internal.transport.WireSettings"),
      // benchmarks measure internals beside their baselines
      "benchmarks", Set.of("internal.script.BridgeEngine", "internal.terminal.ControlSequenceScanner",
          "internal.tmux.ControlModeStart", "internal.transport.Transport"),
      "examples", Set.of());

  /** The package under org.polybridge that each module's own internals live in ({@code null}: the root's). */
  private static final Map<String, String> OWN = Map.of(
      "bridge-core", "", "lang-js", "js", "lang-python", "python", "bridge-cli", "cli", "examples", "examples",
      "benchmarks", "benchmarks");

  @Test
  void noModuleReachesIntoAnotherModulesInternalsBeyondWhatBridgeCoreShares() throws IOException {
    List<String> reaches = new ArrayList<>();
    for (String module : OWN.keySet()) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = INTERNAL.matcher(Files.readString(file));
          while (m.find()) {
            String owner = m.group(1) == null ? "" : m.group(1);
            if (owner.equals(OWN.get(module))) {
              continue; // its own
            }
            String name = "internal" + m.group(2) + "." + m.group(3);
            if (owner.isEmpty() && SHARED.getOrDefault(module, Set.of()).contains(name)) {
              continue;
            }
            reaches.add(module + ": " + ROOT.relativize(file) + " uses " + m.group());
          }
        }
      }
    }
    assertThat(new TreeSet<>(reaches)).as("reaches into another module's internals").isEmpty();
  }

  @Test
  void theSharedListNamesOnlyClassesThatExist() {
    for (Set<String> names : SHARED.values()) {
      for (String name : names) {
        Path source = ROOT.resolve("bridge-core/src/main/java/org/polybridge").resolve(name.replace('.', '/') + ".java");
        assertThat(source).as(name).exists();
      }
    }
  }
}
