package org.polybridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code polybridge stubs DIR}: writes the editor stubs of the guest {@code iterm2} modules —
 * {@code iterm2/__init__.pyi} (one {@code .pyi} per public submodule, and {@code py.typed}) for
 * Python, {@code iterm2.d.ts} for JavaScript — so that pyright, mypy and TypeScript's checker complete
 * and check scripts. They are generated from the real modules (bridge-cli's EditorStubsTest fails
 * when the committed ones differ) and kept in this jar, so the command needs no daemon.
 */
final class StubsCommand implements Command {
  /** Where the stubs are in the jar; {@code files} lists them. */
  static final String RESOURCES = "/org/polybridge/cli/stubs/";

  private static final CommandSpec SPEC = new CommandSpec("stubs", "Writes editor stubs of the iterm2 API into a folder.",
      List.of("DIR/iterm2/__init__.pyi (and py.typed, one .pyi per submodule) for Python: pyright's stubPath or mypy's",
          "mypy_path; DIR/iterm2.d.ts for JavaScript: tsconfig.json's include, or /// <reference path>. The folder is",
          "made if missing; files of an earlier run are replaced. Prints {\"folder\", \"files\"} (JSON)."),
      List.of(), List.of(new CommandSpec.Parameter("DIR", "The folder to write into (e.g. typings, pyright's default).",
          CommandSpec.Parameter.Arity.ONE)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws IOException {
    Path folder = Path.of(arguments.parameter(0)).toAbsolutePath().normalize();
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("DIR : " + folder + " is a file (expected: a folder, made if missing)");
    }
    Map<String, byte[]> stubs = stubs();
    for (Map.Entry<String, byte[]> stub : stubs.entrySet()) {
      Path file = folder.resolve(stub.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, stub.getValue());
    }
    Map<String, Object> written = new LinkedHashMap<>();
    written.put("folder", folder.toString());
    written.put("files", List.copyOf(stubs.keySet()));
    DaemonCommand.printJson(main, written);
    return 0;
  }

  /** The stubs, by their path in the folder. */
  static Map<String, byte[]> stubs() {
    Map<String, byte[]> stubs = new LinkedHashMap<>();
    for (String name : new String(read("files"), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
      stubs.put(name, read(name));
    }
    return stubs;
  }

  private static byte[] read(String name) {
    try (InputStream in = StubsCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("this build has no stub " + name + " (" + RESOURCES + name + " is missing from the jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
