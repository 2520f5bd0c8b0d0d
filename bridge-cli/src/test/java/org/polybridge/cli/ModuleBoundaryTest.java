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

  /**
   * bridge-core's internal classes that other modules may use, and why. The language modules need
   * none: what a guest library needs (the JSON value model, the protocol's messages in their JSON
   * form, the user's folders) is public API, which a third-party language module uses as they do.
   */
  private static final Map<String, Set<String>> SHARED = Map.of(
      "lang-js", Set.of(),
      "lang-python", Set.of(),
      // The daemon and its commands, which ship with bridge-core and change with it. The terminal's
      // key and sequence readers and the screen's bounded writer are the pty extension's own parsers:
      // public, they would be a second API for terminals beside SessionIo, to be kept stable for no
      // embedder (one that attaches terminals speaks pty.polybridge.org instead). The socket folder's
      // checks, the one count of unauthenticated connections and the wire's limits are the daemon's
      // security settings: the console's listener and `polybridge doctor` must apply the very rules
      // the API listener does, not a public copy an embedder could loosen.
      "bridge-cli", Set.of("internal.io.WriteQueue",
          "internal.terminal.ControlSequenceScanner", "internal.terminal.KeyStroke", "internal.terminal.TypedKeys",
          "internal.transport.PrivateFiles", "internal.transport.UnauthenticatedConnections",
          "internal.transport.WireSettings"),
      // benchmarks measure internals beside their baselines
      "benchmarks", Set.of("internal.script.BridgeEngine", "internal.terminal.ControlSequenceScanner",
          "internal.transport.Transport"),
      "examples", Set.of());

  /**
   * The modules whose main code may build the protocol's generated messages ({@code
   * org.polybridge.proto}): bridge-core speaks the wire; the others use its JSON form through {@code
   * ApiClient}, so protobuf stays out of what they depend on. The wire benchmark builds the very
   * message it measures.
   */
  private static final Set<String> SPEAK_PROTOBUF = Set.of("bridge-core", "benchmarks");
  private static final Pattern PROTO = Pattern.compile("org\\.polybridge\\.proto\\.[A-Z][A-Za-z0-9]*");

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
  void onlyBridgeCoreBuildsTheProtocolsMessages() throws IOException {
    List<String> uses = new ArrayList<>();
    for (String module : OWN.keySet()) {
      Path sources = ROOT.resolve(module).resolve("src/main/java");
      if (SPEAK_PROTOBUF.contains(module) || !Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = PROTO.matcher(Files.readString(file));
          while (m.find()) {
            uses.add(module + ": " + ROOT.relativize(file) + " uses " + m.group());
          }
        }
      }
    }
    assertThat(new TreeSet<>(uses)).as("protobuf messages outside bridge-core").isEmpty();
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
