package org.polybridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polybridge.InvocationContext;
import org.polybridge.client.ApiClient;
import org.polybridge.client.AppSnapshot;
import org.polybridge.client.Connection;
import org.polybridge.internal.transport.PrivateFiles;

/**
 * {@code polybridge doctor}: checks what makes polybridge work and says, one line each, what is
 * wrong and how to fix it (as Neovim's {@code :checkhealth}). Exit status 0 only when every check
 * passes.
 */
final class DoctorCommand extends DaemonCommand {
  /** Below this much free space where the caches are, GraalPy's compiled files and the native libraries may not fit. */
  static final long LEAST_CACHE_SPACE = 512L * 1024 * 1024;
  private static final CommandSpec SPEC = new CommandSpec("doctor", "Checks the installation and the daemon, and says how to fix what is wrong.",
      List.of("One check a line: Java, the daemon's compiler, the daemon answering, its socket's and credentials'",
          "modes, stale sockets, FAILED scripts and why, whether a session is attached, free space for caches.",
          "JSON by default (check, status ok/warning/failed, detail, fix); --table for people. Exit status 0",
          "only when every check is ok."),
      withAddress(FunctionsCommand.TABLE), List.of());

  enum Status { OK, WARNING, FAILED }

  /** One check's result: {@code fix} is {@code null} when there is nothing to do. */
  record Check(String name, Status status, String detail, String fix) {
    static Check ok(String name, String detail) {
      return new Check(name, Status.OK, detail, null);
    }

