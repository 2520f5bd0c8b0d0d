package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The sequences a scanner may consume: the OSC commands iTerm2's Custom and SetUserVar (always), and
 * what a shell announces about where it is: its working directory (two ways) and its user and host
 * (for sessions); and {@code tmux -CC}'s DCS {@code ESC P 1000 p}, which has no body (sessions).
 * Every other OSC or DCS belongs to the terminal.
 */
enum OscCommand {
  CUSTOM("Custom", "\u001b]1337;Custom=") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      // Splitting at the first '=' with the key "id" is the same as requiring the prefix "id=".
      if (!body.startsWith("id=")) {
        listener.malformed(
            "Custom sequence does not start with id= (expected: Custom=id=<identity>:<payload>); dropped");
        return;
      }
      int colon = body.indexOf(':', 3);
      if (colon < 0) {
        listener.malformed(
            "Custom sequence has no ':' after its identity (expected: Custom=id=<identity>:<payload>); dropped");
        return;
      }
      listener.custom(body.substring(3, colon), body.substring(colon + 1));
    }
  },

  SET_USER_VAR("SetUserVar", "\u001b]1337;SetUserVar=") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      int equals = body.indexOf('=');
      if (equals < 0) {
        listener.malformed(
            "SetUserVar sequence has no '=' (expected: SetUserVar=<name>=<base64 value>); dropped");
        return;
      }
      if (equals == 0) {
        listener.malformed(
            "SetUserVar sequence has an empty name (expected: SetUserVar=<name>=<base64 value>); dropped");
        return;
      }
      listener.setUserVar(body.substring(0, equals), body.substring(equals + 1));
    }
  },

  /** iTerm2's shell integration: {@code OSC 1337 ; CurrentDir=<path>}. */
  CURRENT_DIR("CurrentDir", "\u001b]1337;CurrentDir=") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      if (!body.startsWith("/")) {
        listener.malformed("CurrentDir sequence is not an absolute path (expected: CurrentDir=/path); dropped");
        return;
      }
      listener.workingDirectory(body);
    }
  },

  /** iTerm2's shell integration: {@code OSC 1337 ; RemoteHost=<user>@<host>}. */
  REMOTE_HOST("RemoteHost", "\u001b]1337;RemoteHost=") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      int at = body.lastIndexOf('@');
      if (at <= 0 || at == body.length() - 1) {
        listener.malformed("RemoteHost sequence is not user@host (expected: RemoteHost=<user>@<host>); dropped");
        return;
      }
      listener.remoteHost(body.substring(0, at), body.substring(at + 1));
    }
  },

  /** iTerm2's {@code OSC 1337 ; ClearScrollback}: forget the scrollback. */
  CLEAR_SCROLLBACK("ClearScrollback", "\u001b]1337;ClearScrollback") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      if (!body.isEmpty()) {
        listener.malformed("ClearScrollback sequence has a body (expected: ClearScrollback alone); dropped");
        return;
      }
      listener.clearScrollback();
    }
  },

  /** iTerm2's {@code OSC 1337 ; SetProfile=<name>}: the session's profile changes. */
  SET_PROFILE("SetProfile", "\u001b]1337;SetProfile=") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      if (body.isBlank()) {
        listener.malformed("SetProfile sequence has no profile name (expected: SetProfile=<name>); dropped");
        return;
      }
      listener.profile(body);
    }
  },

  /**
   * FinalTerm's shell-integration marks, which iTerm2 reads too: {@code OSC 133 ; A} (a prompt
   * starts), {@code B} (the command line starts), {@code C} (the command runs), {@code D [; status]}
   * (it ended), each perhaps followed by {@code ;key=value} options.
   */
  SHELL_MARK("OSC 133", "\u001b]133;") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      if (body.isEmpty() || "ABCD".indexOf(body.charAt(0)) < 0 || body.length() > 1 && body.charAt(1) != ';') {
        listener.malformed("OSC 133 sequence is not a shell-integration mark (expected: 133;A, B, C or D[;status]); dropped");
        return;
      }
      listener.shellMark(body.charAt(0), body.length() > 2 ? body.substring(2) : "");
    }
  },

  /** xterm's {@code OSC 0 ; <title>}: the icon name and the window title at once. */
  ICON_AND_WINDOW_TITLE("OSC 0", "\u001b]0;") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      listener.title(true, true, body);
    }
  },

  /** xterm's {@code OSC 1 ; <name>}: the icon (tab) name. */
  ICON_TITLE("OSC 1", "\u001b]1;") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      listener.title(true, false, body);
    }
  },

  /** xterm's {@code OSC 2 ; <title>}: the window title. */
  WINDOW_TITLE("OSC 2", "\u001b]2;") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      listener.title(false, true, body);
    }
  },

  /**
   * What {@code tmux -CC} prints before it speaks control mode (docs/TMUX.md): a DCS whose
   * parameter is {@code 1000} and final byte {@code p}, with no body. The scanner reports it and
   * stops: what follows is tmux's, not the terminal's.
   */
  TMUX_CONTROL_MODE("tmux control mode", "\u001bP1000p") {
    @Override
    boolean hasBody() {
      return false;
    }

    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      listener.controlModeStarted();
    }
  },

  /** What many shells' prompts send (VTE, macOS Terminal): {@code OSC 7 ; file://<host>/<path>}. */
  FILE_URL("OSC 7", "\u001b]7;") {
    @Override
    void dispatch(String body, ControlSequenceScanner.Listener listener) {
      String path;
      try {
        URI uri = new URI(body);
        path = "file".equalsIgnoreCase(uri.getScheme()) ? uri.getPath() : null;
      } catch (URISyntaxException e) {
        path = null;
      }
      if (path == null || !path.startsWith("/")) {
        listener.malformed("OSC 7 sequence is not a file URL (expected: file://host/path); dropped");
        return;
      }
      listener.workingDirectory(path);
    }
  };

  /** The commands every scanner consumes. */
  static final Set<OscCommand> ALWAYS = EnumSet.of(CUSTOM, SET_USER_VAR);
  /** iTerm2's commands that a terminal without them can do another way ({@code ControlSequenceScanner#forScreen}). */
  static final Set<OscCommand> TRANSLATED = EnumSet.of(CLEAR_SCROLLBACK);

  private final String label;
  private final byte[] prefix;

  OscCommand(String label, String prefix) {
    this.label = label;
    this.prefix = prefix.getBytes(US_ASCII);
  }

  String label() {
    return label;
  }

  /** A fresh copy: the scanner hands these bytes to listeners, which must not reach a shared array. */
  byte[] prefix() {
    return prefix.clone();
  }

  /** Whether a body and a terminator follow the prefix; without, the prefix is the whole sequence. */
  boolean hasBody() {
    return true;
  }

  /** Reports the sequence's event, or {@code malformed} if its decoded body does not fit the format. */
  abstract void dispatch(String body, ControlSequenceScanner.Listener listener);
}
