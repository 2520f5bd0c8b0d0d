package org.polybridge.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The systemd user unit that runs the daemon: {@code polybridge.service}, starting {@code launcher
 * run} with the environment the daemon needs to find its Java and its folders again, restarted
 * when it fails (exit status 3 is the daemon's out of memory, docs/INSTALL.md).
 *
 * <pre>{@code
 * String text = new ServiceUnit(Path.of("/opt/polybridge/bin/polybridge"), Map.of()).text();
 * }</pre>
 */
record ServiceUnit(Path launcher, Map<String, String> environment) {
  /** The file's name, in the user's unit folder. */
  static final String NAME = "polybridge.service";

  /** The variables of {@code environment} that the unit carries over, where set. */
  static final java.util.List<String> CARRIED = java.util.List.of("JAVA_HOME", "POLYBRIDGE_JAVA_OPTS", "POLYBRIDGE_JIT",
      "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME");

  ServiceUnit {
    if (!launcher.isAbsolute()) {
      throw new IllegalArgumentException("launcher " + launcher + " : expected an absolute path");
    }
    environment = new TreeMap<>(environment);
  }

  /** The unit for the launcher this process was started by, carrying {@link #CARRIED} from {@code environment}. */
  static ServiceUnit of(Path launcher, Map<String, String> environment) {
    Map<String, String> carried = new TreeMap<>();
    for (String name : CARRIED) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        carried.put(name, value);
      }
    }
    return new ServiceUnit(launcher, carried);
  }

  String text() {
    StringBuilder unit = new StringBuilder();
    unit.append("# Written by `polybridge service install`; `polybridge service uninstall` removes it.\n");
    unit.append("[Unit]\n");
    unit.append("Description=polybridge daemon (scripts as RPCs over iTerm2's API protocol)\n");
    unit.append("\n[Service]\n");
    unit.append("Type=simple\n");
    for (Map.Entry<String, String> e : environment.entrySet()) {
      unit.append("Environment=").append(quoted(e.getKey() + "=" + e.getValue())).append('\n');
    }
    unit.append("ExecStart=").append(quoted(launcher.toString())).append(" run\n");
    // Out of memory outside a script the daemon exits with 3: start it again.
    unit.append("Restart=on-failure\n");
    unit.append("RestartSec=2\n");
    unit.append("\n[Install]\n");
    unit.append("WantedBy=default.target\n");
    return unit.toString();
  }

  /** A double-quoted word of a unit file: quotes and backslashes escaped, {@code %} (a specifier) doubled. */
  static String quoted(String word) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : word.toCharArray()) {
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '%' -> out.append("%%");
        case '\n' -> throw new IllegalArgumentException("'" + word + "' : a line break cannot be put in a unit file");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
