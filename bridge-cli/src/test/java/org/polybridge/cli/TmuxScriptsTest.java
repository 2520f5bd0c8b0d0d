package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.host.Session;
import org.polybridge.host.Tab;
import org.polybridge.host.TmuxConnection;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;

/**
 * The tmux integration as scripts use it, Python and JavaScript, against a real {@code tmux -CC}
 * in a shell of the default host: the pattern of iTerm2's {@code tmux} and {@code tile} examples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TmuxScriptsTest {
  private static final Duration LOAD = Duration.ofSeconds(180);

  private TmuxServer tmux;
  private PtyHost host;
  private Bridge bridge;
  private Session shell;
  private TmuxConnection connection;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    tmux = TmuxServer.require();
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    Files.writeString(autoLaunch.resolve("tmux_windows.py"), """
        import iterm2

        async def main(connection):
            @iterm2.RPC
            async def tmux_windows():
                conns = await iterm2.async_get_tmux_connections(connection)
                conn = conns[0]
                name = await conn.async_send_command("display-message -p '#{session_name}'")
                window = await conn.async_create_window()
                tab = await window.async_create_tmux_tab(conn)
                tabs = [t.tab_id for t in window.tabs]
                try:
                    await conn.async_send_command("no-such-command")
                    failed = None
                except iterm2.TmuxException as e:
                    failed = str(e)
                await conn.async_set_tmux_window_visible(tab.tmux_window_id, False)
                app = await iterm2.async_get_app(connection)
                hidden = app.get_tab_by_id(tab.tab_id) is None
                return [conn.connection_id, conn.owning_session.session_id, name, window.window_id,
                        tabs, tab.tab_id, tab.tmux_connection_id, failed, hidden]
            await tmux_windows.async_register(connection, timeout=30)

        iterm2.run_forever(main)
        """);
    Files.writeString(autoLaunch.resolve("tmux_twin.js"), """
        iterm2.runForever(async connection => {
          const jsTmux = iterm2.rpc(async function js_tmux() {
            const [conn] = await iterm2.getTmuxConnections(connection);
            const name = await conn.sendCommand("display-message -p '#{session_name}'");
            const window = await conn.createWindow();
            const tab = await window.createTmuxTab(conn);
            let failed = null;
            try {
              await conn.sendCommand('no-such-command');
            } catch (e) {
              failed = e.message;
            }
            // a refresh makes new model objects in JS: the tab's window is the window, as it is now
            return [conn.connectionId, conn.owningSession.sessionId, name, tab.window.windowId === window.windowId, tab.window.tabs.map((t) => t.tabId), tab.tabId, failed];
          });
          await jsTmux.register(connection, {timeout: 30});
        });
        """);
    host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
    bridge = Bridge.newBuilder().host(host).scriptsFolder(autoLaunch).logFolder(temp.resolve("logs")).build();
    shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    shell.io().type(tmux.controlModeCommand("scripts") + "\n");
    Eventually.until(LOAD, "the scripts run and tmux is connected", () -> bridge.scripts().size() == 2
        && bridge.scripts().stream().allMatch(s -> s.state() == ScriptStatus.State.RUNNING)
        && ApiServer.of(bridge).registry().named("js_tmux").size() == 1
        && ApiServer.of(bridge).registry().named("tmux_windows").size() == 1
        && !bridge.app().tmuxConnections().isEmpty() && !bridge.app().tmuxConnections().get(0).tabs().isEmpty());
    connection = bridge.app().tmuxConnections().get(0);
  }

  @AfterAll
  void stop() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (tmux != null) {
      tmux.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @SuppressWarnings("unchecked")
  private List<Object> call(String invocation) throws Exception {
    return (List<Object>) bridge.invoke(invocation, InvocationContext.app(), Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPythonScriptSendsCommandsAndOpensATmuxWindowWithASecondTabThenHidesIt() throws Exception {
    List<Object> out = call("tmux_windows()");

    assertThat(out.subList(0, 3)).containsExactly(connection.id(), shell.id(), "scripts");
    String windowId = (String) out.get(3);
    String tabId = (String) out.get(5);
    assertThat((List<Object>) out.get(4)).hasSize(2).contains(tabId);
    assertThat(out.get(6)).isEqualTo(connection.id());
    assertThat((String) out.get(7)).contains("no-such-command");
    assertThat(out.get(8)).isEqualTo(true);
    // the window's first tab is a tmux window still; the hidden one is no tab, but tmux keeps it
    Tab first = bridge.app().window(windowId).orElseThrow().tabs().get(0);
    assertThat(connection.windowNumber(first)).isPresent();
    assertThat(bridge.app().tab(tabId)).isEmpty();
    assertThat(connection.sendCommand("list-windows -F '#{window_id}'").get(10, TimeUnit.SECONDS).lines().count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aJavaScriptScriptDoesTheSameByItsOwnNames() throws Exception {
    List<Object> out = call("js_tmux()");

    assertThat(out.subList(0, 4)).containsExactly(connection.id(), shell.id(), "scripts", true);
    assertThat((List<Object>) out.get(4)).hasSize(2).contains(out.get(5));
    assertThat((String) out.get(6)).contains("no-such-command");
  }
}
