package org.polybridge.js.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The host's files as they are, plus one that is not there: the bare module specifier {@code
 * 'iterm2'} resolves to an in-memory ES module that re-exports the script's {@code iterm2} object.
 * Relative imports ({@code './util.mjs'}) read the script's own files.
 */
final class ModuleFileSystem implements FileSystem {
  static final String SPECIFIER = "iterm2";
  private static final Path MODULE = Path.of(System.getProperty("java.io.tmpdir"), "polybridge", "iterm2.mjs").toAbsolutePath();

  private final FileSystem files = FileSystem.newDefaultFileSystem();
  private final Supplier<String> moduleText;

  ModuleFileSystem(Supplier<String> moduleText) {
    this.moduleText = moduleText;
  }

  @Override
  public Path parsePath(URI uri) {
    return files.parsePath(uri);
  }

  @Override
  public Path parsePath(String path) {
    return SPECIFIER.equals(path) ? MODULE : files.parsePath(path);
  }

  @Override
  public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
    if (MODULE.equals(path)) {
      if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
        throw new IOException("the iterm2 module is read-only");
      }
      return;
    }
    files.checkAccess(path, modes, options);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
    files.createDirectory(dir, attributes);
  }

  @Override
  public void delete(Path path) throws IOException {
    files.delete(path);
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
      throws IOException {
    if (MODULE.equals(path)) {
      if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
        throw new IOException("the iterm2 module is read-only");
      }
      String text = moduleText.get();
      if (text == null) {
        throw new NoSuchFileException(SPECIFIER, null, "the iterm2 module is made after the prelude ran");
      }
      return new ReadOnlyChannel(text.getBytes(StandardCharsets.UTF_8));
    }
    return files.newByteChannel(path, options, attributes);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    return files.newDirectoryStream(dir, filter);
  }

  @Override
  public Path toAbsolutePath(Path path) {
    return MODULE.equals(path) ? path : files.toAbsolutePath(path);
  }

  @Override
  public Path toRealPath(Path path, LinkOption... options) throws IOException {
    return MODULE.equals(path) ? path : files.toRealPath(path, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    if (MODULE.equals(path)) {
      FileTime epoch = FileTime.fromMillis(0);
      String text = moduleText.get();
      return Map.of("isRegularFile", true, "isDirectory", false, "isSymbolicLink", false, "isOther", false,
          "size", (long) (text == null ? 0 : text.length()), "lastModifiedTime", epoch, "lastAccessTime", epoch,
          "creationTime", epoch);
    }
    return files.readAttributes(path, attributes, options);
  }

  @Override
  public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
    files.setCurrentWorkingDirectory(currentWorkingDirectory);
  }

  /** A file's bytes in memory, read-only. */
  private static final class ReadOnlyChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private int position;
    private boolean open = true;

    ReadOnlyChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer destination) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(destination.remaining(), bytes.length - position);
      destination.put(bytes, position, n);
      position += n;
      return n;
    }

    @Override
    public int write(ByteBuffer source) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = (int) Math.min(newPosition, bytes.length);
      return this;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
