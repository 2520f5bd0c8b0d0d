package org.polybridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.InvocationException;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.script.ScriptRuntime;

/**
 * What every {@link ScriptRuntime} must do, proved against a real {@link Bridge} that runs an
 * AutoLaunch folder with the runtimes on the class path (the language module's own): load, call,
 * throw, run away, fail to load, crash, reload, stop. A language module extends it with the
 * scripts of its language (a few lines each: {@link #registering}, {@link #throwing}, …); the
 * tests write them into the folder and drive them through invocations, as a user would.
 *
 * <p>One bridge serves every test of a class (a language's first context is its slow part); each
 * test uses script and function names of its own, so the tests do not meet.
 *
 * <pre>{@code
 * class LuaRuntimeContractTest extends ScriptRuntimeContract {
 *   protected String extension() { return ".lua"; }
 *   protected String registering(String function, String expression) { return "…"; }
 *   …
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRuntimeContract {
  /**
   * How long a script may take to register its first function: a language's first context is
   * built when its first script starts (GraalPy's takes seconds, and took 90 s on two cores shared
   * with three other test runs).
   */
  private static final Duration FIRST_LOAD = Duration.ofSeconds(180);
  /** How soon after its caller's timeout a runaway's code must have been interrupted. */
  private static final Duration RUNAWAY_STOPPED = Duration.ofSeconds(6);
  /** How long anything else may take: a restart after its back-off, a stop, a reload. */
  private static final Duration WITHIN = Duration.ofSeconds(60);
  /** How many sessions the test of a function called in a new session opens, one call in each. */
  private static final int ROUNDS = Integer.getInteger("polybridge.contract.rounds", 50);

  private Path temp;
  private Path autoLaunch;
  private Path logs;
  private int edits;
  /** The bridge every test of the class shares. */
  protected Bridge bridge;

  /** The file name ending of a single-file script of the language: {@code ".js"}. */
  protected abstract String extension();

  /** A script that registers {@code function(a)}, which answers {@code expression} (in {@code a}: {@code "a + 1"}). */
  protected abstract String registering(String function, String expression);

  /** A script that registers {@code function(by)}, which adds {@code by} to a count the script keeps in a global and answers the count. */
  protected abstract String counting(String function);

  /**
   * A script that registers {@code function()}, which calls a function of the script's own, named
   * {@code explode}, which throws (raises) an error whose message is {@code message}.
   */
  protected abstract String throwing(String function, String message);

  /**
   * A regular expression that finds, in a guest traceback, the frame of the function {@code
   * function} in the script file {@code file}: JavaScript's {@code at explode (…/boom.js:3:9)}.
   */
  protected abstract String frame(String function, String file);

  /**
   * A script that registers {@code function(forever)} with a timeout of {@code timeoutSeconds}:
   * called with {@code forever} false it answers {@code "done"}; with {@code forever} true it first
   * invokes {@code signal()} (a function of the test's) and then computes for ever, never awaiting.
   */
  protected abstract String spinning(String function, String signal, double timeoutSeconds);

  /**
   * What the log of a script made by {@link #spinning} holds once the runtime has interrupted a
   * call of {@code function} that computed past its timeout of {@code timeoutSeconds}.
   */
  protected abstract String interrupted(String function, double timeoutSeconds);

  /**
   * A script whose top level calls a function of its own named {@code readConfig}, which throws
   * (raises) an error whose message is {@code message}.
   */
  protected abstract String failingToLoad(String message);

  /**
   * A script that registers {@code function()}, which tries to reach the Java class {@code
   * java.lang.System} (JavaScript's {@code Java.type}, Python's {@code java.type}) and answers
   * {@code "reached"} and what it got, or {@code "refused: "} and the error it met (or fails).
   */
  protected abstract String reachingJava(String function);

  /**
   * A script that registers {@code function()}, whose call makes the whole script crash after it
   * loaded with an error whose message is {@code message}; {@code null} when a script of the
   * language cannot crash once loaded (its failures are contained in the call, callback or task
   * that raised them), and the test that needs it is skipped saying so.
   */
  protected abstract String crashing(String function, String message);

  /**
   * A script that gets its app and registers {@code function(session_id)}, {@code session_id}
   * filled from the call site's {@code id} (iTerm2's {@code Reference("id")}), which looks the
   * session up in its app by that id and answers the id of the session it found, or null (None)
   * when it found none.
   */
  protected abstract String lookingUpItsSession(String function);

  @BeforeAll
  void openBridge() throws IOException {
    temp = Files.createTempDirectory("polybridge-contract");
    autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    logs = temp.resolve("logs");
    bridge = Bridge.newBuilder().scriptsFolder(autoLaunch).logFolder(logs).engine(TestEngine.shared()).build();
  }

  @AfterAll
  void closeBridge() throws IOException {
    if (bridge != null) {
      bridge.close();
    }
    try (Stream<Path> files = Files.walk(temp)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aScriptThatLoadsServesItsFunction() throws Exception {
    write("loads", registering("contract_plus_one", "a + 1"));

    assertThat(called("contract_plus_one(a: 41)", FIRST_LOAD)).isEqualTo(42L);
    awaitState("loads", "RUNNING", WITHIN);
  }

  @Test
  void aCallThatThrowsFailsWithTheGuestsMessageAndTraceback() throws Exception {
    String file = write("throws", throwing("contract_throws", "kaputt by design"));

    assertThatThrownBy(() -> called("contract_throws()", FIRST_LOAD))
        .isInstanceOf(InvocationException.class)
        .hasMessageContaining("kaputt by design")
        .satisfies(e -> assertThat(e.getMessage()).containsPattern(Pattern.compile(frame("explode", file))));
    // its function can answer before its load has ended: the state says RUNNING soon after, and stays so
    awaitState("throws", "RUNNING", WITHIN);
  }

  @Test
  void aRunawayCallIsStoppedAtItsTimeoutWhileAnotherScriptKeepsServingWithItsState() throws Exception {
    write("patient", counting("contract_count"));
    String signal = signal();
    write("runaway", spinning("contract_spin", signal, 1));
    assertThat(called("contract_count(by: 2)", FIRST_LOAD)).isEqualTo(2L);
    assertThat(called("contract_spin(forever: false)", FIRST_LOAD)).isEqualTo("done");

    CompletableFuture<Object> runaway = bridge.invoke("contract_spin(forever: true)");
    awaitSignal(signal);

    assertThatThrownBy(() -> runaway.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .cause().isInstanceOf(InvocationException.class)
        .hasMessageMatching("(?is).*(timeout|interrupted).*");
    // Its code is stopped at that timeout too, not when some longer budget of the runtime's runs out
    // (JavaScript's for code after an await is 10 s): the thread is the script's, and held.
    Eventually.eventually(RUNAWAY_STOPPED, () -> assertThat(log("runaway")).contains(interrupted("contract_spin", 1)));
    // The runaway's script serves again: once the runaway is interrupted (a call queued behind it
    // may time out meanwhile), or once restarted where its runtime must restart it.
    assertThat(servedAgain("contract_spin(forever: false)")).isEqualTo("done");
    // The other script kept its state and registrations: the count goes on from 2. (Asked only now:
    // where scripts share a context, what another ran at the instant of the interrupt is cut too.)
    assertThat(called("contract_count(by: 3)", WITHIN)).isEqualTo(5L);
    assertThat(state("patient")).isEqualTo("RUNNING");
  }

  @Test
  void aScriptThatFailsWhileLoadingIsFailedWithItsReasonUntilItsFileChanges() throws Exception {
    String file = write("broken", failingToLoad("no configuration here"));

    awaitState("broken", "FAILED", FIRST_LOAD);
    assertThat(status("broken").get("last_error").toString()).contains("no configuration here");
    awaitLog("broken", "failed while loading");
    assertThat(log("broken")).contains("no configuration here").containsPattern(Pattern.compile(frame("readConfig", file)));

    write("broken", registering("contract_mended", "a * 2"));
    assertThat(called("contract_mended(a: 4)", WITHIN)).isEqualTo(8L);
    awaitState("broken", "RUNNING", WITHIN);
  }

  @Test
  void aScriptThatCrashesAfterLoadingIsLoggedAndStartedAgainAfterItsBackOff() throws Exception {
    String crashing = crashing("contract_crash", "crashed on purpose");
    assumeTrue(crashing != null, () -> getClass().getSimpleName() + ": a script of this language cannot crash once loaded");
    write("crashes", crashing);
    try {
      called("contract_crash()", FIRST_LOAD);
    } catch (InvocationException cut) {
      // the crash may overtake the answer: then the caller hears why
      assertThat(cut).hasMessageContaining("the script crashed").hasMessageContaining("crashed on purpose");
    }

    awaitLog("crashes", "crashed");
    awaitLog("crashes", "starting again in 1 s");
    Eventually.until(WITHIN, "crashes started again", () -> {
      Map<?, ?> status = status("crashes");
      return "RUNNING".equals(status.get("state")) && status.get("restarts") instanceof Number restarts && restarts.intValue() >= 1;
    });
    assertThat(status("crashes").get("last_error").toString()).contains("crashed on purpose");
    assertThat(log("crashes")).contains("crashed on purpose");
    assertThat(registered("contract_crash")).isTrue();
  }

  @Test
  void aScriptCannotReachJavaClasses() throws Exception {
    write("reaches", reachingJava("contract_reach"));

    Object answer;
    try {
      answer = called("contract_reach()", FIRST_LOAD);
    } catch (InvocationException refused) {
      answer = "refused: " + refused.getMessage();
    }

    assertThat(answer).asString().startsWith("refused: ").doesNotContain("reached");
  }

  @Test
  void aReloadReplacesTheFunctionsAndTheCallItCutHearsWhy() throws Exception {
    CompletableFuture<Object> cut = callComputingForEver("reloads", "contract_old");

    write("reloads", registering("contract_new", "a + 2"));

    assertThatThrownBy(() -> cut.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .cause().isInstanceOf(InvocationException.class)
        .hasMessageContaining("the script was reloaded: its files changed");
    assertThat(called("contract_new(a: 1)", WITHIN)).isEqualTo(3L);
    assertThat(registered("contract_old")).isFalse();
  }

  @Test
  void aStopEndsTheCallsItCutWithTheReasonRemovesTheFunctionsAndFreesTheScriptsThread() throws Exception {
    CompletableFuture<Object> cut = callComputingForEver("stops", "contract_stopped");

    Map<?, ?> stopped = (Map<?, ?>) bridge.invoke("iterm2.stop_script(name: \"" + name("stops") + "\")").get(10, TimeUnit.SECONDS);

    assertThat(stopped.get("state")).isEqualTo("STOPPED");
    assertThatThrownBy(() -> cut.get(WITHIN.toSeconds(), TimeUnit.SECONDS))
        .cause().isInstanceOf(InvocationException.class)
        .hasMessageContaining("the script was stopped by request");
    assertThat(registered("contract_stopped")).isFalse();
    // Freed: the thread that ran it, caught computing for ever, has ended.
    String thread = "script-" + name("stops");
    Eventually.until(WITHIN, thread + " ended", () -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals(thread)));
  }

  @Test
  void aFunctionCalledInASessionJustOpenedFindsThatSessionInItsApp() throws Exception {
    write("finds", lookingUpItsSession("contract_find"));
    assertThat(called("contract_find(session_id: \"no-such-session\")", FIRST_LOAD)).isNull();

    // Each round opens a session and at once calls the function in it, as a key binding pressed
    // in a new terminal does. The session before it ends on another thread meanwhile, as a shell
    // that exits does: the script hears of one while the other opens.
    List<String> missed = new ArrayList<>();
    Session previous = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
    for (int round = 0; round < ROUNDS; round++) {
      CompletableFuture<Void> ended = CompletableFuture.runAsync(previous::terminate);
      Session opened = RecordingSessionIo.openIn(bridge.app().newWindow().newTab());
      Object found = bridge.invoke("contract_find()", InvocationContext.session(opened.id()), WITHIN).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      if (!opened.id().equals(found)) {
        missed.add("round " + round + ": " + found);
      }
      ended.get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      previous = opened;
    }
    previous.terminate();

    assertThat(missed).as("calls whose script did not know the session they were made in").isEmpty();
    // an id the host does not know is not waited for: the answer comes at once, not at a timeout
    long start = System.nanoTime();
    assertThat(called("contract_find(session_id: \"no-such-session\")", WITHIN)).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  // ---- the scripts, as a user drives them ----

  /** The script's file name: {@code base} and the language's ending. */
  protected final String name(String base) {
    return base + extension();
  }

  /** Writes a script into the folder, each write with a later modification time so that every edit is seen. */
  private String write(String base, String source) throws IOException {
    Path file = autoLaunch.resolve(name(base));
    // Written beside the folder and moved in whole, with its time already set: the folder's watch
    // must see one edit, not the text and then the time (it could start the script from the text,
    // then start it again for the time, stopping it under a call the test had just made).
    Path staged = Files.createTempFile(autoLaunch.getParent(), name(base), ".staged");
    Files.writeString(staged, source);
    Files.setLastModifiedTime(staged, FileTime.fromMillis(System.currentTimeMillis() + 1000L * ++edits));
    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file.getFileName().toString();
  }

  /** The answer to {@code invocation} once its function is registered; any other failure is thrown at once. */
  private Object called(String invocation, Duration registeredWithin) throws Exception {
    long deadline = System.nanoTime() + registeredWithin.toNanos();
    while (true) {
      try {
        return bridge.invoke(invocation).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        boolean notYet = e.getCause() instanceof InvocationException i && i.getMessage().contains("No function registered");
        if (notYet && System.nanoTime() > deadline) {
          throw new AssertionError(invocation + " not registered within " + registeredWithin.toSeconds() + " s; scripts: "
              + bridge.scripts() + "; their logs:\n" + logs(), e.getCause());
        }
        if (!notYet) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
        Thread.sleep(20);
      }
    }
  }

  /**
   * The answer to {@code invocation} of a script that ran away: a call that times out, is cut by
   * the script's end or finds no function (the script is restarting) is tried again, for up to
   * {@link #WITHIN}; any other failure is thrown.
   */
  private Object servedAgain(String invocation) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (true) {
      try {
        return bridge.invoke(invocation).get(WITHIN.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        boolean notYet = e.getCause() instanceof InvocationException i
            && Stream.of("No function registered", "Timeout", "script terminated during function call", "the script ended during the call").anyMatch(i.getMessage()::contains);
        if (!notYet || System.nanoTime() > deadline) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
        Thread.sleep(20);
      }
    }
  }

  private boolean registered(String function) {
    return bridge.functions().stream().anyMatch(f -> f.startsWith(function + "("));
  }

  /** A Java function of this test that a script calls to say it got somewhere; see {@link #awaitSignal}. */
  private final Map<String, CountDownLatch> signals = new java.util.concurrent.ConcurrentHashMap<>();

  private String signal() {
    String name = "contract_signal_" + signals.size();
    CountDownLatch latch = new CountDownLatch(1);
    signals.put(name, latch);
    bridge.register(RpcDefinition.of(name), arguments -> {
      latch.countDown();
      return null;
    });
    return name;
  }

  /**
   * Loads script {@code base} with {@link #spinning} {@code function}, and calls it to compute for
   * ever (a 60 s timeout); returns that call once the script's thread is computing in it.
   */
  private CompletableFuture<Object> callComputingForEver(String base, String function) throws Exception {
    String signal = signal();
    write(base, spinning(function, signal, 60));
    assertThat(called(function + "(forever: false)", FIRST_LOAD)).isEqualTo("done");
    CompletableFuture<Object> call = bridge.invoke(function + "(forever: true)", org.polybridge.InvocationContext.app(), WITHIN);
    awaitSignal(signal);
    awaitComputing(base);
    return call;
  }

  private void awaitSignal(String signal) throws InterruptedException {
    assertThat(signals.get(signal).await(WITHIN.toSeconds(), TimeUnit.SECONDS)).as("%s() called", signal).isTrue();
  }

  /**
   * Waits until the script's thread computes: runnable, and not waiting in its loop for work (after
   * {@link #awaitSignal}, the script's code goes on only once the signal's answer reaches its thread).
   */
  private void awaitComputing(String base) throws InterruptedException {
    String name = "script-" + name(base);
    Eventually.until(WITHIN, name + " computing", () -> Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(t -> t.getKey().getName().equals(name) && t.getKey().getState() == Thread.State.RUNNABLE
            && Stream.of(t.getValue()).noneMatch(f -> f.getClassName().equals("org.polybridge.script.ScriptEventLoop")
                && f.getMethodName().equals("next"))));
  }

  private Map<?, ?> status(String base) {
    try {
      for (Object s : (List<?>) bridge.invoke("iterm2.scripts()").get(10, TimeUnit.SECONDS)) {
        if (s instanceof Map<?, ?> m && name(base).equals(m.get("name"))) {
          return m;
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return Map.of();
  }

  private String state(String base) {
    return String.valueOf(status(base).get("state"));
  }

  private void awaitState(String base, String state, Duration within) throws InterruptedException {
    Eventually.until(within, name(base) + " " + state, () -> state.equals(state(base)));
  }

  private String log(String base) {
    Path file = logs.resolve(name(base) + ".log");
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every script's log, for a failure's message. */
  private String logs() {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.sorted().toList()) {
        all.append("--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
      }
    } catch (IOException e) {
      all.append(e);
    }
    return all.toString();
  }

  private void awaitLog(String base, String text) throws InterruptedException {
    Eventually.eventually(WITHIN, () -> assertThat(log(base)).contains(text));
  }
}
