package org.polybridge.internal.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.script.ScriptStatus;
import org.polybridge.script.ScriptStatus.State;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.ManualScheduler;
import org.polybridge.testkit.TestEngine;

class ScriptLoaderTest {
  private static final Duration POLL = Duration.ofMillis(500);

  @TempDir Path temp;
  private final Bridge bridge = Bridge.newBuilder().build();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final CalcRuntime calc = new CalcRuntime();
  private final AtomicInteger enginesAskedFor = new AtomicInteger();
  private Path autoLaunch;
  private Path logs;
  private ScriptLoader loader;

  @BeforeEach
  void startLoader() throws IOException {
    autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    logs = temp.resolve("logs");
    loader = new ScriptLoader(ScriptLoader.Settings.of(autoLaunch, logs), List.of(calc), bridge::connect, () -> {
      enginesAskedFor.incrementAndGet();
      return TestEngine.shared();
    }, scheduler.clock(), scheduler);
  }

  @AfterEach
  void close() {
    loader.close();
    bridge.close();
  }

  @Test
  void startsEveryScriptOfTheFolderAndServesItsFunctions() throws Exception {
    write("answer.calc", "answer=42");
    write("greeting.calc", "hello=world");

    loader.start();

    assertThat(call("answer()")).isEqualTo(42L);
    assertThat(call("hello()")).isEqualTo("world");
    awaitState("answer.calc", State.RUNNING);
    awaitState("greeting.calc", State.RUNNING);
    assertThat(loader.statuses()).containsExactly(
        new ScriptStatus("answer.calc", "Calc", State.RUNNING, null),
        new ScriptStatus("greeting.calc", "Calc", State.RUNNING, null));
  }

