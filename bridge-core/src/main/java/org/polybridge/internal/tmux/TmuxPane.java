package org.polybridge.internal.tmux;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.polybridge.host.Scrollback;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;

/**
 * The terminal of a session that shows a tmux pane: its output arrives as {@code %output} through
 * the gateway, text typed into it goes back as {@code send-keys -H} (hex, so that no byte is read as
 * a key name), and closing it kills the pane.
 */
public final class TmuxPane implements SessionIo {
  private static final System.Logger LOG = System.getLogger(TmuxPane.class.getName());
  /** Bytes per {@code send-keys}: its command line stays short (three characters a byte). */
  private static final int KEYS_PER_COMMAND = 256;

  private final TmuxGateway gateway;
  private final String pane;
  private final int columns;
  private final int rows;
  private final Scrollback scrollback = new Scrollback(Scrollback.DEFAULT_CAPACITY / 4);

  public TmuxPane(TmuxGateway gateway, String pane, int columns, int rows) {
    this.gateway = gateway;
    this.pane = pane;
    this.columns = columns;
    this.rows = rows;
  }

  /** Keeps what {@code session}, this pane's, prints for {@link #lines()}. */
  public void attach(Session session) {
    session.addOutputListener(scrollback::append);
  }

  /** Injected bytes reach the scrollback through the session's output, as the pane's own do. */
  @Override
  public void display(byte[] bytes) {}

  @Override
  public void type(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += KEYS_PER_COMMAND) {
      StringBuilder command = new StringBuilder("send-keys -t ").append(pane).append(" -H");
      for (int i = from; i < Math.min(bytes.length, from + KEYS_PER_COMMAND); i++) {
        command.append(' ').append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
      }
      send(command.toString());
    }
  }

  @Override
  public void close() {
    send("kill-pane -t " + pane);
  }

  @Override
  public List<String> lines() {
    return scrollback.lines();
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public int rows() {
    return rows;
  }

  private void send(String command) {
    gateway.send(command).exceptionally(failure -> {
      LOG.log(Level.WARNING, "tmux pane " + pane + ": " + failure.getMessage());
      return null;
    });
  }
}
