package org.polybridge.cli.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class ForegroundJobTest {
  @TempDir Path folder;
  private final ScheduledThreadPoolExecutor timer =
      (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("test-timer").factory());
  private PtyProgram program;

  @AfterEach
  void end() throws Exception {
    timer.shutdownNow();
    if (program != null) {
      program.kill();
      program.waitFor(10, TimeUnit.SECONDS);
      program.close();
    }
  }

  @Test
  void aBurstOfOutputIsOneCheckOnTheCallersTimerWhichTellsTheNewForegroundJob() throws Exception {
    program = PtyLauncher.start(List.of("sleep", "30"), Map.of("PATH", System.getenv("PATH")), folder, 80, 24);
    CompletableFuture<String> told = new CompletableFuture<>();
    AtomicInteger tellings = new AtomicInteger();
    ForegroundJob job = new ForegroundJob(program.pid(), "sh", name -> {
      tellings.incrementAndGet();
      told.complete(name + " on " + Thread.currentThread().getName());
    }, timer);

    for (int i = 0; i < 100; i++) {
      job.outputSeen();
    }

    assertThat(timer.getQueue()).as("one check pending for the burst").hasSize(1);
    assertThat(told.get(10, TimeUnit.SECONDS)).isEqualTo("sleep on test-timer");
    timer.submit(() -> { }).get(10, TimeUnit.SECONDS); // the check's task has ended
    assertThat(tellings).hasValue(1);
  }

  @Test
  void theSameJobIsNotToldAgainAndOutputAfterTheTimerIsShutDownIsIgnored() throws Exception {
    program = PtyLauncher.start(List.of("sleep", "30"), Map.of("PATH", System.getenv("PATH")), folder, 80, 24);
    AtomicInteger tellings = new AtomicInteger();
    ForegroundJob job = new ForegroundJob(program.pid(), "sleep", name -> tellings.incrementAndGet(), timer);

    job.outputSeen();
    timer.shutdown(); // a scheduled check still runs
    assertThat(timer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(tellings).as("the job did not change").hasValue(0);
    assertThatCode(job::outputSeen).doesNotThrowAnyException();
  }
}