    Map<String, Object> toJsonValue() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("check", name);
      json.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
      json.put("detail", detail);
      json.put("fix", fix);
      return json;
    }
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    List<Check> checks = checks(arguments, main);
    if (arguments.flag(FunctionsCommand.TABLE.name())) {
      PrintWriter out = main.out();
      for (Check c : checks) {
        out.printf("%-8s %-9s %s%s%n", c.status().name().toLowerCase(java.util.Locale.ROOT), c.name(), c.detail(),
            c.fix() == null ? "" : " — fix: " + c.fix());
      }
      out.flush();
    } else {
      printJson(main, checks.stream().map(Check::toJsonValue).toList());
    }
    return checks.stream().allMatch(c -> c.status() == Status.OK) ? 0 : 1;
  }

  List<Check> checks(Arguments arguments, Main main) throws InterruptedException {
    List<Check> checks = new ArrayList<>();
    Runtime.Version version = Runtime.version();
    checks.add(version.feature() >= 21
        ? Check.ok("java", "Java " + version + " (" + System.getProperty("java.home") + ")")
        : new Check("java", Status.FAILED, "Java " + version + " is older than 21", "install Java 21 or newer, or use the release's bundled runtime"));
    DaemonAddress address = DaemonAddress.from(arguments, main);
    Optional<ProcessHandle> daemon = address.isUnixSocket() ? PidFile.daemon(address.socketPath()) : Optional.empty();
    checks.add(compiler(daemon, main.environment()));
    if (address.isUnixSocket()) {
      Check files = files(address);
      if (files != null) {
        checks.add(files);
      }
    }
    Object scripts;
    AppSnapshot app;
    try (Connection connection = address.connect(main.environment(), "polybridge doctor")) {
      ApiClient api = new ApiClient(connection, Runnable::run);
      scripts = api.invoke("iterm2.scripts()", InvocationContext.app(), null).get();
      app = api.app().get();
    } catch (Exception e) {
      checks.add(notAnswering(address, daemon, e));
      checks.add(cache(main));
      return checks;
    }
    checks.add(Check.ok("daemon", "answering at " + address.where() + daemon.map(p -> " (process " + p.pid() + ")").orElse("")));
    checks.add(scripts((List<?>) scripts));
    checks.add(app.sessions().isEmpty()
        ? new Check("session", Status.WARNING, "no session is attached: functions that act on the current session fail"
            + " ('NoneType' object has no attribute 'current_tab')", "attach one: `polybridge pty` in a terminal")
        : Check.ok("session", app.sessions().size() + " session(s), active " + app.activeSessionId()));
    checks.add(cache(main));
    return checks;
  }

  /** The daemon's JIT, read off its command line: the launcher turns Graal's compiler on only for POLYBRIDGE_JIT=1. */
  private static Check compiler(Optional<ProcessHandle> daemon, Map<String, String> environment) {
    Optional<String> line = daemon.flatMap(p -> p.info().commandLine());
    if (line.isEmpty()) {
      return Check.ok("compiler", "unknown: no daemon process to look at");
    }
    boolean graal = line.get().contains("-XX:+EnableJVMCI") && line.get().contains("--upgrade-module-path");
    String wanted = environment.getOrDefault("POLYBRIDGE_JIT", "0");
    if (!graal && !wanted.equals("0")) {
      return new Check("compiler", Status.WARNING, "POLYBRIDGE_JIT=" + wanted + " is set here, but the daemon runs without GraalVM's"
          + " optimizing compiler (it needs JDK 25 and the jvmci folder, or the daemon was started without the variable)",
          "restart the daemon with POLYBRIDGE_JIT=1 on JDK 25 (`polybridge stop`, then `POLYBRIDGE_JIT=1 polybridge run`)");
    }
    return Check.ok("compiler", graal ? "GraalVM's optimizing compiler is on (POLYBRIDGE_JIT=1)"
        : "guests interpreted, the JVM on C1 (the default: faster start, less memory; POLYBRIDGE_JIT=1 for scripts that compute for long)");
  }

  /** The socket's folder and the credentials file, held to the rule clients hold them to; {@code null} when there is no socket. */
  private static Check files(DaemonAddress address) {
    Path socket = address.socketPath();
    if (!Files.exists(socket)) {
      return null;
    }
    try {
      PrivateFiles.checkSocket(socket);
      PrivateFiles.checkCredentialsFile(address.authFile());
      return Check.ok("files", socket.getParent() + " is yours alone" + (Files.exists(address.authFile()) ? ", auth 0600" : ""));
    } catch (UncheckedIOException e) {
      return new Check("files", Status.FAILED, e.getMessage(), "as the message says; then `polybridge stop` and `polybridge run`");
    }
  }

  private static Check notAnswering(DaemonAddress address, Optional<ProcessHandle> daemon, Exception e) {
    if (address.isUnixSocket() && !Files.exists(address.socketPath())) {
      return new Check("daemon", Status.FAILED, "no daemon at " + address.where(),
          "start one: `polybridge run`, or `polybridge service install` to have systemd run it");
    }
    if (address.isUnixSocket() && daemon.isEmpty()) {
      Path socket = address.socketPath();
      return new Check("daemon", Status.FAILED, "stale socket " + socket + ": no daemon process behind it (it did not end cleanly; "
          + Main.describe(e) + ")", "remove " + socket + " and the auth and pid files beside it, then `polybridge run`");
    }
    return new Check("daemon", Status.FAILED, "the daemon at " + address.where() + " does not answer: " + Main.describe(e),
        "see its log (polybridge0.log in the log folder); `polybridge stop` and `polybridge run` start it afresh");
  }

  private static Check scripts(List<?> scripts) {
    List<String> failed = new ArrayList<>();
    for (Object o : scripts) {
      Map<?, ?> s = (Map<?, ?>) o;
      if ("FAILED".equals(s.get("state"))) {
        Object error = s.get("last_error");
        String why = error == null ? "no error recorded" : error.toString().strip();
        int newline = why.lastIndexOf('\n');
        failed.add(s.get("name") + " (" + (newline < 0 ? why : why.substring(newline + 1).strip()) + ")");
      }
    }
    if (failed.isEmpty()) {
      return Check.ok("scripts", scripts.size() + " script(s), none FAILED");
    }
    return new Check("scripts", Status.FAILED, failed.size() + " FAILED: " + String.join("; ", failed),
        "`polybridge logs NAME` shows the traceback; fix the file (the daemon starts it again when it changes) or `polybridge restart NAME`");
  }

  private static Check cache(Main main) {
    Path cache = main.folders().cache();
    Path existing = cache;
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      FileStore store = Files.getFileStore(existing);
      long free = store.getUsableSpace();
      String detail = cache + ": " + free / (1024 * 1024) + " MiB free";
      return free >= LEAST_CACHE_SPACE ? Check.ok("cache", detail)
          : new Check("cache", Status.FAILED, detail + ", less than " + LEAST_CACHE_SPACE / (1024 * 1024) + " MiB (compiled Python, native libraries)",
              "free some space there, or point XDG_CACHE_HOME at a roomier disk");
    } catch (IOException e) {
      return new Check("cache", Status.FAILED, cache + ": cannot tell the free space (" + e.getMessage() + ")", "check that the folder can be made");
    }
  }
}
