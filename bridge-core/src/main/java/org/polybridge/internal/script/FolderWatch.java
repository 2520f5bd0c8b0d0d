package org.polybridge.internal.script;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Tells the loader at once when something changes in the AutoLaunch folder or in one of its script
 * folders (inotify on Linux), so that a saved script starts in milliseconds rather than at the
 * next poll; the loader still polls, slowly, for what a watch cannot see (a folder that appears
 * later, a file system without notifications). Owns one platform daemon thread,
 * {@code polybridge-scripts-watch}, blocked in {@link WatchService#take()}; closed with the loader.
 * The user's configuration file is followed the same way ({@code UserConfiguration}), on a thread
 * of its own name.
 */
public final class FolderWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.polybridge.scripts");

  private final WatchService service;
  private final Runnable changed;
  private final Map<Path, WatchKey> watched = new ConcurrentHashMap<>();
  private final Thread thread;

  private FolderWatch(WatchService service, Runnable changed, String threadName) {
    this.service = service;
    this.changed = changed;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** A watch that calls {@code changed} on its thread after each batch of events; null when the platform has none. */
  static FolderWatch start(Runnable changed) {
    return start(changed, "polybridge-scripts-watch");
  }

  /** A watch whose thread is named {@code threadName}; null when the platform has none. */
  public static FolderWatch start(Runnable changed, String threadName) {
    try {
      FolderWatch watch = new FolderWatch(FileSystems.getDefault().newWatchService(), changed, threadName);
      watch.thread.start();
      return watch;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.INFO, "no file-change notifications here (" + e + "): scripts are found by polling");
      return null;
    }
  }

  /** Watches {@code folder} and the folders directly in it (script folders); cheap when nothing is new. */
  public void follow(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    register(folder);
    try (Stream<Path> entries = Files.list(folder)) {
      entries.filter(Files::isDirectory).forEach(this::register);
    } catch (IOException e) {
      // the folder went away meanwhile: the next poll sees it
    }
    watched.entrySet().removeIf(e -> !e.getValue().isValid());
  }

  /** Watches {@code folder} alone, not the folders in it (the configuration folder, whose logs change all the time). */
  public void followAlone(Path folder) {
    if (Files.isDirectory(folder)) {
      register(folder);
    }
  }

  private void register(Path dir) {
    if (watched.containsKey(dir)) {
      return;
    }
    try {
      watched.put(dir, dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
    } catch (IOException | ClosedWatchServiceException e) {
      // gone, or closing
    }
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        key.pollEvents();
        key.reset();
        for (WatchKey more; (more = service.poll()) != null; ) {
          more.pollEvents();
          more.reset();
        }
        try {
          changed.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "reacting to a change in a watched folder (" + thread.getName() + ") failed", e);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the folder watch " + thread.getName() + " failed", e);
    }
  }
}
