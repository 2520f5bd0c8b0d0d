package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.cli.host.AttachedPty;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.testkit.Eventually;

/**
 * {@code polybridge pty --profile}: the profile's key bindings replace every profile's, and
 * {@code polybridge keys} lists both with their lines; standard input a pipe, in-process.
 */
class ProfileKeysTest {
  @TempDir Path folder;
  private Daemon daemon;
  private final PipedOutputStream keys = new PipedOutputStream();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @AfterEach
  void stop() throws Exception {
    keys.close();
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void aProfilesBindingTakesThePlaceOfEveryProfilesAndTheListingSaysWhereEachWasWritten() throws Exception {
    Path config = Files.writeString(folder.resolve("config.toml"), """
        [keys]
        "f5" = 'mark(where: "everywhere")'

        [profiles.Work.keys]
        "f5" = 'mark(where: "at work \\(profileName)")'
        """);
    Path socket = folder.resolve("private").resolve("socket");
    daemon = Daemon.start(socket, null, folder.resolve("scripts"), folder.resolve("logs"), config);
    CompletableFuture<Object> marked = new CompletableFuture<>();
    daemon.bridge().register(RpcDefinition.of("mark", "where"), args -> marked.complete(args.get("where")));
    PipedInputStream stdin = new PipedInputStream(keys);
    Main cli = new Main(Map.of(), () -> new AttachedPty.Streams(stdin, screen, false), new PrintWriter(new StringWriter(), true),
        new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> cli.execute(
        "pty", "--socket", socket.toString(), "--profile", "Work", "--", "sh", "-c", "read line; echo \"got:$line\""));
    Eventually.until("the session is open", () -> !daemon.bridge().app().sessions().isEmpty());
    Session session = daemon.bridge().app().sessions().getFirst();
    assertThat(session.variables().get("profileName")).contains("Work");

    keys.write("\u001b[15~done\n".getBytes(StandardCharsets.ISO_8859_1));
    keys.flush();

    assertThat(marked.get(10, TimeUnit.SECONDS)).isEqualTo("at work Work");
    assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(screen.toString(StandardCharsets.UTF_8)).contains("got:done");

    StringWriter out = new StringWriter();
    int listed = new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
        .execute("keys", "--socket", socket.toString(), "--table");
    assertThat(listed).isZero();
    assertThat(out.toString()).contains("KEY").contains("f5                 *            mark(where: \"everywhere\")")
        .contains(config + ":2").contains("Work").contains(config + ":5");
  }
}
