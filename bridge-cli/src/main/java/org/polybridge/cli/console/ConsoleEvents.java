package org.polybridge.cli.console;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.polybridge.json.Json;

/**
 * The console's live data, as server-sent events to each open page: {@code scripts}, {@code
 * functions}, {@code sessions} and {@code alerts} (whole, when they changed), {@code log} (what the selected
 * script's log gained) and {@code screen} (the selected session's lines, when they changed).
 *
 * <p>The daemon has no change events for scripts' logs and statuses (they are files and polled
 * lists, as for {@code polybridge logs -f}), so the console looks every {@value #PERIOD_MILLIS} ms
 * while a page is open, on its own thread; with no page open it does nothing.
 */
final class ConsoleEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConsoleEvents.class.getName());
  /** How often an open page's data is looked at: what a person watching a log can tell. */
  static final long PERIOD_MILLIS = 250;
  /** The lines a log starts with when it is selected. */
  static final int FIRST_LOG_LINES = 500;

  /** Where a feed's events go: the handler writes each to its page's connection. */
  interface Sink {
    void send(String event, String data);
  }

  private final ConsoleData data;
  private final ScheduledExecutorService executor;
  private final Set<Feed> feeds = ConcurrentHashMap.newKeySet();
  private ScheduledFuture<?> ticking;

  ConsoleEvents(ConsoleData data, ScheduledExecutorService executor) {
    this.data = data;
    this.executor = executor;
  }

  /** A feed for one page: the log of script {@code log} and the screen of session {@code session} ({@code null}: none). */
  Feed feed(String log, String session) {
    return new Feed(log, session);
  }

  private synchronized void started(Feed feed) {
    feeds.add(feed);
    if (ticking == null) {
      ticking = executor.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void ended(Feed feed) {
    feeds.remove(feed);
    if (feeds.isEmpty() && ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  /** One look at everything the open pages show; runs on the console's thread. */
  private void tick() {
    try {
      if (feeds.isEmpty()) {
        return;
      }
      String scripts = Json.write(data.scripts().get(5, TimeUnit.SECONDS));
      String functions = Json.write(data.functions().get(5, TimeUnit.SECONDS));
      String sessions = Json.write(data.sessions());
      String alerts = Json.write(data.alerts());
      for (Feed feed : feeds) {
        feed.update(scripts, functions, sessions, alerts);
      }
    } catch (Exception e) {
      // The next tick tries again; a failure that stays is logged each time, which the log's reader sees.
      LOG.log(Level.WARNING, "the console could not look at the daemon's state: " + e, e);
    }
  }

  @Override
  public synchronized void close() {
    feeds.clear();
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** One open page's stream: what it was last sent, so that only changes go out. */
  final class Feed {
    private final String log;
    private final String session;
    private volatile Sink sink;
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private long logPosition = -1;

    private Feed(String log, String session) {
      this.log = log;
      this.session = session;
    }

    /** Starts sending to {@code sink}; the first events carry everything. */
    void start(Sink sink) {
      this.sink = Objects.requireNonNull(sink, "sink == null");
      started(this);
    }

    /** Stops: the page went away. */
    void stop() {
      ended(this);
    }

    private void update(String scripts, String functions, String sessions, String alerts) throws Exception {
      sendIfChanged("scripts", scripts);
      sendIfChanged("functions", functions);
      sendIfChanged("sessions", sessions);
      sendIfChanged("alerts", alerts);
      if (log != null) {
        sendLog();
      }
      if (session != null) {
        List<String> lines;
        try {
          lines = data.screen(session, 200).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          sendIfChanged("screen", Json.write(Map.of("session", session, "error", String.valueOf(e.getCause().getMessage()))));
          return;
        }
        sendIfChanged("screen", Json.write(Map.of("session", session, "lines", lines)));
      }
    }

    private void sendLog() throws IOException {
      ScriptLogFile file;
      try {
        file = data.log(log);
      } catch (IllegalArgumentException e) {
        sendIfChanged("log", Json.write(Map.of("name", log, "reset", true, "text", "", "error", e.getMessage())));
        return;
      }
      ScriptLogFile.Chunk chunk = logPosition < 0 ? file.last(FIRST_LOG_LINES) : file.after(logPosition);
      boolean reset = logPosition < 0; // a log moved aside and started anew goes on below what the page shows
      logPosition = chunk.end();
      if (reset || !chunk.text().isEmpty()) {
        String event = Json.write(Map.of("name", log, "reset", reset, "text", chunk.text()));
        lastSent.put("log", event);
        sink.send("log", event);
      }
    }

    private void sendIfChanged(String event, String json) {
      if (!json.equals(lastSent.put(event, json))) {
        sink.send(event, json);
      }
    }
  }
}
