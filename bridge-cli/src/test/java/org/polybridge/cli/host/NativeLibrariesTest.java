package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcessBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {
  @TempDir Path cache;

  @Test
  @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
  void pty4jsLibrariesAreUnpackedOnceIntoAFolderNamedForItsJarWhereItLooksForThem() throws Exception {
    Path jar = NativeLibraries.jarOf(PtyProcessBuilder.class);
    String library = "linux/x86-64/libpty.so";

    Path folder = NativeLibraries.unpacked(jar, cache, NativeLibraries.PTY4J_NATIVES);

    assertThat(folder).isEqualTo(cache.resolve(jar.getFileName().toString().replace(".jar", "")));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      byte[] shipped = zip.getInputStream(zip.getEntry(NativeLibraries.PTY4J_NATIVES + library)).readAllBytes();
      assertThat(folder.resolve(library)).hasBinaryContent(shipped);
    }
    FileTime unpacked = Files.getLastModifiedTime(folder.resolve(library));
    assertThat(NativeLibraries.unpacked(jar, cache, NativeLibraries.PTY4J_NATIVES)).isEqualTo(folder);
    assertThat(Files.getLastModifiedTime(folder.resolve(library))).isEqualTo(unpacked);
    try (var left = Files.list(cache)) {
      assertThat(left).as("no half-made folder stays behind").containsExactly(folder);
    }
  }

  @Test
  @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
  void jlinesLibrariesAreUnpackedWhereItsLoaderLooksUnderItsPathAndWithoutItsClasses() throws Exception {
    Path jar = NativeLibraries.jarOf(Class.forName("org.jline.nativ.JLineNativeLoader", false, getClass().getClassLoader()));
    String library = "Linux/x86_64/libjlinenative.so"; // library.jline.path + OSInfo's folder + the mapped name

    Path folder = NativeLibraries.unpacked(jar, cache, NativeLibraries.JLINE_NATIVES);

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      byte[] shipped = zip.getInputStream(zip.getEntry(NativeLibraries.JLINE_NATIVES + library)).readAllBytes();
      assertThat(folder.resolve(library)).hasBinaryContent(shipped);
    }
    try (var files = Files.walk(folder)) {
      assertThat(files.filter(f -> f.toString().endsWith(".class"))).as("the loader's own classes stay in the jar").isEmpty();
    }
  }

  @Test
  void aFolderAnotherProcessMadeFirstIsTakenAsItIs() throws Exception {
    Path jar = NativeLibraries.jarOf(PtyProcessBuilder.class);
    Path theirs = Files.createDirectories(cache.resolve(jar.getFileName().toString().replace(".jar", "")).resolve("linux"));

    Path folder = NativeLibraries.unpacked(jar, cache, NativeLibraries.PTY4J_NATIVES);

    assertThat(folder).isEqualTo(theirs.getParent());
    try (var inside = Files.list(folder)) {
      assertThat(inside).containsExactly(theirs);
    }
  }

  @Test
  void classesNotFromAJarAreLeftToTheLibrary() {
    assertThat(NativeLibraries.jarOf(NativeLibrariesTest.class)).as("target/test-classes is a folder").isNull();
  }
}