  @Test
  void aScriptSavedIntoTheFolderStartsWithoutWaitingForTheNextPoll() throws Exception {
    loader.watchForChanges();
    loader.start();
    scheduler.runPending();
    long tasksBefore = scheduler.scheduled();

    write("quick.calc", "quick=1");

    // The watch queues a poll 15 ms ahead (the periodic one is 500 ms away); it arrives in real time.
    Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(scheduler.scheduled()).isGreaterThan(tasksBefore));
    scheduler.advance(Duration.ofMillis(15));
    assertThat(call("quick()")).isEqualTo(1L);
    assertThat(scheduler.elapsed()).isLessThan(POLL);
  }

  @Test
  void everyScriptGetsTheOneEngineAskedForWhenItStarts() throws Exception {
    loader.start();
    scheduler.advance(POLL.multipliedBy(3));
    assertThat(enginesAskedFor).hasValue(0);

    write("one.calc", "one=1");
    write("two.calc", "two=2");
    scheduler.advance(POLL);

    assertThat(call("one()")).isEqualTo(1L);
    assertThat(call("two()")).isEqualTo(2L);
    assertThat(calc.engines()).containsExactly(TestEngine.shared());
    assertThat(enginesAskedFor).hasValue(2);
  }

  @Test
  void aRuntimeNoScriptHasStartedWithIsWarmedUpOnAThreadOfItsOwnWithTheScriptsEngine() throws Exception {
    loader.start();
    scheduler.advance(POLL);

    loader.warmUp().get(1, TimeUnit.MINUTES);

    assertThat(calc.warmedUpOn()).containsExactly("polybridge-warm-up");
    assertThat(calc.engines()).containsExactly(TestEngine.shared());
  }

  @Test
  void aRuntimeThatHasStartedAScriptIsWarmedUpTooForWhatItKeepsReadyForTheNext() throws Exception {
    write("one.calc", "one=1");
    loader.start();
    assertThat(call("one()")).isEqualTo(1L);

    loader.warmUp().get(1, TimeUnit.MINUTES);

    assertThat(calc.warmedUpOn()).containsExactly("polybridge-warm-up");
  }

  @Test
  void scriptsAreListedAsLoadingUntilTheirMainFileHasRun() throws Exception {
    write("slow.calc", "hold\nslow=1");
    write("quick.calc", "quick=1");

    loader.start();

    assertThat(call("quick()")).isEqualTo(1L);
    awaitState("quick.calc", State.RUNNING);
    assertThat(loading()).containsExactly("slow.calc");
    assertThat(loader.statuses()).extracting(ScriptStatus::state).containsExactly(State.RUNNING, State.LOADING);
    calc.release();
    awaitState("slow.calc", State.RUNNING);
    assertThat(loading()).isEmpty();
    assertThat(call("slow()")).isEqualTo(1L);
  }

  @Test
  void newScriptStartsAtTheNextPoll() throws Exception {
    loader.start();
    scheduler.runPending();
    write("late.calc", "late=1");

    scheduler.advance(POLL.minusMillis(1));
    assertThat(calc.starts("late.calc")).isZero();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(calc.starts("late.calc")).isEqualTo(1);
    assertThat(call("late()")).isEqualTo(1L);
  }

  @Test
  void changedScriptStartsAgainAndItsNewFunctionsReplaceTheOld() throws Exception {
    write("calc.calc", "old=1");
    loader.start();
    assertThat(call("old()")).isEqualTo(1L);

    write("calc.calc", "new=2");
    scheduler.advance(POLL);

    assertThat(call("new()")).isEqualTo(2L);
    assertThatThrownBy(() -> invoke("old()")).hasMessageContaining("No function registered");
    assertThat(calc.starts("calc.calc")).isEqualTo(2);
    assertThat(calc.running()).isEqualTo(1);
  }

  @Test
  void deletedScriptStopsAndItsFunctionsGoAway() throws Exception {
    write("calc.calc", "gone=1");
    loader.start();
    assertThat(call("gone()")).isEqualTo(1L);

    Files.delete(autoLaunch.resolve("calc.calc"));
    scheduler.advance(POLL);

    assertThatThrownBy(() -> invoke("gone()")).hasMessageContaining("No function registered");
    assertThat(calc.running()).isZero();
    assertThat(loader.statuses()).isEmpty();
  }

  @Test
  void scriptThatFailsWhileLoadingIsFailedAndStartsAgainOnlyWhenItsFilesChange() throws Exception {
    write("broken.calc", "fail: no such thing");
    loader.start();
    awaitState("broken.calc", State.FAILED);
    assertThat(loader.statuses().getFirst().lastError()).isEqualTo("no such thing");

    scheduler.advance(Duration.ofMinutes(10));
    assertThat(calc.starts("broken.calc")).isEqualTo(1);

    write("broken.calc", "fixed=1");
    scheduler.advance(POLL);
    assertThat(call("fixed()")).isEqualTo(1L);
    assertThat(calc.starts("broken.calc")).isEqualTo(2);
  }

  @Test
  void scriptWhoseLoadMeetsAFaultOfItsRuntimeStartsOnceMoreAfterTheBackOff() throws Exception {
    write("racy.calc", "fault once: engine race\nracy=1");
    loader.start();
    awaitState("racy.calc", State.WAITING_TO_RESTART);
    assertThat(loader.statuses().getFirst().lastError()).contains("engine race");

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(call("racy()")).isEqualTo(1L);
    assertThat(calc.starts("racy.calc")).isEqualTo(2);
  }

  @Test
  void scriptWhoseLoadMeetsARuntimeFaultTwiceIsFailed() throws Exception {
    write("doomed.calc", "fault: engine broken");
    loader.start();
    awaitState("doomed.calc", State.WAITING_TO_RESTART);

    scheduler.advance(Duration.ofSeconds(1));

    awaitState("doomed.calc", State.FAILED);
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(calc.starts("doomed.calc")).isEqualTo(2);
  }

  @Test
  void scriptThatCrashesAfterLoadingStartsAgainWithExponentialBackOff() throws Exception {
    write("flaky.calc", "crash: lost it");
    loader.start();

    int starts = 1;
    for (long delay : new long[] {1, 2, 4, 8, 16, 32, 60, 60}) {
      awaitState("flaky.calc", State.WAITING_TO_RESTART);
      assertThat(loader.statuses().getFirst().lastError()).isEqualTo("lost it");
      scheduler.advance(Duration.ofSeconds(delay).minusMillis(1));
      assertThat(calc.starts("flaky.calc")).as("starts before a back-off of %d s", delay).isEqualTo(starts);
      scheduler.advance(Duration.ofMillis(1));
      assertThat(calc.starts("flaky.calc")).as("starts after a back-off of %d s", delay).isEqualTo(++starts);
    }
  }

  @Test
  void aScriptWaitingToRestartSaysWhenItWillAndOnlyThen() throws Exception {
    write("flaky.calc", "on boom(): lost it");
    loader.start();
    call("boom()");
    awaitState("flaky.calc", State.WAITING_TO_RESTART);
    assertThat(loader.restartAt("flaky.calc")).contains(scheduler.clock().instant().plusSeconds(1));
    scheduler.advance(Duration.ofSeconds(1));
    awaitState("flaky.calc", State.RUNNING);
    assertThat(loader.restartAt("flaky.calc")).isEmpty();
    assertThat(loader.restartAt("nothing.calc")).isEmpty();
  }

  @Test
  void aScriptEditedWhileLoadingStartsAgainFromItsNewFilesAndItsFirstLoadChangesNothing() throws Exception {
    write("slow.calc", "hold\nversion=1");
    loader.start();
    awaitState("slow.calc", State.LOADING);

    write("slow.calc", "version=2");
    scheduler.advance(POLL);

    assertThat(call("version()")).isEqualTo(2L);
    awaitState("slow.calc", State.RUNNING);
    calc.release(); // the first run's load ends only now
    scheduler.runPending();
    assertThat(calc.starts("slow.calc")).isEqualTo(2);
    assertThat(calc.running()).isEqualTo(1);
    assertThat(invoke("version()")).isEqualTo(2L);
    assertThat(loader.statuses()).extracting(ScriptStatus::state).containsExactly(State.RUNNING);
  }

  @Test
  void aScriptEditedWhileWaitingToRestartStartsAtOnceFromItsNewFilesAndItsBackOffIsForgotten() throws Exception {
    write("flaky.calc", "crash: lost it");
    loader.start();
    awaitState("flaky.calc", State.WAITING_TO_RESTART);

    write("flaky.calc", "steady=1");
    scheduler.advance(POLL); // within its back-off of 1 s

    assertThat(call("steady()")).isEqualTo(1L);
    awaitState("flaky.calc", State.RUNNING);
    assertThat(loader.statuses().getFirst().lastError()).isNull();
    assertThat(loader.restartAt("flaky.calc")).isEmpty();
    scheduler.advance(Duration.ofSeconds(60)); // the restart its crash had set is not run
    assertThat(calc.starts("flaky.calc")).isEqualTo(2);
    assertThat(invoke("steady()")).isEqualTo(1L);
  }

  @Test
  void backOffStartsOverAfterARunAsLongAsTheLongestDelay() throws Exception {
    write("flaky.calc", "on boom(): lost it");
    loader.start();
    call("boom()");
    awaitState("flaky.calc", State.WAITING_TO_RESTART);
    scheduler.advance(Duration.ofSeconds(1));
    call("boom()");
    awaitState("flaky.calc", State.WAITING_TO_RESTART);
    scheduler.advance(Duration.ofSeconds(2));
    await(() -> calc.starts("flaky.calc") == 3, () -> "the third start; starts: " + calc.starts("flaky.calc"));

    scheduler.advance(Duration.ofSeconds(60));
    call("boom()");
    awaitState("flaky.calc", State.WAITING_TO_RESTART);
    scheduler.advance(Duration.ofMillis(999));
    assertThat(calc.starts("flaky.calc")).isEqualTo(3);
    scheduler.advance(Duration.ofMillis(1));
    await(() -> calc.starts("flaky.calc") == 4, () -> "the fourth start; starts: " + calc.starts("flaky.calc"));
  }

  @Test
  void scriptThatFinishesIsNotStartedAgain() throws Exception {
    write("once.calc", "finish");
    loader.start();

    awaitState("once.calc", State.FINISHED);
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(calc.starts("once.calc")).isEqualTo(1);
    assertThat(calc.running()).isZero();
  }

  @Test
  void hiddenFilesEditorTempFilesAndFilesWithoutARuntimeAreSkipped() throws Exception {
    write("real.calc", "real=1");
    for (String name : List.of(".hidden.calc", ".#real.calc", "#real.calc#", "real.calc~", ".real.calc.swp", "notes.txt")) {
      write(name, "x=1");
    }
    Files.createDirectories(autoLaunch.resolve("no-main"));
    write("no-main/other.calc", "x=1");

    loader.start();
    scheduler.runPending();

    assertThat(loader.statuses()).extracting(ScriptStatus::name).containsExactly("real.calc");
    assertThat(calc.starts("real.calc")).isEqualTo(1);
  }

  @Test
  void scriptFolderRunsItsMainFileAndStartsAgainWhenAFileInsideChanges() throws Exception {
    Files.createDirectories(autoLaunch.resolve("tools/lib"));
    write("tools/main.calc", "tool=1");
    write("tools/lib/data.txt", "v1");
    loader.start();
    assertThat(call("tool()")).isEqualTo(1L);

    write("tools/lib/data.txt", "version 2");
    scheduler.advance(POLL);

    assertThat(calc.starts("tools")).isEqualTo(2);
    assertThat(call("tool()")).isEqualTo(1L);
  }

  @Test
  void unchangedScriptIsLeftRunning() throws Exception {
    write("calm.calc", "calm=1");
    loader.start();
    assertThat(call("calm()")).isEqualTo(1L);

    scheduler.advance(POLL.multipliedBy(10));

    assertThat(calc.starts("calm.calc")).isEqualTo(1);
  }

  @Test
  void eachScriptWritesItsOwnLogFile() throws Exception {
    write("noisy.calc", "fail: bad line 3");
    loader.start();
    awaitState("noisy.calc", State.FAILED);

    assertThat(Files.readString(logs.resolve("noisy.calc.log")))
        .contains("starting ")
        .contains("ERROR bad line 3")
        .contains("failed while loading (bad line 3); it starts again when its files change");
  }

  @Test
  void aScriptsLogIsItsUsersAloneEvenOneWrittenBeforeAndOneRotated() throws Exception {
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("old.calc.log"), "x".repeat((1 << 20) + 1)); // past 1 MB: rotated at the start
    Files.setPosixFilePermissions(logs.resolve("old.calc.log"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    write("old.calc", "old=1");
    write("new.calc", "fresh=1");
    loader.start();
    call("old()");
    call("fresh()");

    var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    assertThat(Files.getPosixFilePermissions(logs.resolve("new.calc.log"))).isEqualTo(ownerOnly);
    assertThat(Files.getPosixFilePermissions(logs.resolve("old.calc.log"))).isEqualTo(ownerOnly);
    assertThat(Files.getPosixFilePermissions(logs.resolve("old.calc.log.1"))).isEqualTo(ownerOnly);
    assertThat(Files.size(logs.resolve("old.calc.log.1"))).isEqualTo((1 << 20) + 1);
  }

  @Test
  void aLogFolderTheLoaderMakesIsItsUsersAlone() throws Exception {
    write("any.calc", "any=1");
    loader.start();
    call("any()");

    assertThat(Files.getPosixFilePermissions(logs)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void closingStopsEveryScriptAndTheirFunctions() throws Exception {
    write("a.calc", "a=1");
    write("b.calc", "b=2");
    loader.start();
    assertThat(call("a()")).isEqualTo(1L);
    assertThat(call("b()")).isEqualTo(2L);

    loader.close();

    assertThat(calc.running()).isZero();
    assertThatThrownBy(() -> invoke("a()")).hasMessageContaining("No function registered");
    assertThat(loader.statuses()).extracting(ScriptStatus::state).containsOnly(State.STOPPED);
  }

  @Test
  void missingFolderIsWatchedUntilItAppears() throws Exception {
    Files.delete(autoLaunch);
    loader.start();
    scheduler.runPending();
    assertThat(loader.statuses()).isEmpty();

    Files.createDirectories(autoLaunch);
    write("late.calc", "late=1");
    scheduler.advance(POLL);

    assertThat(call("late()")).isEqualTo(1L);
  }

  @Test
  void aScriptStartedFromAPathRunsOnDemandAndSaysWhereFrom() throws Exception {
    Path elsewhere = writeAt(Files.createDirectories(temp.resolve("elsewhere")).resolve("answer.calc"), "answer=42");
    loader.start();

    loader.startOnDemand(elsewhere);

    assertThat(call("answer()")).isEqualTo(42L);
    awaitState("answer.calc", State.RUNNING);
    assertThat(loader.startedFrom("answer.calc")).contains(elsewhere);
    assertThat(Files.readString(logs.resolve("answer.calc.log"))).contains("on demand");
  }

  @Test
  void aScriptRunOnDemandThatFinishesIsFinishedAndRunsAgainOnlyWhenStarted() throws Exception {
    Path once = writeAt(temp.resolve("once.calc"), "finish");
    loader.start();
    loader.startOnDemand(once);
    awaitState("once.calc", State.FINISHED);
    writeAt(once, "finish");
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(calc.starts("once.calc")).isEqualTo(1);

    loader.act("once.calc", ScriptControl.Action.START);

    await(() -> calc.starts("once.calc") == 2, () -> "a second run; starts: " + calc.starts("once.calc"));
    awaitState("once.calc", State.FINISHED);
  }

  @Test
  void aScriptRunOnDemandThatCrashesIsFailedAndNotStartedAgain() throws Exception {
    Path flaky = writeAt(temp.resolve("flaky.calc"), "crash: lost it");
    loader.start();

    loader.startOnDemand(flaky);

    awaitState("flaky.calc", State.FAILED);
    assertThat(loader.statuses().getFirst().lastError()).isEqualTo("lost it");
    assertThat(loader.restartAt("flaky.calc")).isEmpty();
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(calc.starts("flaky.calc")).isEqualTo(1);
  }

  @Test
  void theScriptsFolderBesideAutoLaunchHoldsScriptsThatStartByName() throws Exception {
    write("auto.calc", "auto=1");
    writeAt(temp.resolve("menu.calc"), "menu=2");
    loader.start();
    awaitState("auto.calc", State.RUNNING);

    assertThat(loader.onDemandScripts()).containsExactly(java.util.Map.entry("menu.calc", "Calc"));
    assertThat(loader.statuses()).extracting(ScriptStatus::name).containsExactly("auto.calc");
    assertThatThrownBy(() -> loader.act("menu.calc", ScriptControl.Action.STOP))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("menu.calc is not running");

    loader.act("menu.calc", ScriptControl.Action.START);

    assertThat(call("menu()")).isEqualTo(2L);
    assertThat(loader.startedFrom("menu.calc")).contains(temp.resolve("menu.calc").toAbsolutePath());
    assertThatThrownBy(() -> loader.act("nothing.calc", ScriptControl.Action.START))
        .hasMessageContaining("no script named nothing.calc").hasMessageContaining("auto.calc, menu.calc");
  }

  @Test
  void startingOnDemandWhatIsNoScriptOrRunsAlreadyIsRefusedWithTheReason() throws Exception {
    write("auto.calc", "auto=1");
    Path running = writeAt(temp.resolve("running.calc"), "running=1");
    Path other = Files.createDirectories(temp.resolve("other"));
    Path sameName = writeAt(other.resolve("auto.calc"), "auto=2");
    Path notes = writeAt(temp.resolve("notes.txt"), "hello");
    Path empty = Files.createDirectories(temp.resolve("empty"));
    loader.start();
    awaitState("auto.calc", State.RUNNING);
    loader.startOnDemand(running);

    assertThatThrownBy(() -> loader.startOnDemand(temp.resolve("missing.calc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no such file or folder: " + temp.resolve("missing.calc"));
    assertThatThrownBy(() -> loader.startOnDemand(notes))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notes + " is not a script file (expected a name ending in .calc");
    assertThatThrownBy(() -> loader.startOnDemand(empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty + " is a folder without a main file (expected one of: main.calc)");
    assertThatThrownBy(() -> loader.startOnDemand(running))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("running.calc is ").hasMessageContaining("already");
    assertThatThrownBy(() -> loader.startOnDemand(sameName))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("the AutoLaunch script").hasMessageContaining("has the name auto.calc already");
    assertThat(calc.starts("running.calc")).isEqualTo(1);
  }

  @Test
  void anAutoLaunchScriptOfTheSameNameTakesOverFromOneRunOnDemand() throws Exception {
    Path elsewhere = writeAt(Files.createDirectories(temp.resolve("elsewhere")).resolve("x.calc"), "x=1");
    loader.start();
    loader.startOnDemand(elsewhere);
    assertThat(call("x()")).isEqualTo(1L);

    write("x.calc", "x=2");
    scheduler.advance(POLL);

    await(() -> loader.startedFrom("x.calc").isEmpty(), () -> "the AutoLaunch script to take over");
    assertThat(call("x()")).isEqualTo(2L);
  }

  private int edits;

  /** Writes a file with a modification time later than any before, so every edit is seen. */
  private void write(String name, String content) throws IOException {
    Path file = autoLaunch.resolve(name);
    Files.writeString(file, content + "\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + 1000L * ++edits));
  }

  private Path writeAt(Path file, String content) throws IOException {
    Files.writeString(file, content + "\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + 1000L * ++edits));
    return file;
  }

  private Object invoke(String invocation) throws Exception {
    try {
      return bridge.invoke(invocation).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /** Calls a function once its script has registered it, running the loader's due tasks meanwhile. */
  private Object call(String invocation) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      scheduler.runPending();
      try {
        return invoke(invocation);
      } catch (org.polybridge.InvocationException e) {
        if (System.nanoTime() > deadline || !e.getMessage().contains("No function registered")) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  private List<String> loading() {
    return loader.statuses().stream().filter(s -> s.state() == State.LOADING).map(ScriptStatus::name).toList();
  }

  private void awaitState(String name, State state) throws InterruptedException {
    await(() -> loader.statuses().stream().anyMatch(s -> s.name().equals(name) && s.state() == state),
        () -> name + " to be " + state + "; statuses: " + loader.statuses());
  }

  private void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
    // a limit, not a pause: generous for a loaded machine
    Eventually.eventually(Duration.ofSeconds(20), () -> {
      scheduler.runPending();
      if (!condition.getAsBoolean()) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
    });
  }
}
