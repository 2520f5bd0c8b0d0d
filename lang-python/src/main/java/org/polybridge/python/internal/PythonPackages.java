package org.polybridge.python.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.polybridge.ScriptException;
import org.polybridge.script.ScriptEnvironment;
import org.polybridge.script.ScriptLog;

/**
 * The packages of a Python script folder that holds a {@code requirements.txt}: installed by
 * GraalPy's own pip (the wheel bundled with its {@code ensurepip}, run in a GraalPy context made for
 * the purpose and closed after) with {@code pip install --target}, into {@code
 * <cache>/python-packages/<hash>}, where the hash is of the file's text and the GraalPy version.
 * pip installs into a folder beside it that is moved into place only when pip succeeded: a failed
 * install leaves nothing in the cache, and a second start with the same file installs nothing.
 *
 * <p>pip reads its usual settings: options in {@code requirements.txt} itself ({@code --index-url},
 * {@code --find-links}, {@code --no-index}), the daemon's environment ({@code PIP_INDEX_URL}, {@code
 * PIP_FIND_LINKS}, {@code PIP_CONFIG_FILE}) and {@code pip.conf}.
 *
 * <pre>{@code
 * PythonPackages.Install install = PythonPackages.install(engine, cache, requirements, log);
 * install.done().thenAccept(site -> ...); // site goes on the script's sys.path
 * }</pre>
 */
final class PythonPackages {
  static final String REQUIREMENTS = "requirements.txt";

  // GraalPy loads native modules in one context per process, and only when it may (native access):
  // pip's context may not, and GraalPy says so with a SystemError that code expecting an
  // ImportError (getpass's "import termios") does not catch. So a native module is an ImportError
  // here, and the two that pip imports without using them for an install are stood in for.
  // requests imports encodings.idna, which asks unicodedata (native there) for ucd_3_2_0: the
  // current Unicode tables stand in for 3.2.0's (stringprep checks the version it is given); they
  // differ for non-ASCII host names only. distlib imports xmlrpc.client, which imports pyexpat: an
  // XML parser pip never asks for.
  private static final Source PIP = Source.create("python", """
      import ensurepip, glob, importlib.machinery, os, sys, types, unicodedata

      class _NoNativeModules:
          @staticmethod
          def find_spec(name, path=None, target=None):
              spec = importlib.machinery.PathFinder.find_spec(name, path)
              if spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
                  raise ImportError("no native module %s while polybridge installs packages" % name, name=name)
              return None

      sys.meta_path.insert(0, _NoNativeModules)

      # hashlib logs a traceback for each sha3 hash it cannot make (their module is native): pip
      # needs none of them, and a user reading the script's log should not think it failed.
      import logging
      logging.disable(logging.CRITICAL)
      try:
          import hashlib
      finally:
          logging.disable(logging.NOTSET)

      class _Ucd320:
          unidata_version = "3.2.0"

          def __getattr__(self, name):
              return getattr(unicodedata, name)

      unicodedata.ucd_3_2_0 = _Ucd320()

      class ExpatError(Exception):
          pass

      def ParserCreate(*arguments, **keywords):
          raise ExpatError("no XML parser while polybridge installs packages")

      pyexpat = types.ModuleType("pyexpat")
      pyexpat.model = types.ModuleType("pyexpat.model")
      pyexpat.errors = types.ModuleType("pyexpat.errors")
      pyexpat.ExpatError = pyexpat.error = ExpatError
      pyexpat.ParserCreate = ParserCreate
      sys.modules["pyexpat"] = pyexpat
      sys.path.insert(0, glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "pip-*.whl"))[0])
      from pip._internal.cli.main import main
      lambda *arguments: main(list(arguments))
      """);

  private PythonPackages() {}

  /** The {@code requirements.txt} of a script that is a folder of its own, or {@code null}. */
  static Path requirementsOf(ScriptEnvironment env) {
    Path directory = env.directory().getFileName();
    if (directory == null || !directory.toString().equals(env.name())) {
      return null; // a single file in AutoLaunch: AutoLaunch's files are not its own
    }
    Path requirements = env.directory().resolve(REQUIREMENTS);
    return Files.isRegularFile(requirements) ? requirements : null;
  }

  /** Starts making the packages of {@code requirements} available, on a thread of its own. */
  static Install install(Engine engine, Path cache, Path requirements, String name, ScriptLog log) {
    return new Install(engine, cache, requirements, name, log);
  }

