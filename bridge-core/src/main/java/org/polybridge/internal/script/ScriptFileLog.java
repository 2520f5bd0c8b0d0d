package org.polybridge.internal.script;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.polybridge.UserFolders;
import org.polybridge.script.ScriptLog;

/**
 * A script's log: its own file {@code <logFolder>/<name>.log} (appended to; moved to {@code .log.1}
 * when it passes 1 MB at a start) and the bridge's log ({@code polybridge.script.<name>}: messages at
 * DEBUG, failures at WARNING). When the file cannot be written, the bridge's log still gets
 * everything.
 */
final class ScriptFileLog implements ScriptLog, AutoCloseable {
  private static final long ROTATE_AT_BYTES = 1 << 20;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final System.Logger bridgeLog;
  private final Clock clock;
  private BufferedWriter file;

  private ScriptFileLog(String name, Clock clock, BufferedWriter file) {
    this.bridgeLog = System.getLogger("polybridge.script." + name);
    this.clock = clock;
    this.file = file;
  }

  /**
   * Opens (creating folder and file as needed) the log of script {@code name}. The file is its
   * user's alone (0600; a folder made for it 0700): a script's log holds what it prints and the
   * messages of its errors, which may quote what it read (a JavaScript {@code load()} of the
   * credentials file put the cookie into its log through the SyntaxError's message).
   */
  static ScriptFileLog open(Path logFolder, String name, Clock clock) {
    BufferedWriter writer = null;
    if (logFolder != null) {
      Path path = logFolder.resolve(name + ".log");
      try {
        if (!Files.isDirectory(logFolder)) {
          Files.createDirectories(logFolder, UserFolders.privateFolder());
        }
        if (Files.isRegularFile(path) && Files.size(path) > ROTATE_AT_BYTES) {
          Path older = logFolder.resolve(name + ".log.1");
          Files.move(path, older, StandardCopyOption.REPLACE_EXISTING);
          UserFolders.makePrivate(older);
        }
        if (!Files.exists(path)) {
          Files.createFile(path, UserFolders.privateFile());
        }
        UserFolders.makePrivate(path); // one written before logs were private
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        System.getLogger("org.polybridge.scripts").log(Level.WARNING,
            "cannot write the log of " + name + " to " + path + " (" + e + "); it goes to the bridge's log only");
      }
    }
    return new ScriptFileLog(name, clock, writer);
  }


  @Override
  public void info(String message) {
    bridgeLog.log(Level.DEBUG, message);
    write("INFO ", message);
  }

  @Override
  public void error(String message, String traceback) {
    String text = traceback == null || traceback.isBlank() ? message : message + "\n" + traceback.stripTrailing();
    bridgeLog.log(Level.WARNING, text);
    write("ERROR", text);
  }

  private synchronized void write(String level, String text) {
    if (file == null) {
      return;
    }
    try {
      file.write(TIME.format(Instant.now(clock)) + " " + level + " " + text);
      file.newLine();
      file.flush();
    } catch (IOException e) {
      closeQuietly();
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (file != null) {
        file.close();
      }
    } catch (IOException e) {
      // nothing more can be written anyway
    } finally {
      file = null;
    }
  }
}
