package org.polybridge.internal.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.polybridge.internal.script.FolderWatch;

/**
 * The user's configuration as it is now: read from its file at start, and again whenever the file
 * changes (a watch on its folder, and a slow poll for what a watch cannot see), as scripts are.
 * Each reading logs its problems once; listeners hear of every new reading. A file that is absent
 * is an empty configuration.
 *
 * <p>Thread-safe; {@link #current()} never blocks.
 */
public final class UserConfiguration implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.polybridge.config");
  private static final Duration POLL = Duration.ofSeconds(2);

  private final Path file;
  private final List<Consumer<UserConfig>> listeners = new CopyOnWriteArrayList<>();
  private final FolderWatch watch;
  private final ScheduledFuture<?> poll;
  private volatile UserConfig current = UserConfig.EMPTY;
  private String lastText;

  private UserConfiguration(Path file, ScheduledExecutorService timer) {
    this.file = file;
    reload();
    this.watch = file == null ? null : FolderWatch.start(this::reload, "polybridge-config-watch");
    if (watch != null) {
      watch.followAlone(file.toAbsolutePath().getParent());
    }
    this.poll = file == null ? null
        : timer.scheduleWithFixedDelay(this::reload, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The configuration of {@code file}, followed on {@code timer} until closed. */
  public static UserConfiguration follow(Path file, ScheduledExecutorService timer) {
    return new UserConfiguration(Objects.requireNonNull(file, "file == null"), timer);
  }

  /** No file: nothing configured, ever. */
  public static UserConfiguration none() {
    return new UserConfiguration(null, null);
  }

  /** The file, or null for {@link #none()}. */
  public Path file() {
    return file;
  }

  public UserConfig current() {
    return current;
  }

  /** Calls {@code listener} with each new reading, on the thread that read it. */
  public AutoCloseable addListener(Consumer<UserConfig> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Reads the file again if its content changed; cheap when it did not. Never throws: the poll goes on. */
  public synchronized void reload() {
    if (file == null) {
      return;
    }
    try {
      read();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reading the configuration " + file + " failed", e);
    }
  }

  private void read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      text = "";
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read the configuration " + file + ": " + e.getMessage());
      return;
    }
    if (text.equals(lastText)) {
      return;
    }
    if (watch != null) {
      watch.followAlone(file.toAbsolutePath().getParent()); // the folder may have appeared since
    }
    lastText = text;
    UserConfig read = ConfigFile.parse(file, text);
    current = read;
    LOG.log(Level.INFO, "configuration " + file + ": " + read.keys().size() + " key bindings, " + read.triggers().size()
        + " triggers" + (read.problems().isEmpty() ? "" : ", " + read.problems().size() + " entries left out"));
    for (ConfigProblem p : read.problems()) {
      LOG.log(Level.WARNING, p.toString());
    }
    for (Consumer<UserConfig> l : listeners) {
      try {
        l.accept(read);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "applying the configuration " + file + " failed", e);
      }
    }
  }

  @Override
  public void close() {
    if (poll != null) {
      poll.cancel(false);
    }
    if (watch != null) {
      watch.close();
    }
  }
}
