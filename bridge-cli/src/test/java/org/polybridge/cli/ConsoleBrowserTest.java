package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.client.ApiClient;
import org.polybridge.client.Connection;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.json.Json;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;
import org.polybridge.testkit.WireRequests;

/**
 * The console in a real browser: a headless Chromium drives the page a daemon serves, signed in
 * with the address {@code polybridge console} prints. Screenshots go to {@code
 * target/console-screenshots/}. Needs Debian's {@code chromium} ({@code .ci/run} installs it).
 */
@Tag("browser")
class ConsoleBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration SCRIPT_PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path folder;
  private static Daemon daemon;
  private static Path socket;
  private static Path scripts;
  private static Chromium chromium;
  private static Connection testClient;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Chromium.program().isPresent(),
        "chromium is not installed: the browser tests are skipped (`apt-get install chromium`; .ci/run installs it as root)");
    socket = folder.resolve("private").resolve("socket");
    scripts = Files.createDirectories(folder.resolve("scripts"));
    daemon = Daemon.start(socket, null, scripts, folder.resolve("logs"));
    // attacker.test resolves to the console's own address, as a rebinding DNS server would make it.
    chromium = Chromium.start(Files.createDirectories(folder.resolve("chromium")),
        List.of("--host-resolver-rules=MAP attacker.test 127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    if (testClient != null) {
      testClient.close();
    }
    if (chromium != null) {
      chromium.close();
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  /** The address {@code polybridge console --no-open} prints. */
  private static Map<?, ?> consoleAddress() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("console", "--no-open", "--socket", socket.toString());
    assertThat(status).as(err.toString()).isZero();
    return (Map<?, ?>) Json.parse(out.toString());
  }

  private static Chromium.Page signedIn() throws Exception {
    Chromium.Page page = chromium.newPage();
    page.navigate((String) consoleAddress().get("url"));
    page.await("document.title === 'polybridge console' && document.getElementById('connection').textContent === 'live'");
    return page;
  }

  private static void screenshot(Chromium.Page page, String name) throws Exception {
    page.screenshot(SCREENSHOTS.resolve(name + ".png"));
  }

  private static String js(String text) {
    return Json.write(text);
  }

  @Test
  void aMissingOrWrongTokenIsRefused() throws Exception {
    Map<?, ?> address = consoleAddress();
    long port = ((Number) address.get("port")).longValue();
    try (Chromium.Page page = chromium.newPage()) {
      page.navigate("http://127.0.0.1:" + port + "/");
      page.await("document.body.innerText.includes('not signed in')");
      screenshot(page, "refused-without-token");
      page.navigate("http://127.0.0.1:" + port + "/?token=not-the-token");
      page.await("document.body.innerText.includes('token : not valid')");
      screenshot(page, "refused-wrong-token");
    }
  }

  @Test
  void aTokenSignsInOnceOnly() throws Exception {
    String url = (String) consoleAddress().get("url");
    try (Chromium.Page first = chromium.newPage(); Chromium.Page second = chromium.newPage()) {
      first.navigate(url);
      first.await("document.title === 'polybridge console'");
      assertThat(first.evaluate("location.search")).as("the token leaves the address bar").isEqualTo("");
      second.navigate(url);
      second.await("document.body.innerText.includes('token : not valid')");
    }
  }

  @Test
  void aPageUnderAnotherHostNameIsRefused() throws Exception {
    Map<?, ?> address = consoleAddress();
    String rebound = ((String) address.get("url")).replace("127.0.0.1", "attacker.test");
    try (Chromium.Page page = chromium.newPage()) {
      page.navigate(rebound);
      page.await("document.body.innerText.includes('Host : attacker.test:')");
      screenshot(page, "refused-foreign-host");
    }
    // Refused before its token was looked at: the token still signs in at the console's own address.
    try (Chromium.Page page = chromium.newPage()) {
      page.navigate((String) address.get("url"));
      page.await("document.title === 'polybridge console'");
    }
  }

  @Test
  void anotherSitesPageCannotDriveTheConsoleEvenWhenTheUserIsSignedIn() throws Exception {
    Files.writeString(scripts.resolve("target.js"), "iterm2.runForever(async connection => {});\n");
    Eventually.until(SCRIPT_PATIENCE, "target.js running", () -> state("target.js") == ScriptStatus.State.RUNNING);
    try (Chromium.Page page = signedIn()) {
      long port = ((Number) page.evaluate("Number(location.port)")).longValue();
      // The same browser context, so the console's cookie is there to be sent if the browser would.
      page.navigate("http://attacker.test:" + port + "/");
      Object outcome = page.evaluate("fetch('http://127.0.0.1:" + port + "/api/script', {method: 'POST', mode: 'no-cors',"
          + " credentials: 'include', headers: {'Content-Type': 'text/plain'},"
          + " body: JSON.stringify({action: 'stop', name: 'target.js'})}).then(r => r.type, e => 'failed: ' + e)");
      assertThat(outcome).isIn("opaque", "failed: TypeError: Failed to fetch");
    }
    assertThat(state("target.js")).isEqualTo(ScriptStatus.State.RUNNING);
  }

  @Test
  void aScriptDroppedIntoAutoLaunchAppearsAndWhatItLogsShowsLive() throws Exception {
    try (Chromium.Page page = signedIn()) {
      Files.writeString(scripts.resolve("live.js"), "console.log('hello from live.js');\n"
          + "iterm2.runForever(async connection => {\n"
          + "  await iterm2.rpc(async function shout(text) { console.log('shouted: ' + text); return text.toUpperCase(); })"
          + ".register(connection);\n});\n");
      page.await("document.querySelector('#scripts-table tr[data-name=\"live.js\"] .state')?.textContent === 'RUNNING'",
          SCRIPT_PATIENCE);
      page.evaluate("document.querySelector('#scripts-table tr[data-name=\"live.js\"]').click()");
      page.await("document.getElementById('log').textContent.includes('hello from live.js')");
      daemon.bridge().invoke("shout(text: \"over the wire\")").get();
      page.await("document.getElementById('log').textContent.includes('shouted: over the wire')");
      page.await("document.getElementById('log-count').textContent.endsWith('lines')");
      screenshot(page, "scripts-live-log");
      page.evaluate("(() => { const s = document.getElementById('log-search'); s.value = 'shouted';"
          + " s.dispatchEvent(new Event('input')); })()");
      page.await("document.querySelectorAll('#log mark').length === 1"
          + " && !document.getElementById('log').textContent.includes('hello from live.js')");
      screenshot(page, "scripts-log-search");
      page.evaluate("document.getElementById('log').dispatchEvent(new WheelEvent('wheel', {deltaY: -120}))");
      assertThat(page.evaluate("document.getElementById('log-follow').checked")).as("following, after scrolling up").isEqualTo(false);
    }
  }

  @Test
  void aFailedScriptShowsItsErrorAndAStoppedScriptStartsFromItsButton() throws Exception {
    Files.writeString(scripts.resolve("broken.js"), "this is not JavaScript\n");
    Files.writeString(scripts.resolve("steady.js"), "iterm2.runForever(async connection => {});\n");
    try (Chromium.Page page = signedIn()) {
      String broken = "#scripts-table tr[data-name=\"broken.js\"]";
      String steady = "#scripts-table tr[data-name=\"steady.js\"]";
      page.await("document.querySelector('" + broken + " .state')?.textContent === 'FAILED'", SCRIPT_PATIENCE);
      page.evaluate("document.querySelector('" + broken + "').click()");
      page.await("document.getElementById('script-error-text').textContent.includes('SyntaxError')"
          + " && !document.getElementById('script-error').classList.contains('hidden')");
      page.await("document.getElementById('log').textContent.includes('failed while loading')");
      screenshot(page, "scripts-failed");
      page.await("document.querySelector('" + steady + " .state')?.textContent === 'RUNNING'", SCRIPT_PATIENCE);
      page.evaluate("document.querySelector('" + steady + " button[data-action=stop]').click()");
      page.await("document.querySelector('" + steady + " .state')?.textContent === 'STOPPED'");
      assertThat(state("steady.js")).isEqualTo(ScriptStatus.State.STOPPED);
      page.evaluate("document.querySelector('" + steady + " button[data-action=start]').click()");
      page.await("document.querySelector('" + steady + " .state')?.textContent === 'RUNNING'", SCRIPT_PATIENCE);
    }
  }

  @Test
  void anInvocationTypedWithCompletionReturnsItsValueAndAFailureItsTraceback() throws Exception {
    Files.writeString(scripts.resolve("arith.js"), "iterm2.runForever(async connection => {\n"
        + "  await iterm2.rpc(async function add(first, second) { return first + second; }).register(connection);\n"
        + "  await iterm2.rpc(async function broken(why) { throw new Error('broken because ' + why); }).register(connection);\n"
        + "});\n");
    Eventually.until(SCRIPT_PATIENCE, "add registered", () -> !ApiServer.of(daemon.bridge()).registry().named("add").isEmpty());
    try (Chromium.Page page = signedIn()) {
      page.evaluate("document.querySelector('.tab[data-tab=functions]').click()");
      page.await("document.querySelector('#functions-table tr[data-name=add]') !== null");
      page.evaluate("document.getElementById('invocation').focus()");
      page.type("add(");
      page.await("[...document.querySelectorAll('#completions li')].map(li => li.textContent).join() === 'first:,second:'");
      page.pressTab();
      page.type("2, ");
      page.await("[...document.querySelectorAll('#completions li')].map(li => li.textContent).join() === 'second:'");
      screenshot(page, "functions-completion");
      page.pressTab();
      page.type("40)");
      assertThat(page.evaluate("document.getElementById('invocation').value")).isEqualTo("add(first: 2, second: 40)");
      page.pressEnter();
      page.await("document.getElementById('invoke-value').textContent === '42'");
      assertThat((String) page.evaluate("document.getElementById('invoke-status').textContent")).matches("Value · [0-9.]+ ms");
      screenshot(page, "functions-invocation");
      page.evaluate("document.getElementById('invocation').value = " + js("broken(why: \"no reason\")"));
      page.evaluate("document.getElementById('invoke-run').click()");
      page.await("document.getElementById('invoke-value').textContent.includes('broken because no reason')");
      assertThat((String) page.evaluate("document.getElementById('invoke-value').textContent")).startsWith("In call to broken:");
      assertThat((String) page.evaluate("document.getElementById('invoke-status').textContent")).startsWith("FAILED");
      screenshot(page, "functions-failure");
    }
  }

  @Test
  void aSessionsScreenAndVariablesShowAndTextSentToItRuns() throws Exception {
    testClient = daemon.bridge().connect("browser test");
    // a plain sh, not the user's shell: its start-up files are not the test's (a slow rc would eat the wait)
    String session = WireRequests.request(new ApiClient(testClient, Runnable::run), org.polybridge.proto.ClientOriginatedMessage.newBuilder()
            .setCreateTabRequest(org.polybridge.proto.CreateTabRequest.newBuilder().setCommand("exec /bin/sh")))
        .get(30, java.util.concurrent.TimeUnit.SECONDS).getCreateTabResponse().getSessionId();
    try (Chromium.Page page = signedIn()) {
      page.evaluate("document.querySelector('.tab[data-tab=sessions]').click()");
      page.await("document.querySelector('#session-tree [data-id=" + js(session) + "]') !== null");
      page.evaluate("document.querySelector('#session-tree [data-id=" + js(session) + "]').click()");
      page.await("document.querySelectorAll('#variables-table tbody tr').length > 0");
      page.evaluate("document.getElementById('send-text').value = 'echo console-$((6*7))'");
      page.evaluate("document.querySelector('#send-form button').click()");
      page.await("document.getElementById('screen').textContent.includes('console-42')");
      screenshot(page, "sessions-screen");
    }
  }

  @Test
  void anAlertAScriptRaisesShowsInThePageAndAClickAnswersIt() throws Exception {
    try (Chromium.Page page = signedIn()) {
      Files.writeString(scripts.resolve("ask.js"), "iterm2.runForever(async connection => {\n"
          + "  const choice = await iterm2.alert(connection, { title: 'Deploy now?', subtitle: 'to production',"
          + " buttons: ['Deploy', 'Wait'] });\n"
          + "  console.log('answered: ' + choice);\n});\n");
      String card = "#alerts .alert-card";
      page.await("document.querySelector('" + card + " .alert-title')?.textContent === 'Deploy now?'", SCRIPT_PATIENCE);
      assertThat(page.evaluate("document.getElementById('alerts-count').textContent")).isEqualTo("1 alert waits");
      assertThat(page.evaluate("[...document.querySelectorAll('" + card + " button')].map(b => b.textContent).join()"))
          .isEqualTo("Deploy,Wait");
      screenshot(page, "alerts-alert");
      page.evaluate("document.querySelector('" + card + " button[data-button=Wait]').click()");
      page.await("document.getElementById('alerts').classList.contains('hidden')");
      page.evaluate("document.querySelector('#scripts-table tr[data-name=\"ask.js\"]').click()");
      page.await("document.getElementById('log').textContent.includes('answered: 1')"); // Wait is the second button
    }
  }

  @Test
  void aPolyModalAlertsTextCheckboxesAndComboReachThePythonScriptThatAsked() throws Exception {
    try (Chromium.Page page = signedIn()) {
      Files.writeString(scripts.resolve("release.py"), """
          import iterm2

          async def main(connection):
              alert = iterm2.PolyModalAlert("Release", "what and where")
              alert.add_button("Ship")
              alert.add_button("Hold")
              alert.add_checkbox_item("notify", 1)
              alert.add_checkbox_item("tag", 0)
              alert.add_combobox(["eu", "us"], "eu")
              alert.add_text_field("version", "1.0")
              result = await alert.async_run(connection)
              print("released:", result.button, result.tf_text, sorted(result.checks), result.combo)

          iterm2.run_until_complete(main)
          """);
      String card = "#alerts .alert-card";
      // a Python script takes longer to load than a browser command may last: wait for its alert here
      Eventually.until(SCRIPT_PATIENCE, "release.py's alert", () -> !daemon.bridge().app().alerts().pending().isEmpty());
      page.await("document.querySelector('" + card + " .alert-title')?.textContent === 'Release'");
      assertThat(page.evaluate("document.querySelector('" + card + " .alert-text').value")).isEqualTo("1.0");
      assertThat(page.evaluate("[...document.querySelectorAll('" + card + " input[type=checkbox]')].map(c => c.checked).join()"))
          .isEqualTo("true,false");
      page.evaluate("(() => { document.querySelector('" + card + " .alert-text').value = '2.5';"
          + " document.querySelector('" + card + " input[data-label=tag]').click();"
          + " document.querySelector('" + card + " .alert-combo').value = 'us'; })()");
      screenshot(page, "alerts-poly-modal");
      page.evaluate("document.querySelector('" + card + " button[data-button=Ship]').click()");
      page.await("document.getElementById('alerts').classList.contains('hidden')");
      page.evaluate("document.querySelector('#scripts-table tr[data-name=\"release.py\"]').click()");
      page.await("document.getElementById('log').textContent.includes(\"released: Ship 2.5 ['notify', 'tag'] us\")");
    }
  }

  @Test
  void anAlertAnsweredElsewhereLeavesThePage() throws Exception {
    try (Chromium.Page page = signedIn()) {
      Files.writeString(scripts.resolve("name.js"), "iterm2.runForever(async connection => {\n"
          + "  const name = await iterm2.textInputAlert(connection, { title: 'Your name?', placeholder: 'name' });\n"
          + "  console.log('hello ' + name);\n});\n");
      String card = "#alerts .alert-card";
      page.await("document.querySelector('" + card + " .alert-title')?.textContent === 'Your name?'", SCRIPT_PATIENCE);
      String id = (String) page.evaluate("document.querySelector('" + card + "').dataset.id");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int status = new Main(Map.of(), null, new PrintWriter(out, true), new PrintWriter(err, true))
          .execute("alerts", "--socket", socket.toString(), "answer", id, "Ada");
      assertThat(status).as(err.toString()).isZero();
      page.await("document.querySelector('" + card + "') === null"
          + " && document.getElementById('alerts-count').classList.contains('hidden')");
      page.evaluate("document.querySelector('#scripts-table tr[data-name=\"name.js\"]').click()");
      page.await("document.getElementById('log').textContent.includes('hello Ada')");
    }
  }

  private static ScriptStatus.State state(String name) {
    return daemon.bridge().scripts().stream().filter(s -> s.name().equals(name)).map(ScriptStatus::state).findFirst().orElse(null);
  }
}
