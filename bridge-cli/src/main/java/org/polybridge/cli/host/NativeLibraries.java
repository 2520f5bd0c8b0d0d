package org.polybridge.cli.host;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.polybridge.UserFolders;

/**
 * The native libraries in pty4j's, JNA's and JLine's jars, unpacked once per version into a private folder
 * of the user's cache ({@code $XDG_CACHE_HOME/polybridge/native}, default {@code ~/.cache/polybridge/native}) rather than on every start. Left to
 * themselves, pty4j unpacks all of its libraries, checking each with MD5, and JNA its dispatch
 * library, each time a JVM first starts a program in a pseudo-terminal: most of the first start's
 * time in a short-lived {@code polybridge pty}; JLine writes its own to a temporary file.
 *
 * <p>Each version gets a folder of its own, made under a temporary name and renamed into place,
 * so processes that start together never see half a library. Where that cannot be done (the jars
 * are not files, the cache is not writable) pty4j and JNA do as they always did. JLine's is
 * readied for every terminal ({@link #prepare()}), pty4j's and JNA's only where pty4j starts
 * programs ({@link #preparePty4j}).
 */
final class NativeLibraries {
  static final String PTY4J_NATIVES = "resources/com/pty4j/native/";
  /** JLine's libraries, one folder per system and architecture, as its loader looks them up under {@code library.jline.path}. */
  static final String JLINE_NATIVES = "org/jline/nativ/";
  private static final String JLINE_LOADER = "org.jline.nativ.JLineNativeLoader";
  private static volatile boolean prepared;

  private NativeLibraries() {}

  /** Points JLine at its unpacked library, unpacking it first if needed. Idempotent. */
  static void prepare() {
    if (prepared) {
      return;
    }
    synchronized (NativeLibraries.class) {
      if (prepared) {
        return;
      }
      prepared = true;
      try {
        // JLine (the terminal's modes and size, Tty) otherwise writes its library to a new
        // temporary file on every start, and looks over the temporary folder for old ones
        ClassLoader loader = NativeLibraries.class.getClassLoader();
        Path jline = unpacked(jarOf(Class.forName(JLINE_LOADER, false, loader)), cache(), JLINE_NATIVES);
        if (jline != null && System.getProperty("library.jline.path") == null) {
          System.setProperty("library.jline.path", jline.toString());
        }
      } catch (IOException | ReflectiveOperationException | RuntimeException e) {
        System.getLogger(NativeLibraries.class.getName()).log(Level.DEBUG, "JLine's native library left to JLine to unpack: " + e);
      }
    }
  }

  /**
   * Points pty4j and JNA, as {@code loader} sees them, at their unpacked libraries, unpacking them
   * first if needed. Before either is used: JNA's {@code Native} must not even be initialized
   * before (its initializer loads the library), so both are named here, not linked.
   */
  static void preparePty4j(ClassLoader loader) {
    synchronized (NativeLibraries.class) {
      try {
        Path cache = cache();
        Path pty4j = unpacked(jarOf(Class.forName("com.pty4j.PtyProcessBuilder", false, loader)), cache, PTY4J_NATIVES);
        if (pty4j != null && System.getProperty("pty4j.preferred.native.folder") == null) {
          System.setProperty("pty4j.preferred.native.folder", pty4j.toString());
        }
        String platform = (String) Class.forName("com.sun.jna.Platform", true, loader).getField("RESOURCE_PREFIX").get(null);
        String dispatch = "com/sun/jna/" + platform + "/" + System.mapLibraryName("jnidispatch");
        Path jna = unpacked(jarOf(Class.forName("com.sun.jna.Native", false, loader)), cache, dispatch);
        if (jna != null && System.getProperty("jna.boot.library.path") == null) {
          System.setProperty("jna.boot.library.path", jna.resolve(dispatch).getParent().toString());
        }
      } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
        System.getLogger(NativeLibraries.class.getName())
            .log(Level.DEBUG, "native libraries left to pty4j and JNA to unpack: " + e);
      }
    }
  }

  private static Path cache() {
    return UserFolders.current().cache().resolve("native");
  }

  /**
   * The folder under {@code cache} named for {@code jar} holding its entries under {@code prefix}
   * (at their paths in the jar, {@code prefix}'s own folders stripped for pty4j's), unpacked now if
   * missing; {@code null} when {@code jar} is not a jar file.
   */
  static Path unpacked(Path jar, Path cache, String prefix) throws IOException {
    if (jar == null) {
      return null;
    }
    String name = jar.getFileName().toString();
    Path folder = cache.resolve(name.substring(0, name.length() - ".jar".length()));
    if (Files.isDirectory(folder)) {
      return folder;
    }
    Files.createDirectories(cache, UserFolders.privateFolder());
    Path partial = Files.createTempDirectory(cache, name + ".");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      boolean any = false;
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().startsWith(prefix) || entry.getName().endsWith(".class")) {
          continue;
        }
        String relative = prefix.endsWith("/") ? entry.getName().substring(prefix.length()) : entry.getName();
        Path target = partial.resolve(relative).normalize();
        if (!target.startsWith(partial)) {
          throw new IOException("entry " + entry.getName() + " of " + jar + " points outside its folder");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, target);
        }
        any = true;
      }
      if (!any) {
        throw new IOException("no " + prefix + " in " + jar);
      }
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AccessDeniedException e) {
      // another process unpacked the same version first: its folder is as good as this one
      if (!Files.isDirectory(folder)) {
        throw e;
      }
    } finally {
      delete(partial);
    }
    return folder;
  }

  static Path jarOf(Class<?> type) {
    try {
      var source = type.getProtectionDomain().getCodeSource();
      Path path = source == null ? null : Path.of(source.getLocation().toURI());
      return path != null && Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar") ? path : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var files = Files.walk(folder)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
