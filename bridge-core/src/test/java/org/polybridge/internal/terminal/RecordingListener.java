package org.polybridge.internal.terminal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records what a scanner reports: events as strings, text as bytes, and both in order as a trace. */
final class RecordingListener implements ControlSequenceScanner.Listener {
  final List<String> events = new ArrayList<>();
  final List<String> reasons = new ArrayList<>();
  /** Events and text (merged across calls, so the split does not show) in stream order. */
  final List<String> trace = new ArrayList<>();
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();
  int textCalls;

  @Override
  public void text(byte[] bytes, int offset, int length) {
    textCalls++;
    text.write(bytes, offset, length);
    String chunk = new String(bytes, offset, length, ISO_8859_1);
    int last = trace.size() - 1;
    if (last >= 0 && trace.get(last).startsWith("text:")) {
      trace.set(last, trace.get(last) + chunk);
    } else if (length > 0) {
      trace.add("text:" + chunk);
    }
  }

  @Override
  public void custom(String identity, String payload) {
    event("custom(" + identity + ", " + payload + ")");
  }

  @Override
  public void setUserVar(String name, String base64Value) {
    event("setUserVar(" + name + ", " + base64Value + ")");
  }

  @Override
  public void workingDirectory(String path) {
    event("workingDirectory(" + path + ")");
  }

  @Override
  public void remoteHost(String user, String host) {
    event("remoteHost(" + user + ", " + host + ")");
  }

  @Override
  public void title(boolean icon, boolean window, String text) {
    event("title(" + icon + ", " + window + ", " + text + ")");
  }

  @Override
  public void shellMark(char mark, String arguments) {
    event("shellMark(" + mark + ", " + arguments + ")");
  }

  @Override
  public void controlModeStarted() {
    event("controlModeStarted");
  }

  @Override
  public void malformed(String reason) {
    reasons.add(reason);
    event("malformed");
  }

  private void event(String event) {
    events.add(event);
    trace.add(event);
  }

  byte[] output() {
    return text.toByteArray();
  }

  /** The pass-through as a string of bytes (ISO-8859-1, so any byte survives the round trip). */
  String outputString() {
    return text.toString(ISO_8859_1);
  }
}