  /** One install; {@link #done()} gives the folder to put on {@code sys.path}. */
  static final class Install {
    private final CompletableFuture<Path> done = new CompletableFuture<>();
    private volatile Context pip;
    private volatile boolean cancelled;

    private Install(Engine engine, Path cache, Path requirements, String name, ScriptLog log) {
      Thread thread = new Thread(() -> run(engine, cache, requirements, log), "polybridge-pip-" + name);
      thread.setDaemon(true);
      thread.start();
    }

    CompletableFuture<Path> done() {
      return done;
    }

    /** Stops pip where it is; nothing of its work is left in the cache. */
    void cancel() {
      cancelled = true;
      done.completeExceptionally(new ScriptException("stopped while pip installed its packages", null));
      Context c = pip;
      if (c != null) {
        try {
          c.close(true);
        } catch (RuntimeException e) {
          // closing already
        }
      }
    }

    private void run(Engine engine, Path cache, Path requirements, ScriptLog log) {
      Path aside = null;
      try {
        Path packages = cache.resolve("python-packages");
        Path target = packages.resolve(hash(engine, requirements));
        if (Files.isDirectory(target)) {
          log.info("packages of " + REQUIREMENTS + " from " + target + " (installed before)");
          done.complete(target);
          return;
        }
        long started = System.nanoTime();
        log.activity("installing packages: pip install -r " + REQUIREMENTS);
        Files.createDirectories(packages);
        aside = Files.createTempDirectory(packages, ".installing-");
        List<String> errors = new ArrayList<>();
        int status = pip(engine, cache, requirements, aside, log, errors);
        if (cancelled) {
          return;
        }
        if (status != 0) {
          // gone before the failure is told: whoever hears of it finds nothing half-installed
          delete(aside, log);
          aside = null;
          done.completeExceptionally(new ScriptException("pip could not install " + requirements + " (exit status " + status
              + "): " + (errors.isEmpty() ? "see the script's log" : String.join(" | ", errors)), null));
          return;
        }
        try {
          Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
          aside = null;
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException raced) {
          // another script with the same requirements installed them first: theirs serve both
        }
        log.info("packages installed in " + (System.nanoTime() - started) / 1_000_000 + " ms into " + target);
        log.activity(null);
        done.complete(target);
      } catch (IOException | RuntimeException e) {
        if (aside != null) {
          delete(aside, log);
          aside = null;
        }
        if (!cancelled) {
          String reason = e instanceof PolyglotException p && p.isCancelled() ? "stopped" : e.getMessage();
          done.completeExceptionally(new ScriptException("could not install the packages of " + requirements + ": " + reason, null, e));
        }
      } finally {
        if (aside != null) {
          delete(aside, log);
        }
      }
    }

    /** Runs pip in a context of its own; its output goes to the log, its ERROR lines to {@code errors}. */
    private int pip(Engine engine, Path cache, Path requirements, Path target, ScriptLog log, List<String> errors) {
      ScriptLog pipLog = new ScriptLog() {
        @Override
        public void info(String line) {
          if (!line.isBlank()) {
            log.info("pip: " + line);
            if (line.startsWith("ERROR: ") && errors.size() < 5) {
              errors.add(line.strip());
            }
          }
        }

        @Override
        public void error(String message, String traceback) {
          log.error("pip: " + message, traceback);
        }
      };
      try (LogOutputStream out = new LogOutputStream(pipLog);
           Context context = Context.newBuilder("python")
               .engine(engine)
               .allowIO(IOAccess.ALL)
               .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
               .allowCreateProcess(true)
               .out(out)
               .err(out)
               .option("python.PyCachePrefix", cache.resolve("pyc").toString())
               .option("python.DontWriteBytecodeFlag", "false")
               .build()) {
        pip = context;
        if (cancelled) {
          return -1;
        }
        Value main = context.eval(PIP);
        Value status = main.execute("install", "--target", target.toString(), "--requirement", requirements.toString(),
            "--no-input", "--disable-pip-version-check", "--no-warn-script-location", "--progress-bar", "off");
        return status.isNumber() ? status.asInt() : 1;
      } finally {
        pip = null;
      }
    }
  }

  /** Of the requirements' text and the GraalPy version: a new GraalPy installs anew. */
  private static String hash(Engine engine, Path requirements) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("graalpy " + engine.getVersion() + "\n").getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(requirements));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Path folder, ScriptLog log) {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      log.error("could not delete " + folder + " after a failed install: " + e.getMessage(), null);
    }
  }
}
