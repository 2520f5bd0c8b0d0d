package org.polybridge.js.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.polybridge.ScriptException;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptLog;

/**
 * The npm packages of a JavaScript script folder. A folder with a {@code package.json} or a {@code
 * node_modules} is a package: its script may {@code require} and {@code import} what {@code
 * node_modules} holds. When {@code package.json} names {@code dependencies} and {@code
 * node_modules} was not installed from this very {@code package.json} (and {@code
 * package-lock.json}), npm installs them before the script runs ({@code npm ci} when there is a lock
 * file, which it never rewrites; else {@code npm install --no-package-lock}; both with {@code
 * --omit=dev --ignore-scripts}). The hash of those files is then kept in {@code
 * node_modules/.polybridge-packages}, so that a restart does not install again.
 *
 * <pre>{@code
 * Optional<NpmPackages.Install> install = NpmPackages.installIfStale(folder, NpmPackages.npm(), log);
 * install.ifPresent(i -> i.done().thenRun(this::load));
 * }</pre>
 */
final class NpmPackages {
  static final String STAMP = ".polybridge-packages";
  /** How many of npm's last lines a failure's reason quotes (all of them are in the script's log). */
  private static final int QUOTED_LINES = 6;

  private NpmPackages() {}

  /** Whether {@code folder} is an npm package: it holds {@code package.json} or {@code node_modules}. */
  static boolean isPackage(Path folder) {
    return Files.isRegularFile(folder.resolve("package.json")) || Files.isDirectory(folder.resolve("node_modules"));
  }

  /**
   * The npm to run: the {@code polybridge.npm} system property, else {@code npm} on the {@code
   * PATH}; empty when there is none.
   */
  static Optional<Path> npm() {
    String configured = System.getProperty("polybridge.npm");
    if (configured != null && !configured.isBlank()) {
      Path npm = Path.of(configured);
      return Files.isExecutable(npm) ? Optional.of(npm) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path npm = Path.of(dir, "npm");
        if (Files.isExecutable(npm) && !Files.isDirectory(npm)) {
          return Optional.of(npm);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts npm when {@code folder}'s {@code package.json} names dependencies that {@code
   * node_modules} does not hold as installed from it; empty when there is nothing to do.
   *
   * @param npm the npm to run ({@link #npm()}); empty when the machine has none
   * @throws ScriptException when {@code package.json} cannot be read, or npm is needed and there is none
   */
  static Optional<Install> installIfStale(Path folder, Optional<Path> npm, ScriptLog log) throws ScriptException {
    List<String> dependencies = dependencies(folder);
    if (dependencies.isEmpty()) {
      return Optional.empty();
    }
    String hash = hash(folder);
    Path stamp = folder.resolve("node_modules").resolve(STAMP);
    if (hash.equals(read(stamp))) {
      return Optional.empty();
    }
    if (npm.isEmpty()) {
      String fix = "install npm (Node.js), or run 'npm install --omit=dev' in " + folder;
      if (Files.isDirectory(folder.resolve("node_modules"))) {
        log.error("package.json changed since node_modules was installed, and npm was not found on the PATH: "
            + "the script runs with node_modules as it is (" + fix + ")", null);
        return Optional.empty();
      }
      throw new ScriptException("package.json names dependencies (" + String.join(", ", dependencies)
          + ") and there is no node_modules to load them from, and npm was not found on the PATH: " + fix, null);
    }
    boolean locked = Files.isRegularFile(folder.resolve("package-lock.json"));
    List<String> command = new ArrayList<>(List.of(npm.get().toString(), locked ? "ci" : "install", "--omit=dev",
        "--ignore-scripts", "--no-audit", "--no-fund"));
    if (!locked) {
      command.add("--no-package-lock"); // npm would write package-lock.json into the script's folder
    }
    return Optional.of(new Install(folder, command, stamp, hash, log));
  }

  /** The names in {@code package.json}'s {@code dependencies}; empty without a {@code package.json}. */
  static List<String> dependencies(Path folder) throws ScriptException {
    Path file = folder.resolve("package.json");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    Object json;
    try {
      json = Json.parse(Files.readString(file));
    } catch (IOException | UncheckedIOException e) {
      throw new ScriptException("cannot read " + file + ": " + e.getMessage(), null, e);
    } catch (RuntimeException e) {
      throw new ScriptException(file + " is not valid JSON: " + e.getMessage(), null, e);
    }
    if (!(json instanceof Map<?, ?> manifest)) {
      throw new ScriptException(file + " : " + Json.preview(json, 40) + " (expected: a JSON object)", null);
    }
    Object dependencies = manifest.get("dependencies");
    if (dependencies == null) {
      return List.of();
    }
    if (!(dependencies instanceof Map<?, ?> names)) {
      throw new ScriptException(file + ": dependencies : " + Json.preview(dependencies, 40)
          + " (expected: an object of package names and versions)", null);
    }
    return names.keySet().stream().map(String::valueOf).sorted().toList();
  }

  /** The hash of {@code package.json} and {@code package-lock.json} (when there is one). */
  static String hash(Path folder) throws ScriptException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String name : List.of("package.json", "package-lock.json")) {
        Path file = folder.resolve(name);
        digest.update((name + (Files.isRegularFile(file) ? "" : " absent") + "\n").getBytes(StandardCharsets.UTF_8));
        if (Files.isRegularFile(file)) {
          digest.update(Files.readAllBytes(file));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ScriptException("cannot read the package files of " + folder + ": " + e.getMessage(), null, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path stamp) {
    try {
      return Files.isRegularFile(stamp) ? Files.readString(stamp).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * One run of npm in a script's folder, its output line by line to the script's log, on a thread
   * of its own. {@link #done()} completes when npm succeeded (and the stamp is written), or
   * exceptionally with a {@link ScriptException} that quotes npm's last lines.
   */
  static final class Install {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile Process process;
    private volatile boolean cancelled;

    private Install(Path folder, List<String> command, Path stamp, String hash, ScriptLog log) {
      log.activity("installing packages: " + String.join(" ", command.subList(1, command.size())));
      Thread thread = new Thread(() -> run(folder, command, stamp, hash, log), "polybridge-npm-" + folder.getFileName());
      thread.setDaemon(true);
      thread.start();
    }

    CompletableFuture<Void> done() {
      return done;
    }

    /** Stops npm (and what it started); {@link #done()} fails. */
    void cancel() {
      cancelled = true;
      Process p = process;
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      done.completeExceptionally(new ScriptException("stopped while npm installed its packages", null));
    }

    private void run(Path folder, List<String> command, Path stamp, String hash, ScriptLog log) {
      long started = System.nanoTime();
      try {
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        process = p;
        if (cancelled) {
          p.destroyForcibly();
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (!line.isBlank()) {
              log.info("npm: " + line);
              lastLines.addLast(line.strip());
              if (lastLines.size() > QUOTED_LINES) {
                lastLines.removeFirst();
              }
            }
          }
        }
        int status = p.waitFor();
        if (cancelled) {
          return;
        }
        if (status != 0) {
          done.completeExceptionally(new ScriptException("npm " + command.get(1) + " failed (exit status " + status + "): "
              + String.join(" | ", lastLines), null));
          return;
        }
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, hash + "\n");
        log.info("packages installed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        log.activity(null);
        done.complete(null);
      } catch (IOException e) {
        done.completeExceptionally(new ScriptException("could not run npm in " + folder + ": " + e.getMessage(), null, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.completeExceptionally(new ScriptException("interrupted while npm installed its packages", null, e));
      }
    }
  }
}
