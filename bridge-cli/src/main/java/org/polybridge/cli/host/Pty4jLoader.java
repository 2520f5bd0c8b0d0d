package org.polybridge.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link Pty4jLauncher}: where this process's class path has pty4j (the daemon, tests),
 * from it; else (the class path of {@code polybridge pty}) from a class loader of pty4j's jars, which
 * the build names in {@value #LISTING} (jar names relative to the folder above the one that holds
 * bridge-cli's jar, as {@code client.classpath} names them), and of this way's own classes ({@code
 * org.polybridge.cli.host.pty4j}, defined there again from bridge-cli's jar so that they see pty4j).
 * Made once per process: JNA's native library can belong to one class loader only.
 */
final class Pty4jLoader extends URLClassLoader {
  static final String LISTING = "pty4j.classpath";
  private static final String PROBE = "com.pty4j.PtyProcessBuilder";
  private static final String OWN = "org.polybridge.cli.host.pty4j.";
  private static final String LAUNCHER = OWN + "Pty4jPrograms";
  private static Pty4jLauncher launcher;

  static {
    registerAsParallelCapable();
  }

  private Pty4jLoader(URL[] jars, ClassLoader parent) {
    super("pty4j", jars, parent);
  }

  /**
   * The launcher, made at the first call (pty4j's and JNA's native libraries readied first).
   *
   * @throws IOException when pty4j's jars are not there
   */
  static synchronized Pty4jLauncher launcher() throws IOException {
    if (launcher == null) {
      ClassLoader own = Pty4jLoader.class.getClassLoader();
      ClassLoader loader = sees(own, PROBE) ? own : new Pty4jLoader(jars(), own);
      NativeLibraries.preparePty4j(loader);
      try {
        launcher = (Pty4jLauncher) Class.forName(LAUNCHER, true, loader).getConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IOException("pty4j cannot be loaded: " + e, e);
      }
    }
    return launcher;
  }

  private static boolean sees(ClassLoader loader, String name) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** pty4j's jars, as the build listed them; each must be there. */
  static URL[] jars() throws IOException {
    Path bridgeCli = NativeLibraries.jarOf(Pty4jLoader.class);
    if (bridgeCli == null) {
      throw new IOException("pty4j is not on the class path, and bridge-cli's classes are not in a jar beside its jars");
    }
    String listed;
    try (InputStream in = Pty4jLoader.class.getResourceAsStream(LISTING)) {
      if (in == null) {
        throw new IOException("pty4j is not on the class path, and bridge-cli's jar does not list its jars (" + LISTING + ")");
      }
      listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return jars(listed, bridgeCli.toAbsolutePath().getParent().getParent());
  }

  /** The jars of {@code listed} ({@code lib/a.jar:lib/b.jar}) under {@code root}; each must be a file. */
  static URL[] jars(String listed, Path root) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String name : listed.strip().split(":")) {
      if (name.isBlank()) {
        continue;
      }
      Path jar = root.resolve(name.strip());
      if (!Files.isRegularFile(jar)) {
        throw new IOException("pty4j's jar " + jar + " is missing (listed in bridge-cli's " + LISTING + ")");
      }
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IOException("pty4j's jar " + jar + ": " + e.getMessage(), e);
      }
    }
    if (urls.isEmpty()) {
      throw new IOException("bridge-cli's " + LISTING + " lists no jar");
    }
    return urls.toArray(URL[]::new);
  }

  /** This way's own classes are defined here, from bridge-cli's jar; the rest as usual (the parent first, then pty4j's jars). */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(OWN)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        String file = name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(file)) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          type = defineClass(name, bytes, 0, bytes.length, Pty4jLoader.class.getProtectionDomain());
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }
}
