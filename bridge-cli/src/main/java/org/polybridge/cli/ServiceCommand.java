package org.polybridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polybridge.ProtocolException;
import org.polybridge.json.Json;

/**
 * {@code polybridge service install|uninstall|status}: the daemon as a systemd user service
 * ({@link ServiceUnit}), in {@code $XDG_CONFIG_HOME/systemd/user/polybridge.service}.
 */
final class ServiceCommand implements Command {
  /** What ACTION may be (shell completion offers these). */
  static final List<String> ACTIONS = List.of("install", "uninstall", "status");
  private static final CommandSpec.Option FORCE = CommandSpec.Option.flag("--force", "install: replaces a unit already there.");
  private static final CommandSpec SPEC = new CommandSpec("service", "Runs the daemon as a systemd user service.",
      List.of("install writes ~/.config/systemd/user/polybridge.service (ExecStart: this launcher's `run`, restarted",
          "on failure), enables it and starts it; uninstall stops, disables and removes it; status prints the",
          "unit's path and systemd's view of it (JSON). Without a systemd user manager it says so and what to",
          "run instead, with status 1."),
      List.of(FORCE),
      List.of(new CommandSpec.Parameter("ACTION", "install, uninstall or status.", CommandSpec.Parameter.Arity.ONE)));

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public int run(Arguments arguments, Main main) throws Exception {
    Path unit = main.folders().systemdUserUnits().resolve(ServiceUnit.NAME);
    return switch (arguments.parameter(0)) {
      case "install" -> install(unit, arguments.flag(FORCE.name()), main);
      case "uninstall" -> uninstall(unit, main);
      case "status" -> status(unit, main);
      default -> throw new UsageException(SPEC, "ACTION : '" + arguments.parameter(0) + "' (expected: install, uninstall or status)");
    };
  }

  private static int install(Path unit, boolean force, Main main) throws Exception {
    // Checked before anything is written: nothing is left half-done.
    if (Files.exists(unit) && !force) {
      throw new ProtocolException("the service is already installed: " + unit + " exists (`polybridge service install --force`"
          + " replaces it, `polybridge service uninstall` removes it)");
    }
    String launcher = main.environment().get("POLYBRIDGE_LAUNCHER");
    if (launcher == null || launcher.isBlank() || !Path.of(launcher).isAbsolute()) {
      throw new ProtocolException("cannot tell which launcher to start (POLYBRIDGE_LAUNCHER is " + (launcher == null ? "unset" : "'" + launcher + "'")
          + "; it is set by bin/polybridge and ./polybridge): run `polybridge service install` through one of them");
    }
    UserSystemd systemd = UserSystemd.reach(main.environment());
    String text = ServiceUnit.of(Path.of(launcher), main.environment()).text();
    boolean existed = Files.exists(unit);
    Files.createDirectories(unit.getParent());
    Path partial = unit.resolveSibling(ServiceUnit.NAME + ".partial");
    Files.writeString(partial, text);
    Files.move(partial, unit, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    UserSystemd.Answer reload = systemd.run(main.environment(), "daemon-reload");
    UserSystemd.Answer enable = reload.status() != 0 ? reload : systemd.run(main.environment(), "enable", "--now", ServiceUnit.NAME);
    if (enable.status() != 0) {
      if (!existed) {
        Files.deleteIfExists(unit);
        systemd.run(main.environment(), "daemon-reload");
      }
      throw new ProtocolException("systemd did not take " + unit + ": " + enable.firstLine()
          + (existed ? "" : " (the unit was removed again)"));
    }
    main.err().println("polybridge: installed and started " + unit + " (`systemctl --user status polybridge` shows it,"
        + " `polybridge logs` and " + main.folders().logs() + " its logs)");
    main.err().flush();
    return 0;
  }

  private static int uninstall(Path unit, Main main) throws Exception {
    if (!Files.exists(unit)) {
      throw new ProtocolException("the service is not installed: no " + unit);
    }
    UserSystemd systemd = UserSystemd.reach(main.environment());
    UserSystemd.Answer disable = systemd.run(main.environment(), "disable", "--now", ServiceUnit.NAME);
    if (disable.status() != 0) {
      throw new ProtocolException("systemd did not stop and disable " + ServiceUnit.NAME + ": " + disable.firstLine() + "; " + unit + " is left");
    }
    Files.delete(unit);
    systemd.run(main.environment(), "daemon-reload");
    main.err().println("polybridge: stopped, disabled and removed " + unit);
    main.err().flush();
    return 0;
  }

  private static int status(Path unit, Main main) throws IOException, InterruptedException {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("unit", unit.toString());
    status.put("installed", Files.exists(unit));
    UserSystemd systemd = UserSystemd.reach(main.environment());
    status.put("enabled", systemd.run(main.environment(), "is-enabled", ServiceUnit.NAME).firstLine());
    status.put("active", systemd.run(main.environment(), "is-active", ServiceUnit.NAME).firstLine());
    main.out().println(Json.write(status));
    main.out().flush();
    return 0;
  }
}
