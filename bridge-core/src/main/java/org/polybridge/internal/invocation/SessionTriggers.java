package org.polybridge.internal.invocation;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.polybridge.host.App;
import org.polybridge.host.Session;
import org.polybridge.host.Variables;
import org.polybridge.internal.config.ProfileTriggers;
import org.polybridge.internal.config.Trigger;
import org.polybridge.internal.config.UserConfig;
import org.polybridge.internal.terminal.DeadlineText;
import org.polybridge.internal.terminal.LineAssembler;
import org.polybridge.internal.protocol.ApiServer;

/**
 * Runs the configured triggers on what every session prints ({@link Session.OutputListener}).
 *
 * <h2>Off the output path</h2>
 * The thread that feeds a session's output (a pty reader, a Netty event loop) only checks whether
 * any trigger applies to the session's profile (two volatile reads when the answer is cached) and,
 * if one does, copies the chunk into the session's queue. The lines are assembled ({@link
 * LineAssembler}) and matched on {@code executor}, one drain at a time per session, in order. A
 * session whose queue passes {@value #MAX_QUEUED} bytes (triggers that cannot keep up with a
 * program that prints tens of megabytes at once) has the output past that bound left unmatched; the
 * matching starts afresh after such a gap, and the daemon log says so once per session, and how
 * many bytes went unmatched when the session ends.
 *
 * <h2>Matching</h2>
 * Each completed line is matched against each trigger ({@code find}), unless it lacks the text
 * every match of the pattern contains ({@link org.polybridge.internal.config.RequiredText}); with {@code partial}, the
 * line being drawn is matched after each chunk too, and a trigger fires at most once per line. A
 * pattern gets {@link #BUDGET} per line ({@link DeadlineText}): past it that line is given up for
 * that trigger, and the log names the pattern once.
 *
 * <h2>Actions</h2>
 * In the session's context, with {@code matches} (the whole match, then each group; an unmatched
 * group is {@code ""}) and iTerm2's {@code trigger.captured_strings}, {@code trigger.input} and
 * {@code trigger.line_number}: an invocation is evaluated; a {@code user.} variable is set to an
 * interpolated string; an interpolated string is injected. Failures go to the daemon log.
 */
public final class SessionTriggers implements App.Listener {
  private static final System.Logger LOG = System.getLogger("org.polybridge.triggers");
  /** The most time one pattern may take on one line. */
  static final Duration BUDGET = Duration.ofMillis(50);
  static final int MAX_QUEUED = 4 << 20;
  static final int MAX_LINE = 4096;
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(30);
  /** In a session's queue: output was dropped before the next chunk, so lines start afresh there. */
  private static final byte[] GAP = new byte[0];
  /** Set while a trigger injects: what it injects is not matched again, so no trigger can feed itself. */
  private static final ThreadLocal<Boolean> INJECTING = ThreadLocal.withInitial(() -> false);

  private final ApiServer server;
  private final Supplier<UserConfig> config;
  private final Executor executor;
  private final Set<String> reportedPatterns = ConcurrentHashMap.newKeySet();
  private final Map<Session, Runner> runners = new ConcurrentHashMap<>();

  public SessionTriggers(ApiServer server, Supplier<UserConfig> config, Executor executor) {
    this.server = server;
    this.config = config;
    this.executor = executor;
  }

  @Override
  public void sessionCreated(Session session) {
    Runner runner = new Runner(session);
    runners.put(session, runner);
    session.addOutputListener(runner);
  }

  @Override
  public void sessionTerminated(Session session) {
    Runner runner = runners.remove(session);
    if (runner != null && runner.dropped.get() > 0) {
      LOG.log(Level.WARNING, "session " + session.id() + ": " + runner.dropped.get() + " bytes of its output were not matched"
          + " against triggers (they did not keep up)");
    }
  }

  /** One session's queue, line and triggers. */
  private final class Runner implements Session.OutputListener, Runnable {
    private final Session session;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean overflowReported = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    /** Output was dropped since the last chunk queued; only the feeding thread reads and writes it. */
    private boolean gap;
    /** A matcher per trigger, reset for each line: no allocation per line and pattern. */
    private final Map<Trigger, Matcher> matchers = new HashMap<>();
    private List<Trigger> matchersFor;
    // the cache of which triggers apply: recomputed when the configuration or the profile changes
    private volatile UserConfig seenConfig;
    private volatile String seenProfile;
    private volatile Object seenEncoded;
    private volatile List<Trigger> active = List.of();
    // the drain's own state (one drain at a time)
    private final LineAssembler lines = new LineAssembler(MAX_LINE, this::completed);
    private final Set<Trigger> firedOnThisLine = new java.util.HashSet<>();
    private long firedLine = -1;

    Runner(Session session) {
      this.session = session;
    }

