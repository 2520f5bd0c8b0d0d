package org.polybridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JVM a test starts on its own class path (a daemon with a heap of its own, a probe), its
 * output kept line by line, and {@link #ready} complete once a daemon in it said it listens.
 */
final class ChildJvm implements AutoCloseable {
  final Process process;
  /** Standard output and error, as the lines came. */
  final List<String> output = new CopyOnWriteArrayList<>();
  /** Done at the daemon's "polybridge daemon ready" line; failed when the process ends before it. */
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  private ChildJvm(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("XDG_CACHE_HOME", Path.of(System.getProperty("user.home"), ".cache").toString());
    process = builder.start();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.add(line);
          if (line.contains("polybridge daemon ready")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new AssertionError("the child ended before it was ready:\n" + output()));
    });
  }

  /**
   * {@code java -Xmx<heap> --enable-native-access=ALL-UNNAMED -Duser.home=target/child-home <flags> -cp <this class path>
   * <mainClass> <args>}: the child's default folders (config, logs) are the build's, never the
   * account's — a user's own {@code config.toml} does not reach a test, nor does a test write their
   * files. Only the cache stays the test JVM's ({@code XDG_CACHE_HOME}, unless set): what can be made
   * again, and made warm by the tests before (a cold {@code .pyc} cache costs a Python child a minute
   * more). A {@code -Duser.home} among {@code flags} wins.
   */
  static ChildJvm start(String heap, List<String> flags, String mainClass, String... args) throws IOException {
    Path home = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "child-home"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + home));
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return new ChildJvm(command);
  }

  /** What it printed so far, one line each. */
  String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
