package org.polybridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class BackgroundFailuresTest {

  @Test
  void aTestWhoseThreadDiesOrWhoseBufferLeaksFailsAndAQuietOnePasses() {
    TestExecutionSummary summary = run(Sample.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    List<String> failures = summary.getFailures().stream()
        .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage()).toList();
    assertThat(failures).hasSize(2);
    assertThat(failures.get(0)).startsWith("aThreadThatDies(): in the background of aThreadThatDies():\nthread doomed died: java.lang.IllegalStateException: thrown where nobody catches");
    assertThat(failures.get(1)).startsWith("aLeakedBuffer(): in the background of aLeakedBuffer():\nNetty leaked a ByteBuf");
  }

  private static TestExecutionSummary run(Class<?> tests) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(tests))
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** Run by the test above, not by the build (a nested class). */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Sample {
    @Test
    @Order(1)
    void aThreadThatDies() throws Exception {
      Thread doomed = new Thread(() -> {
        throw new IllegalStateException("thrown where nobody catches (expected by BackgroundFailuresTest)");
      }, "doomed");
      doomed.start();
      doomed.join();
    }

    @Test
    @Order(2)
    void aLeakedBuffer() throws Exception {
      // Netty notices a leak when a buffer it tracked was collected unreleased, at the next
      // allocation it tracks: drop one, collect, allocate until it has said so.
      ByteBuf leaked = Unpooled.directBuffer(16).writeInt(1);
      leaked = null;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until && !BackgroundFailures.pending()) {
        System.gc();
        Unpooled.directBuffer(16).release();
      }
    }

    @Test
    @Order(3)
    void aQuietTest() {
    }
  }
}
