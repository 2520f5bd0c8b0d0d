package org.polybridge.internal.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.polybridge.script.ScriptRuntime;

/**
 * What an AutoLaunch folder holds at one moment: each script (a single file a runtime accepts, or a
 * folder with a runtime's main file) with a fingerprint of its files. Hidden files, editor temp
 * files and files no runtime runs are skipped; the last are reported once.
 */
final class ScriptFolder {
  private static final System.Logger LOG = System.getLogger("org.polybridge.scripts");
  private static final Set<String> SKIPPED_INSIDE = Set.of("__pycache__", "node_modules");

  /** One script: its name in AutoLaunch, its files and the runtime that runs them. */
  record Entry(String name, Path path, Path mainFile, ScriptRuntime runtime, Fingerprint fingerprint) {}

  /**
   * What changes when a script's files change: size, count, newest modification time, and their
   * names (a rename). Folders' own times do not count: a package manager that makes {@code
   * node_modules} in the script's folder is no change of the script.
   */
  record Fingerprint(long size, int files, long newestModifiedNanos, int names) {}

  private final Path folder;
  private final List<ScriptRuntime> runtimes;
  /** Names in the folder that are not scripts of it (the Scripts folder's own AutoLaunch folder). */
  private final Set<String> excluded;
  private final Set<String> reported = new HashSet<>();

  ScriptFolder(Path folder, List<ScriptRuntime> runtimes) {
    this(folder, runtimes, Set.of());
  }

  ScriptFolder(Path folder, List<ScriptRuntime> runtimes, Set<String> excluded) {
    this.folder = folder;
    this.runtimes = List.copyOf(runtimes);
    this.excluded = Set.copyOf(excluded);
  }

  Path path() {
    return folder;
  }

  /**
   * The scripts there now, by name. An entry that could not be read this time (a file replaced
   * while we looked) keeps its fingerprint from {@code previous}, so it is not mistaken for a
   * change or a deletion.
   */
  Map<String, Entry> scan(Map<String, Entry> previous) {
    Map<String, Entry> found = new TreeMap<>();
    Set<String> present = new HashSet<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (isIgnored(name) || excluded.contains(name)) {
          continue;
        }
        present.add(name);
        try {
          Entry entry = Files.isDirectory(child) ? folderScript(child) : fileScript(child);
          if (entry != null) {
            found.put(name, entry);
          }
        } catch (IOException | UncheckedIOException e) {
          if (previous.containsKey(name)) {
            found.put(name, previous.get(name));
          }
        }
      }
    } catch (NoSuchFileException e) {
      // no AutoLaunch folder (yet): no scripts
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read the scripts folder " + folder + ": " + e.getMessage());
      return previous;
    }
    reported.retainAll(present);
    return found;
  }

  /**
   * The script at {@code path}, anywhere (a script run on demand): a file a runtime accepts, or a
   * folder with a runtime's main file.
   *
   * @throws IllegalArgumentException naming the path and what a script is, when it is neither or does not exist
   */
  Entry entry(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      boolean hasMain = runtimes.stream().flatMap(r -> r.mainFileNames().stream()).anyMatch(m -> Files.isRegularFile(absolute.resolve(m)));
      if (Files.isDirectory(absolute)) {
        if (hasMain) {
          return folderScript(absolute);
        }
        throw new IllegalArgumentException(absolute + " is a folder without a main file (expected one of: "
            + String.join(", ", runtimes.stream().flatMap(r -> r.mainFileNames().stream()).toList()) + ")");
      }
      if (Files.isRegularFile(absolute)) {
        if (runtimes.stream().anyMatch(r -> r.accepts(absolute))) {
          return fileScript(absolute);
        }
        throw new IllegalArgumentException(absolute + " is not a script file (expected a name ending in "
            + String.join(", ", runtimes.stream().flatMap(r -> r.extensions().stream()).toList()) + ", or a script folder)");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read " + absolute + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no such file or folder: " + absolute);
  }

  /** Hidden files, and the temp files of editors: {@code .#x}, {@code #x#}, {@code x~}, {@code .x.swp}. */
  static boolean isIgnored(String name) {
    return name.startsWith(".")
        || name.endsWith("~")
        || (name.startsWith("#") && name.endsWith("#"))
        || name.endsWith(".swp")
        || name.endsWith(".swx")
        || name.endsWith(".tmp");
  }

  private Entry fileScript(Path file) throws IOException {
    String name = file.getFileName().toString();
    for (ScriptRuntime runtime : runtimes) {
      if (runtime.accepts(file)) {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Entry(name, file, file, runtime, new Fingerprint(a.size(), 1, a.lastModifiedTime().to(TimeUnit.NANOSECONDS), 0));
      }
    }
    reportOnce(name, "no script runtime runs " + name + " (runtimes: " + describeRuntimes() + "); skipped");
    return null;
  }

  private Entry folderScript(Path directory) throws IOException {
    String name = directory.getFileName().toString();
    for (ScriptRuntime runtime : runtimes) {
      for (String main : runtime.mainFileNames()) {
        Path mainFile = directory.resolve(main);
        if (Files.isRegularFile(mainFile)) {
          return new Entry(name, directory, mainFile, runtime, fingerprint(directory));
        }
      }
    }
    reportOnce(name, "the script folder " + name + " has no main file that a runtime runs ("
        + runtimes.stream().flatMap(r -> r.mainFileNames().stream()).toList() + "); skipped");
    return null;
  }

  private static Fingerprint fingerprint(Path directory) throws IOException {
    long[] size = {0};
    int[] files = {0};
    long[] newest = {0};
    int[] names = {0};
    Files.walkFileTree(directory, Set.of(), 8, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        if (!dir.equals(directory) && (isIgnored(dir.getFileName().toString()) || SKIPPED_INSIDE.contains(dir.getFileName().toString()))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (!isIgnored(file.getFileName().toString())) {
          size[0] += attributes.size();
          files[0]++;
          names[0] += directory.relativize(file).toString().hashCode();
          newest[0] = Math.max(newest[0], attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return new Fingerprint(size[0], files[0], newest[0], names[0]);
  }

  private void reportOnce(String name, String message) {
    if (reported.add(name)) {
      LOG.log(Level.INFO, message);
    }
  }

  private String describeRuntimes() {
    return runtimes.isEmpty() ? "none found"
        : String.join(", ", runtimes.stream().map(r -> r.language() + " " + r.extensions()).toList());
  }
}
