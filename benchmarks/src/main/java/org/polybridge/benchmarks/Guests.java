package org.polybridge.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.polybridge.Bridge;
import org.polybridge.client.RpcDefinition;

/** Guest scripts that serve {@code name(a, b) = a + b}, and waiting for them to answer. */
final class Guests {
  /** JVM flags that Truffle needs on JDK 24+; each GraalVM benchmark's fork gets them (@Fork). */
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
  static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";
  static final String NO_WARNING = "-Dpolyglot.engine.WarnInterpreterOnly=false";

  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private Guests() {}

  static String js(String name) {
    return """
        iterm2.runForever(async connection => {
          await iterm2.rpc(async function %s(a, b) { return a + b; }).register(connection);
        });
        """.formatted(name);
  }

  static String python(String name) {
    return """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def %s(a, b):
                return a + b
            await %s.async_register(connection)

        iterm2.run_forever(main)
        """.formatted(name, name);
  }

  static String call(String name) {
    return name + "(a: 1, b: 2)";
  }

  /**
   * Returns once {@code name(a: 1, b: 2)} answered 3: polls the registry (cheap, every 0.1 ms, so
   * that single shots are not rounded up to a sleep) and then calls the function once.
   */
  static void awaitAnswer(Bridge bridge, String name, Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String signature = RpcDefinition.signature(name, List.of("a", "b"));
    while (!bridge.functions().contains(signature)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " was not registered within " + TIMEOUT + "; " + diagnostics.get());
      }
      LockSupport.parkNanos(100_000);
    }
    Object answer;
    try {
      answer = bridge.invoke(call(name)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(call(name) + " failed; " + diagnostics.get(), e);
    }
    if (!(answer instanceof Number n) || n.longValue() != 3) {
      throw new IllegalStateException(call(name) + " answered " + answer + "; " + diagnostics.get());
    }
  }

  static Path tempFolder(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
    } catch (IOException e) {
      return e.toString();
    }
  }

  static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp folder: best effort
    }
  }
}
