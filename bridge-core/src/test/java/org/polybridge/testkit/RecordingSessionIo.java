package org.polybridge.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;
import org.polybridge.host.Tab;

/**
 * A host's terminal for tests: keeps what scripts showed and typed, and ends its session when asked
 * to close, as a real terminal whose program exits would.
 */
public final class RecordingSessionIo implements SessionIo {
  private final ByteArrayOutputStream displayed = new ByteArrayOutputStream();
  private final List<String> typed = new CopyOnWriteArrayList<>();
  private volatile Session session;

  /** A new session in {@code tab} whose terminal is a recorder. */
  public static Session openIn(Tab tab) {
    RecordingSessionIo io = new RecordingSessionIo();
    io.session = tab.newSession(io);
    return io.session;
  }

  /** Makes this recorder's session a split pane beside {@code neighbour}, before or after it. */
  public Session split(Session neighbour, boolean before) {
    session = neighbour.tab().splitSession(neighbour, before, this, java.util.Map.of());
    return session;
  }

  @Override
  public synchronized void display(byte[] bytes) {
    displayed.writeBytes(bytes);
  }

  @Override
  public void type(String text) {
    typed.add(text);
  }

  @Override
  public void close() {
    session.terminate();
  }

  public synchronized String displayed() {
    return displayed.toString(StandardCharsets.UTF_8);
  }

  @Override
  public List<String> lines() {
    String text = displayed();
    return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
  }

  public List<String> typed() {
    return List.copyOf(typed);
  }
}
