package org.polybridge.python.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code iterm2} Python package, shipped as source in this jar and extracted once into the
 * cache folder ({@code <cache>/lib/<content hash>/iterm2/}) so that GraalPy imports it like any
 * package on {@code sys.path} and keeps its {@code .pyc} files. A new version of the sources gets
 * a new folder; a half-written folder is never seen (written aside, then moved into place).
 */
final class PythonLibrary {
  private static final String ROOT = "/org/polybridge/python/";
  static final List<String> FILES = List.of(
      "iterm2/__init__.py", "iterm2/_loop.py", "iterm2/_profile_keys.py", "iterm2/util.py",
      "iterm2/broadcast.py", "iterm2/_repl.py", "iterm2/statusbar.py", "iterm2/prompt.py", "iterm2/alert.py",
      "iterm2/keyboard.py", "iterm2/triggers.py", "iterm2/selection.py", "iterm2/tmux.py");

  private PythonLibrary() {}

  /** The folder to put on {@code sys.path}: it holds the {@code iterm2} package. */
  static Path extract(Path cache) {
    Map<String, byte[]> sources = read();
    Path libs = cache.resolve("lib");
    Path target = libs.resolve(hash(sources));
    if (Files.isDirectory(target)) {
      return target;
    }
    try {
      Files.createDirectories(libs);
      Path aside = Files.createTempDirectory(libs, ".extracting-");
      for (var source : sources.entrySet()) {
        Path file = aside.resolve(source.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, source.getValue());
      }
      try {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
        delete(aside); // another process extracted the same version first
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the iterm2 Python package into " + libs, e);
    }
  }

  private static Map<String, byte[]> read() {
    Map<String, byte[]> sources = new LinkedHashMap<>();
    for (String name : FILES) {
      try (InputStream in = PythonLibrary.class.getResourceAsStream(ROOT + name)) {
        if (in == null) {
          throw new IllegalStateException("resource " + ROOT + name + " is missing from the lang-python jar");
        }
        sources.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  private static String hash(Map<String, byte[]> sources) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      sources.forEach((name, bytes) -> {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
