package org.polybridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.polybridge.json.Json;

/**
 * Test kit: a headless Chromium driven over the DevTools protocol (a WebSocket of JSON commands),
 * with the JDK's own HTTP client: no Node, no driver binary. Each {@link Page} lives in a browser
 * context of its own, so its cookies are its own.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.start(profileFolder, List.of());
 *      Chromium.Page page = chromium.newPage()) {
 *   page.navigate("http://127.0.0.1:8080/");
 *   page.await("document.title === 'polybridge console'");
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<Map<?, ?>>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The browser's program: {@code chromium} (Debian) or {@code chromium-browser} on the PATH. */
  static Optional<Path> program() {
    String path = System.getenv("PATH");
    for (String folder : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts a headless browser with its profile in {@code profile}, and {@code flags} besides the usual. */
  static Chromium start(Path profile, List<String> flags) throws Exception {
    Path program = program().orElseThrow(() -> new IllegalStateException("no chromium on the PATH"));
    List<String> command = new ArrayList<>(List.of(program.toString(), "--headless=new", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,900"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
    }
    command.addAll(flags);
    command.add("about:blank");
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String endpoint = devToolsEndpoint(process);
      Chromium[] self = new Chromium[1];
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
          .buildAsync(URI.create(endpoint), new Listener(message -> { if (self[0] != null) { self[0].received(message); } })).get(30, TimeUnit.SECONDS);
      self[0] = new Chromium(process, profile, socket);
      return self[0];
    } catch (Exception e) {
      destroy(process);
      throw e;
    }
  }

  /** The browser's WebSocket address, which it prints on stderr once it listens; the rest of stderr is drained. */
  private static String devToolsEndpoint(Process process) throws Exception {
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    StringBuilder said = new StringBuilder();
    Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          if (line.startsWith("DevTools listening on ")) {
            endpoint.complete(line.substring("DevTools listening on ".length()).trim());
          } else if (!endpoint.isDone()) {
            said.append(line).append('\n');
          }
        }
        endpoint.completeExceptionally(new IOException("chromium exited before it listened:\n" + said));
      } catch (IOException e) {
        endpoint.completeExceptionally(e);
      }
    });
    return endpoint.get(60, TimeUnit.SECONDS);
  }

  private void received(String message) {
    Map<?, ?> json = (Map<?, ?>) Json.parse(message);
    if (json.get("id") instanceof Number id) {
      CompletableFuture<Map<?, ?>> answer = pending.remove(id.longValue());
      if (answer != null) {
        answer.complete(json);
      }
    }
  }

  /** Sends one command (to a page's session when {@code session} is not null) and waits for its result. */
  Map<?, ?> send(String session, String method, Map<String, Object> params) throws Exception {
    long id = ids.incrementAndGet();
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("id", id);
    command.put("method", method);
    command.put("params", params);
    if (session != null) {
      command.put("sessionId", session);
    }
    CompletableFuture<Map<?, ?>> answer = new CompletableFuture<>();
    pending.put(id, answer);
    synchronized (socket) {
      socket.sendText(Json.write(command), true).get(10, TimeUnit.SECONDS);
    }
    Map<?, ?> reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.get("error") != null) {
      throw new IllegalStateException(method + " failed: " + Json.write(reply.get("error")));
    }
    return (Map<?, ?>) reply.get("result");
  }

  /** A new page (tab) in a browser context of its own: no cookies but its own. */
  Page newPage() throws Exception {
    String context = (String) send(null, "Target.createBrowserContext", Map.of()).get("browserContextId");
    String target = (String) send(null, "Target.createTarget", Map.of("url", "about:blank", "browserContextId", context)).get("targetId");
    String session = (String) send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId");
    Page page = new Page(context, session);
    page.send("Page.enable", Map.of());
    page.send("Runtime.enable", Map.of());
    return page;
  }

  @Override
  public void close() {
    socket.abort();
    destroy(process);
    // Links to the browser's run-time folder that a browser stopped this way leaves behind.
    for (String name : List.of("SingletonLock", "SingletonSocket", "SingletonCookie")) {
      try {
        Files.deleteIfExists(profile.resolve(name));
      } catch (IOException e) {
        // left to the temporary folder's clean-up
      }
    }
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One tab. */
  final class Page implements AutoCloseable {
    private final String context;
    private final String session;

    private Page(String context, String session) {
      this.context = context;
      this.session = session;
    }

    Map<?, ?> send(String method, Map<String, Object> params) throws Exception {
      return Chromium.this.send(session, method, params);
    }

    /** Goes to {@code url} and waits until the document has loaded. */
    void navigate(String url) throws Exception {
      Map<?, ?> result = send("Page.navigate", Map.of("url", url));
      if (result.get("errorText") != null) {
        throw new IllegalStateException("navigating to " + url + ": " + result.get("errorText"));
      }
      await("document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression (a promise is awaited). */
    Object evaluate(String expression) throws Exception {
      Map<?, ?> result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
      if (result.get("exceptionDetails") != null) {
        throw new IllegalStateException(expression + " threw: " + Json.write(result.get("exceptionDetails")));
      }
      return ((Map<?, ?>) result.get("result")).get("value");
    }

    /**
     * Waits, in the page, until {@code condition} (a JavaScript expression) is true, looking again
     * at every animation frame; fails with what the page shows when {@code limit} passes.
     */
    void await(String condition, Duration limit) throws Exception {
      Object met = evaluate("new Promise(done => { const end = Date.now() + " + limit.toMillis() + ";"
          + " const look = () => { let ok = false; try { ok = !!(" + condition + "); } catch (e) {}"
          + " if (ok) done(true); else if (Date.now() > end) done(false); else setTimeout(look, 20); }; look(); })");
      if (!Boolean.TRUE.equals(met)) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + condition + "\nthe page shows:\n"
            + evaluate("document.body ? document.body.innerText : document.documentElement.outerHTML"));
      }
    }

    void await(String condition) throws Exception {
      await(condition, Duration.ofSeconds(30));
    }

    /** Types {@code text} as keyboard input into the focused element. */
    void type(String text) throws Exception {
      send("Input.insertText", Map.of("text", text));
    }

    /** Presses and releases {@code Tab}: the key alone, typing nothing. */
    void pressTab() throws Exception {
      for (String type : List.of("rawKeyDown", "keyUp")) {
        send("Input.dispatchKeyEvent", Map.of("type", type, "key", "Tab", "code", "Tab", "windowsVirtualKeyCode", 9));
      }
    }

    /** Presses and releases {@code Enter}, which submits a form as a person's would. */
    void pressEnter() throws Exception {
      send("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "Enter", "code", "Enter", "text", "\r",
          "windowsVirtualKeyCode", 13));
      send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13));
    }

    /** Saves what the page shows as a PNG. */
    void screenshot(Path file) throws Exception {
      String data = (String) send("Page.captureScreenshot", Map.of("format", "png")).get("data");
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode(data));
    }

    /** Closes the tab with its browser context (its cookies go with it). */
    @Override
    public void close() {
      try {
        Chromium.this.send(null, "Target.disposeBrowserContext", Map.of("browserContextId", context));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while closing a page", e);
      } catch (Exception e) {
        throw new IllegalStateException("could not close a page: " + e.getMessage(), e);
      }
    }
  }

  /** Gathers a message's parts and hands on whole messages. */
  private record Listener(java.util.function.Consumer<String> whole, StringBuilder parts) implements WebSocket.Listener {
    Listener(java.util.function.Consumer<String> whole) {
      this(whole, new StringBuilder());
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      parts.append(data);
      if (last) {
        String message = parts.toString();
        parts.setLength(0);
        whole.accept(message);
      }
      socket.request(1);
      return null;
    }
  }
}
