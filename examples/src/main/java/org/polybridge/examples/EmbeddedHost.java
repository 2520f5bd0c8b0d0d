package org.polybridge.examples;

import java.nio.charset.StandardCharsets;
import org.polybridge.Bridge;
import org.polybridge.client.RpcDefinition;
import org.polybridge.host.Session;
import org.polybridge.host.SessionIo;

/**
 * A Java application that embeds polybridge: one terminal session of its own (here: standard
 * output), three functions written in Java, and the seed's composition invoked on them.
 *
 * <pre>
 * mvn -q -pl examples -am install -DskipTests
 * java -cp "examples/target/classes:bridge-cli/target/dist/lib/*" org.polybridge.examples.EmbeddedHost
 * </pre>
 */
public final class EmbeddedHost {
  private EmbeddedHost() {}

  public static void main(String[] args) throws Exception {
    try (Bridge bridge = Bridge.newBuilder().build()) {
      Session terminal = bridge.app().newWindow().newTab().newSession(new StdoutTerminal());

      bridge.register(RpcDefinition.of("add", "a", "b"), a -> (Long) a.get("a") + (Long) a.get("b"));
      bridge.register(RpcDefinition.of("times", "a", "b"), a -> (Long) a.get("a") * (Long) a.get("b"));
      bridge.register(RpcDefinition.of("show", "s"), a -> {
        terminal.inject((a.get("s") + "\n").getBytes(StandardCharsets.UTF_8));
        return null;
      });

      String invocation = args.length > 0 ? args[0] : "show(s: add(a: 1, b: times(a: 2, b: 3)))";
      System.out.println("invoking " + invocation);
      Object result = bridge.invoke(invocation).get();
      System.out.println("result: " + result);
    }
  }

  /** The host's terminal: what scripts inject is printed. */
  private static final class StdoutTerminal implements SessionIo {
    @Override
    public void display(byte[] bytes) {
      System.out.print("[terminal] " + new String(bytes, StandardCharsets.UTF_8));
      System.out.flush();
    }

    @Override
    public void type(String text) {
      System.out.print("[typed] " + text);
    }

    @Override
    public void close() {
      // the host's own terminal stays open
    }
  }
}