    @Override
    public void printed(byte[] bytes, int offset, int length) {
      if (INJECTING.get() || triggers().isEmpty()) {
        return;
      }
      if (queued.addAndGet(length) > MAX_QUEUED) {
        queued.addAndGet(-length);
        dropped.addAndGet(length);
        gap = true;
        if (overflowReported.compareAndSet(false, true)) {
          LOG.log(Level.WARNING, "session " + session.id() + ": triggers do not keep up with its output; some of it is not matched");
        }
        return;
      }
      if (gap) {
        gap = false;
        queue.add(GAP);
      }
      queue.add(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
      if (draining.compareAndSet(false, true)) {
        executor.execute(this);
      }
    }

    private List<Trigger> triggers() {
      UserConfig now = config.get();
      String profile = session.variables().get("profileName").map(String::valueOf).orElse(null);
      // a script's profile.async_set_triggers stores a new list: its identity says it changed
      org.polybridge.host.Profile own = session.profile();
      Object encoded = own.get(ProfileTriggers.KEY).orElse(null);
      if (now != seenConfig || !java.util.Objects.equals(profile, seenProfile) || encoded != seenEncoded) {
        List<Trigger> all = new java.util.ArrayList<>(now.triggersFor(profile));
        all.addAll(ProfileTriggers.of(encoded, own.name(),
            problem -> LOG.log(Level.WARNING, "session " + session.id() + ": " + problem)));
        active = List.copyOf(all);
        seenProfile = profile;
        seenConfig = now;
        seenEncoded = encoded;
      }
      return active;
    }

    @Override
    public void run() {
      if (matchersFor != active) { // the configuration or the profile changed: drop the old triggers' matchers
        matchers.clear();
        matchersFor = active;
      }
      try {
        while (true) {
          for (byte[] chunk; (chunk = queue.poll()) != null; ) {
            if (chunk == GAP) {
              lines.restart(); // a line cut by the gap would read as another line
              continue;
            }
            queued.addAndGet(-chunk.length);
            lines.feed(chunk, 0, chunk.length);
            matchPartial();
          }
          draining.set(false);
          if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
          }
        }
      } catch (RuntimeException e) {
        draining.set(false);
        LOG.log(Level.WARNING, "session " + session.id() + ": matching triggers failed", e);
      }
    }

    private void completed(String line) {
      long number = lines.lineNumber() - 1;
      for (Trigger t : active) {
        if (!(t.partial() && firedLine == number && firedOnThisLine.contains(t))) {
          match(t, line, number);
        }
      }
    }

    private void matchPartial() {
      String line = lines.partial();
      if (line.isEmpty()) {
        return;
      }
      long number = lines.lineNumber();
      if (firedLine != number) {
        firedLine = number;
        firedOnThisLine.clear();
      }
      for (Trigger t : active) {
        if (t.partial() && !firedOnThisLine.contains(t) && match(t, line, number)) {
          firedOnThisLine.add(t);
        }
      }
    }

    /** Whether {@code t} matched {@code line} (and so acted). */
    private boolean match(Trigger t, String line, long number) {
      if (t.required() != null && !line.contains(t.required())) {
        return false; // the cheap way to most lines' answer
      }
      Matcher m = matchers.computeIfAbsent(t, k -> k.regex().matcher("")).reset(DeadlineText.of(line, BUDGET));
      List<String> groups;
      try {
        if (!m.find()) {
          return false;
        }
        groups = new ArrayList<>(m.groupCount() + 1);
        for (int g = 0; g <= m.groupCount(); g++) {
          String group = m.group(g);
          groups.add(group == null ? "" : group);
        }
      } catch (DeadlineText.Expired e) {
        if (reportedPatterns.add(t.regex().pattern())) {
          LOG.log(Level.WARNING, "trigger " + t.origin() + ": the pattern '" + t.regex().pattern() + "' took more than "
              + BUDGET.toMillis() + " ms on a line of " + line.length() + " characters (catastrophic backtracking?);"
              + " such lines are skipped for it");
        }
        return false;
      }
      act(t, groups, line, number);
      return true;
    }

    private void act(Trigger t, List<String> groups, String line, long number) {
      Map<String, Object> locals = new HashMap<>();
      locals.put("matches", groups);
      locals.put("trigger.captured_strings", groups);
      locals.put("trigger.input", line);
      locals.put("trigger.line_number", number);
      Variables scope = session.variables().withLocals(locals);
      switch (t.action()) {
        case Trigger.Invoke invoke -> report(t, server.invoke(invoke.invocation(), scope, ACTION_TIMEOUT));
        case Trigger.SetVariable set -> report(t, server.invoke(quoted(set.written()), scope, ACTION_TIMEOUT).thenApply(value -> {
              session.variables().set(set.name(), value);
              return value;
            }));
        case Trigger.Inject inject -> report(t, server.invoke(quoted(inject.written()), scope, ACTION_TIMEOUT)
            .thenApply(text -> {
              INJECTING.set(true);
              try {
                session.inject(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
              } finally {
                INJECTING.set(false);
              }
              return text;
            }));
      }
    }

    private void report(Trigger t, java.util.concurrent.CompletableFuture<?> outcome) {
      outcome.whenComplete((value, failure) -> {
        if (failure != null) {
          Throwable cause = Futures.unwrap(failure);
          LOG.log(Level.WARNING, "trigger " + t.origin() + " (" + t.action().describe() + ") in session " + session.id()
              + " failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
      });
    }
  }

  /** The interpolated text as the string literal the invocation language reads. */
  private static String quoted(String interpolated) {
    return "\"" + interpolated + "\"";
  }
}
