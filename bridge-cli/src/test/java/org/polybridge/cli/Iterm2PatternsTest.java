package org.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.polybridge.Bridge;
import org.polybridge.InvocationContext;
import org.polybridge.cli.host.PtyHost;
import org.polybridge.host.Session;
import org.polybridge.internal.protocol.ApiServer;
import org.polybridge.internal.protocol.Subscribers;
import org.polybridge.script.ScriptStatus;
import org.polybridge.testkit.Eventually;

/**
 * The patterns of iTerm2's example scripts, ported (not copied) as AutoLaunch scripts, on the
 * default host with real shells in real pseudo-terminals: Python scripts and a JavaScript twin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Iterm2PatternsTest {
  private static final Duration LOAD = Duration.ofSeconds(180);

  private PtyHost host;
  private Path logs;
  private Bridge bridge;
  private Session first;

  @BeforeAll
  void start(@TempDir Path temp) throws Exception {
    Path autoLaunch = Files.createDirectories(temp.resolve("AutoLaunch"));
    script(autoLaunch, "each_session.py", """
        import asyncio
        import iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)

            async def watch(session_id):
                session = app.get_session_by_id(session_id)
                try:
                    await session.async_set_variable("user.watched", "yes")
                    await asyncio.get_running_loop().create_future()
                except asyncio.CancelledError:
                    await app.async_set_variable("user.cancelled", session_id)
                    raise

            await iterm2.EachSessionOnceMonitor.async_foreach_session_create_task(app, watch)

        iterm2.run_forever(main)
        """);
    script(autoLaunch, "moods.py", """
        import iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)
            async with iterm2.VariableMonitor(connection, iterm2.VariableScopes.SESSION, "user.mood", "all") as mon:
                while True:
                    mood = await mon.async_get()
                    await app.async_set_variable("user.seen_mood", mood)

        iterm2.run_forever(main)
        """);
    script(autoLaunch, "panes.py", """
        import iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)

            @iterm2.RPC
            async def paint(session_id):
                session = app.get_session_by_id(session_id)
                change = iterm2.LocalWriteOnlyProfile()
                change.set_background_color(iterm2.Color(0, 43, 54))
                change.set_tab_color(iterm2.Color(255, 128, 128))
                change.set_use_tab_color(True)
                await session.async_set_profile_properties(change)
                first = (await session.async_get_profile()).background_color.hex
                preset = await iterm2.ColorPreset.async_get(connection, "Light Background")
                profile = await session.async_get_profile()
                await profile.async_set_color_preset(preset)
                return [first, (await session.async_get_profile()).background_color.hex]
            await paint.async_register(connection, timeout=30)

            @iterm2.RPC
            async def split(session_id):
                session = app.get_session_by_id(session_id)
                new = await session.async_split_pane(vertical=True)
                return [new.session_id, new.tab.tab_id, session.tab.tab_id, [s.session_id for s in session.tab.sessions]]
            await split.async_register(connection, timeout=20)

            def shape(node):
                if isinstance(node, iterm2.Session):
                    return node.session_id
                return ["|" if node.vertical else "-"] + [shape(c) for c in node.children]

            @iterm2.RPC
            async def reshape(session_id):
                session = app.get_session_by_id(session_id)
                tab = session.tab
                right = await session.async_split_pane(vertical=True)
                window = await iterm2.Window.async_create(connection)
                stranger = window.current_tab.current_session
                async with iterm2.LayoutChangeMonitor(connection) as mon:
                    await app.async_apply_layout({"tabs": [{"tab_id": tab.tab_id, "root": {"vertical": True, "children": [
                        {"session_id": session.session_id},
                        {"vertical": False, "children": [{"session_id": right.session_id}, {"session_id": stranger.session_id}]}]}}]})
                    await mon.async_get()
                out = {"ids": [session.session_id, right.session_id, stranger.session_id], "shape": shape(tab.root),
                       "stranger_tab": stranger.tab.tab_id == tab.tab_id, "window_gone": app.get_window_by_id(window.window_id) is None,
                       "sizes": [[s.grid_size.width, s.grid_size.height] for s in tab.sessions]}
                session.preferred_size = iterm2.Size(50, 24)
                right.preferred_size = iterm2.Size(30, 12)
                stranger.preferred_size = iterm2.Size(30, 12)
                await tab.async_update_layout()
                out["resized"] = [[s.grid_size.width, s.grid_size.height] for s in tab.sessions]
                session.preferred_size = iterm2.Size(60, 24)
                try:
                    await tab.async_update_layout()
                except iterm2.RPCException as e:
                    out["update"] = str(e)
                try:
                    await app.async_apply_layout({"tabs": [{"tab_id": tab.tab_id, "root": {"vertical": True, "children": [
                        {"session_id": session.session_id}]}}]})
                except iterm2.RPCException as e:
                    out["apply"] = str(e)
                out["after"] = shape(tab.root)
                return out
            await reshape.async_register(connection, timeout=30)

            @iterm2.RPC
            async def bad_inputs(session_id):
                out = {}
                try:
                    await iterm2.Session(connection, "NO-SUCH-SESSION").async_split_pane()
                except iterm2.SplitPaneException as e:
                    out["split"] = str(e)
                change = iterm2.LocalWriteOnlyProfile()
                change.set_blend("lots")
                try:
                    await app.get_session_by_id(session_id).async_set_profile_properties(change)
                except iterm2.SetProfilePropertyException as e:
                    out["profile"] = str(e)
                try:
                    await iterm2.Window.async_create(connection, profile="No Such Profile")
                except iterm2.CreateTabException as e:
                    out["create"] = str(e)
                try:
                    async with iterm2.VariableMonitor(connection, iterm2.VariableScopes.SESSION, "user.x", "NO-SUCH-SESSION"):
                        pass
                except iterm2.SubscriptionException as e:
                    out["monitor"] = str(e)
                return out
            await bad_inputs.async_register(connection, timeout=30)

            @iterm2.RPC
            async def watch_until_end(session_id):
                try:
                    async with iterm2.VariableMonitor(connection, iterm2.VariableScopes.SESSION, "user.never", session_id) as mon:
                        await mon.async_get()
                except iterm2.SubscriptionException as e:
                    return str(e)
            await watch_until_end.async_register(connection, timeout=60)

            @iterm2.RPC
            async def select_lines(session_id, first, last):
                session = app.get_session_by_id(session_id)
                whole = iterm2.CoordRange(iterm2.Point(0, first), iterm2.Point(0, last + 1))
                word = iterm2.WindowedCoordRange(iterm2.CoordRange(iterm2.Point(0, first), iterm2.Point(3, first)),
                                                 iterm2.Range(1, 2))
                await session.async_set_selection(iterm2.Selection([
                    iterm2.SubSelection(iterm2.WindowedCoordRange(whole), iterm2.SelectionMode.LINE, False),
                    iterm2.SubSelection(word, iterm2.SelectionMode.BOX, True)]))
                back = await session.async_get_selection()
                subs = [[s.windowed_coord_range.coordRange.start.y, s.windowed_coord_range.coordRange.end.y, s.mode.name,
                         s.connected, s.windowed_coord_range.columnRange.length] for s in back.sub_selections]
                text = await session.async_get_selection_text(back)
                out = {"subs": subs, "text": text, "variable": await session.async_get_variable("selection")}
                try:
                    await session.async_set_selection(iterm2.Selection([iterm2.SubSelection(
                        iterm2.WindowedCoordRange(iterm2.CoordRange(iterm2.Point(0, 5), iterm2.Point(0, 2))),
                        iterm2.SelectionMode.CHARACTER, False)]))
                except iterm2.RPCException as e:
                    out["backwards"] = str(e)
                try:
                    await iterm2.MainMenu.async_select_menu_item(connection, "Zoom In on Selection")
                except iterm2.MenuItemException as e:
                    out["menu"] = str(e)
                try:
                    await iterm2.Session(connection, "NO-SUCH-SESSION").async_get_selection()
                except iterm2.InvalidSessionId as e:
                    out["session"] = str(e)
                return out
            await select_lines.async_register(connection, timeout=30)

            @iterm2.ContextMenuProviderRPC
            async def sum_numbers(session_id=iterm2.Reference("id"), text=iterm2.Reference("user.selection?")):
                return sum(int(part) for part in (text or "").split() if part.isdigit())
            await sum_numbers.async_register(connection, "Sum Numbers", "org.polybridge.test.sum-numbers")

        iterm2.run_forever(main)
        """);
    script(autoLaunch, "focus.py", """
        import iterm2

        async def main(connection):
            app = await iterm2.async_get_app(connection)
            async with iterm2.FocusMonitor(connection) as mon:
                while True:
                    update = await mon.async_get_next_update()
                    if update.active_session_changed:
                        await app.async_set_variable("user.focused", update.active_session_changed.session_id)

        iterm2.run_forever(main)
        """);
    script(autoLaunch, "hooks.py", """
        import iterm2

        async def main(connection):
            component = iterm2.StatusBarComponent(
                short_description="Mood", detailed_description="the session's mood",
                knobs=[iterm2.CheckboxKnob("Shout", True, "shout")], exemplar="MOOD: HAPPY",
                update_cadence=None, identifier="org.polybridge.test.mood")

            @iterm2.StatusBarRPC
            async def mood_bar(knobs, mood=iterm2.Reference("user.mood?")):
                text = "mood: %s" % (mood or "-")
                return text.upper() if knobs.get("shout") else text
            await component.async_register(connection, mood_bar)

            @iterm2.RPC
            async def ask(title):
                alert = iterm2.Alert(title, "pick one")
                alert.add_button("Yes")
                alert.add_button("No")
                return await alert.async_run(connection)
            await ask.async_register(connection, timeout=60)

            @iterm2.RPC
            async def last_command(session_id):
                prompt = await iterm2.async_get_last_prompt(connection, session_id)
                return None if prompt is None else [prompt.command, prompt.state.name, prompt.exit_status]
            await last_command.async_register(connection)

        iterm2.run_forever(main)
        """);
    script(autoLaunch, "panes_twin.js", """
        iterm2.runForever(async connection => {
          const app = await iterm2.getApp(connection);
          const jsSplit = iterm2.rpc(async function js_split(session_id) {
            const session = app.getSessionById(session_id);
            const created = await session.splitPane({vertical: false, before: true});
            const profile = await created.getProfile();
            await created.setProfileProperties({'Foreground Color': iterm2.Color.fromHex('#ff8800')});
            return [created.sessionId, created.tab.tabId, profile['Name'], (await created.getProfile())['Foreground Color']['Red Component']];
          });
          await jsSplit.register(connection, {timeout: 20});
          const jsReshape = iterm2.rpc(async function js_reshape(session_id) {
            const session = app.getSessionById(session_id);
            const tabId = session.tab.tabId;
            const below = await session.splitPane({vertical: false});
            const window = await iterm2.Window.create(connection);
            const stranger = window.currentTab.currentSession;
            await app.applyLayout({tabs: [{tab_id: tabId, root: {vertical: false, children: [{session_id: stranger.sessionId},
              {vertical: true, children: [{session_id: session.sessionId}, {session_id: below.sessionId}]}]}}]});
            const shape = (n) => n instanceof iterm2.Splitter ? [n.vertical ? '|' : '-', ...n.children.map(shape)] : n.sessionId;
            let tab = app.getTabById(tabId);
            const out = {ids: [stranger.sessionId, session.sessionId, below.sessionId], shape: shape(tab.root),
              windowGone: app.getWindowById(window.windowId) === null,
              sizes: tab.sessions.map((s) => [s.gridSize.width, s.gridSize.height])};
            const [top, left, right] = tab.sessions;
            top.preferredSize = {width: 80, height: 14};
            left.preferredSize = {width: 50, height: 10};
            right.preferredSize = {width: 30, height: 10};
            await tab.updateLayout();
            tab = app.getTabById(tabId);
            out.resized = tab.sessions.map((s) => [s.gridSize.width, s.gridSize.height]);
            try {
              await app.applyLayout({tabs: [{tab_id: tabId, root: {vertical: true, children: [{session_id: session.sessionId},
                {session_id: session.sessionId}]}}]});
            } catch (e) {
              out.bad = e.message;
            }
            return out;
          });
          await jsReshape.register(connection, {timeout: 30});
          const jsSelect = iterm2.rpc(async function js_select(session_id, first) {
            const session = app.getSessionById(session_id);
            await session.setSelection([{start: {x: 2, y: first}, end: {x: 0, y: first + 1}}]);
            const back = await session.getSelection();
            let bad = null;
            try {
              await session.setSelection([{start: {x: 0, y: 0}, end: {x: 0, y: 1e9}}]);
            } catch (e) {
              bad = e.message;
            }
            let menu = null;
            try {
              await iterm2.MainMenu.selectMenuItem(connection, 'Zoom In on Selection');
            } catch (e) {
              menu = e.message;
            }
            return [back[0].start, back[0].end, back[0].mode, await session.getSelectionText(), bad, menu];
          });
          await jsSelect.register(connection, {timeout: 20});
        });
        """);
    host = PtyHost.newBuilder().command(List.of("/bin/sh")).build();
    logs = temp.resolve("logs");
    bridge = Bridge.newBuilder().host(host).scriptsFolder(autoLaunch).logFolder(logs).build();
    first = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    Eventually.until(LOAD, "every script runs", () -> bridge.scripts().size() == 6
        && bridge.scripts().stream().allMatch(s -> s.state() == ScriptStatus.State.RUNNING));
    Eventually.until(LOAD, "the functions are registered", () -> ApiServer.of(bridge).registry().named("js_split").size() == 1
        && ApiServer.of(bridge).registry().named("contextMenu.sum_numbers").size() == 1
        && ApiServer.of(bridge).registry().named("last_command").size() == 1
        && ApiServer.of(bridge).registry().named("js_select").size() == 1
        && ApiServer.of(bridge).registry().named("js_reshape").size() == 1
        && ApiServer.of(bridge).registry().named("reshape").size() == 1);
  }

  @AfterAll
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (host != null) {
      host.close();
    }
  }

  @Test
  void eachSessionGetsATaskThatEndsWithItsSession() throws Exception {
    Eventually.until(LOAD, "the open session is watched", () -> "yes".equals(variable(first, "user.watched")));
    Session second = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    Eventually.until(Duration.ofSeconds(20), "the new session is watched", () -> "yes".equals(variable(second, "user.watched")));

    second.io().close();

    Eventually.until(Duration.ofSeconds(20), "its task is cancelled",
        () -> second.id().equals(bridge.app().variables().get("user.cancelled").orElse(null)));
  }

  @Test
  void aVariableMonitorOfEverySessionHearsSetUserVarFromAShell() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    String happy = java.util.Base64.getEncoder().encodeToString("happy".getBytes(StandardCharsets.UTF_8));

    shell.io().type("printf '\\033]1337;SetUserVar=mood=%s\\007' " + happy + "\n");

    Eventually.until(Duration.ofSeconds(20), "the script saw the mood",
        () -> "happy".equals(bridge.app().variables().get("user.seen_mood").orElse(null)));
    shell.io().close();
  }

  @Test
  void profileColoursAndAPresetReachTheTerminalAsDynamicColourSequences() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);

    Object hexes = invoke("paint(session_id: id)", shell);

    assertThat(hexes).isEqualTo(List.of("#002b36", "#ffffff"));
    // A headless session has no terminal to show the colours in: they live in its profile (the
    // sequences an attached terminal gets are TerminalAttachTest's and ProfileAndLayoutRequestsTest's).
    assertThat(shell.profile().get("Tab Color").orElseThrow()).isEqualTo(Map.of(
        "Red Component", 1.0, "Green Component", 128 / 255.0, "Blue Component", 128 / 255.0, "Alpha Component", 1.0, "Color Space", "sRGB"));
    assertThat(shell.profile().get("Use Tab Color").orElseThrow()).isEqualTo(true);
    assertThat(shell.profile().get("Foreground Color").orElseThrow()).isEqualTo(Map.of(
        "Red Component", 0.0, "Green Component", 0.0, "Blue Component", 0.0, "Alpha Component", 1.0, "Color Space", "sRGB"));
    assertThat(shell.profile().get("Background Color").orElseThrow()).isEqualTo(Map.of(
        "Red Component", 1.0, "Green Component", 1.0, "Blue Component", 1.0, "Alpha Component", 1.0, "Color Space", "sRGB"));
    assertThat(bridge.app().profiles().defaultProfile().get("Background Color").orElseThrow())
        .as("the named profile keeps its colours").isNotEqualTo(shell.profile().get("Background Color").orElseThrow());
    shell.io().close();
  }

  @Test
  void aStatusBarComponentsTextFollowsTheVariableItReadsWithItsKnobs() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    Eventually.until(Duration.ofSeconds(20), "the component shows before any mood",
        () -> "MOOD: -".equals(ApiServer.of(bridge).statusBar().texts(shell).get("org.polybridge.test.mood")));
    String calm = java.util.Base64.getEncoder().encodeToString("calm".getBytes(StandardCharsets.UTF_8));

    shell.io().type("printf '\\033]1337;SetUserVar=mood=%s\\007' " + calm + "\n");

    Eventually.until(Duration.ofSeconds(20), "the component follows the mood",
        () -> "MOOD: CALM".equals(ApiServer.of(bridge).statusBar().texts(shell).get("org.polybridge.test.mood")));
    shell.io().close();
  }

  @Test
  void anAlertWaitsForAPersonsAnswer() throws Exception {
    java.util.concurrent.CompletableFuture<Object> asked = bridge.invoke("ask(title: \"Deploy?\")",
        InvocationContext.app(), Duration.ofSeconds(60));
    Eventually.until(Duration.ofSeconds(20), "the alert waits", () -> !bridge.app().alerts().pending().isEmpty());
    var alert = bridge.app().alerts().pending().getFirst();
    assertThat(alert.title()).isEqualTo("Deploy?");
    assertThat(alert.buttons()).containsExactly("Yes", "No");
    assertThat(alert.askedBy()).isEqualTo("hooks.py");

    bridge.app().alerts().answer(alert.id(), "No");

    assertThat(asked.get(20, TimeUnit.SECONDS)).isEqualTo(1001L);
  }

  @Test
  void theLastPromptIsWhatTheShellsMarksSay() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    assertThat(invoke("last_command(session_id: id)", shell)).isNull();

    shell.io().type("printf '\\033]133;A\\007$ \\033]133;B\\007make test\\033]133;C\\007\\033]133;D;2\\007'\n");

    Eventually.until(Duration.ofSeconds(20), "the shell's marks are read", () -> shell.prompts().last().isPresent()
        && shell.prompts().last().get().state() == org.polybridge.host.Prompts.State.FINISHED);
    assertThat(invoke("last_command(session_id: id)", shell)).isEqualTo(List.of("make test", "FINISHED", 2L));
    shell.io().close();
  }

  @Test
  void splitPaneStartsAShellBesideTheSessionInItsTab() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);

    List<?> answer = (List<?>) invoke("split(session_id: id)", shell);

    Session created = bridge.app().session((String) answer.get(0)).orElseThrow();
    assertThat(answer.get(1)).isEqualTo(shell.tab().id()).isEqualTo(answer.get(2));
    assertThat(answer.get(3)).isEqualTo(List.of(shell.id(), created.id()));
    assertThat(shell.tab().sessions()).containsExactly(shell, created);
    created.io().type("echo split-$((6*7))\n");
    Eventually.until(Duration.ofSeconds(20), "the new pane runs a shell",
        () -> host.scrollback(created).map(s -> s.text().contains("split-42")).orElse(false));
    shell.tab().close();
  }

  @Test
  void applyLayoutMovesAShellIntoASplitTreeAndUpdateLayoutSizesItsPtys() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);

    Map<?, ?> answer = (Map<?, ?>) invoke("reshape(session_id: id)", shell);

    List<?> ids = (List<?>) answer.get("ids");
    assertThat(answer.get("shape")).isEqualTo(List.of("|", ids.get(0), List.of("-", ids.get(1), ids.get(2))));
    assertThat(answer.get("stranger_tab")).isEqualTo(true);
    assertThat(answer.get("window_gone")).isEqualTo(true);
    assertThat(answer.get("sizes")).isEqualTo(List.of(List.of(40L, 24L), List.of(40L, 12L), List.of(40L, 12L)));
    assertThat(answer.get("resized")).isEqualTo(List.of(List.of(50L, 24L), List.of(30L, 12L), List.of(30L, 12L)));
    assertThat((String) answer.get("update")).contains("INVALID_SIZE");
    assertThat((String) answer.get("apply")).contains("Splitter at tabs[0].root has 1 children; must have at least 2");
    assertThat(answer.get("after")).isEqualTo(answer.get("shape"));
    Session stranger = bridge.app().session((String) ids.get(2)).orElseThrow();
    assertThat(stranger.tab()).isSameAs(shell.tab());
    // the program in the moved pty hears its new size
    stranger.io().type("stty size\n");
    Eventually.until(Duration.ofSeconds(20), "the moved shell's pty is 12 rows by 30 columns",
        () -> host.scrollback(stranger).map(s -> s.text().contains("12 30")).orElse(false));
    shell.tab().close();
  }

  @Test
  void theJavaScriptTwinSplitsAPaneAndColoursIt() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);

    List<?> answer = (List<?>) invoke("js_split(session_id: id)", shell);

    Session created = bridge.app().session((String) answer.get(0)).orElseThrow();
    assertThat(shell.tab().sessions()).containsExactly(created, shell);
    assertThat(answer.subList(1, 3)).isEqualTo(List.of(shell.tab().id(), "Default"));
    assertThat(((Number) answer.get(3)).doubleValue()).isEqualTo(1.0);
    assertThat(created.profile().get("Foreground Color").orElseThrow()).isEqualTo(Map.of(
        "Red Component", 1.0, "Green Component", 0x88 / 255.0, "Blue Component", 0.0, "Alpha Component", 1.0, "Color Space", "sRGB"));
    assertThat(shell.profile().get("Foreground Color")).as("only the new pane was coloured")
        .isNotEqualTo(created.profile().get("Foreground Color"));
    shell.tab().close();
  }

  @Test
  void theJavaScriptTwinAppliesALayoutAndSizesItsPanes() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);

    Map<?, ?> answer = (Map<?, ?>) invoke("js_reshape(session_id: id)", shell);

    List<?> ids = (List<?>) answer.get("ids");
    assertThat(answer.get("shape")).isEqualTo(List.of("-", ids.get(0), List.of("|", ids.get(1), ids.get(2))));
    assertThat(answer.get("windowGone")).isEqualTo(true);
    assertThat(answer.get("sizes")).isEqualTo(List.of(List.of(80L, 12L), List.of(40L, 12L), List.of(40L, 12L)));
    assertThat(answer.get("resized")).isEqualTo(List.of(List.of(80L, 14L), List.of(50L, 10L), List.of(30L, 10L)));
    assertThat((String) answer.get("bad")).contains("appears more than once in the spec");
    shell.tab().close();
  }

  /** A shell in a real pty prints known lines; the first one's number among the session's lines. */
  private int printed(Session shell, String... words) throws Exception {
    // a newline first: the shell's first prompt may come after the typed line's echo, before the output
    shell.io().type("printf '\\n" + String.join("\\n", words) + "\\n'\n");
    Eventually.until(Duration.ofSeconds(20), "the shell printed " + words[words.length - 1],
        () -> shell.io().lines().contains(words[words.length - 1]));
    return shell.io().lines().indexOf(words[0]);
  }

  @Test
  void aSelectionSetByAScriptIsKeptReadBackAndItsTextComesFromTheSessionsLines() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    int first = printed(shell, "alpha", "beta", "gamma");

    Map<?, ?> answer = (Map<?, ?>) invoke("select_lines(session_id: id, first: " + first + ", last: " + (first + 1) + ")", shell);

    assertThat(answer.get("subs")).isEqualTo(List.of(List.of((long) first, first + 2L, "LINE", false, 0L),
        List.of((long) first, (long) first, "BOX", true, 2L)));
    assertThat(answer.get("text")).isEqualTo("alpha\nbeta\nlp");
    assertThat(answer.get("variable")).isEqualTo("alpha\nbeta\nlp");
    assertThat(shell.variables().get("selectionLength")).contains(13L);
    assertThat((String) answer.get("backwards")).contains("INVALID_RANGE");
    assertThat((String) answer.get("menu")).contains("BAD_IDENTIFIER").contains("Zoom In on Selection");
    assertThat((String) answer.get("session")).contains("NO-SUCH-SESSION");
    assertThat(shell.selection().parts()).hasSize(2).as("the bad selection left the good one");
    shell.io().close();
  }

  @Test
  void theJavaScriptTwinSelectsAndReadsTheSelectedText() throws Exception {
    Session shell = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    int first = printed(shell, "delta", "epsilon");

    List<?> answer = (List<?>) invoke("js_select(session_id: id, first: " + first + ")", shell);

    assertThat(answer.subList(0, 4)).isEqualTo(List.of(Map.of("x", 2L, "y", (long) first), Map.of("x", 0L, "y", first + 1L),
        "CHARACTER", "lta\n"));
    assertThat((String) answer.get(4)).contains("INVALID_RANGE");
    assertThat((String) answer.get(5)).contains("BAD_IDENTIFIER");
    assertThat(shell.variables().get("selection")).contains("lta\n");
    shell.io().close();
  }

  @Test
  void aContextMenuProviderIsRegisteredInItsNamespaceAndInvocable() throws Exception {
    first.variables().set("user.selection", "1 2 39 x");

    assertThat(invoke("contextMenu.sum_numbers()", first)).isEqualTo(42L);
    assertThat(ApiServer.of(bridge).registry().named("contextMenu.sum_numbers").get(0).role()).isEqualTo("CONTEXT_MENU");
  }

  @Test
  void activatingASessionSendsFocusNotifications() throws Exception {
    Session one = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    Session two = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    Eventually.until(Duration.ofSeconds(20), "the newest session has focus",
        () -> two.id().equals(bridge.app().variables().get("user.focused").orElse(null)));

    bridge.app().activate(one);

    Eventually.until(Duration.ofSeconds(20), "the script heard the focus move",
        () -> one.id().equals(bridge.app().variables().get("user.focused").orElse(null)));
    one.io().close();
    two.io().close();
  }

  @Test
  void badInputFailsWithTheLibrarysOwnExceptions() throws Exception {
    Map<?, ?> errors = (Map<?, ?>) invoke("bad_inputs(session_id: id)", first);

    assertThat((String) errors.get("split")).contains("SESSION_NOT_FOUND");
    assertThat((String) errors.get("profile")).contains("Blend").contains("\"lots\"").contains("expected: a number from 0.0 to 1.0");
    assertThat((String) errors.get("create")).contains("INVALID_PROFILE_NAME");
    assertThat((String) errors.get("monitor")).contains("SESSION_NOT_FOUND");
    assertThat(bridge.app().windows().stream().flatMap(w -> w.tabs().stream()).count())
        .as("no window was opened").isEqualTo(bridge.app().sessions().stream().map(Session::tab).distinct().count());
  }

  @Test
  void aMonitorOfASessionThatEndsFailsAndLeavesNothingSubscribed() throws Exception {
    Session doomed = host.createTab(bridge.app(), null, "Default").get(10, TimeUnit.SECONDS);
    int before = Subscribers.variableMonitors(bridge);
    CompletableFuture<Object> watching = bridge.invoke("watch_until_end(session_id: id)",
        InvocationContext.session(doomed.id()), Duration.ofSeconds(60));
    Eventually.until(Duration.ofSeconds(20), "the monitor is subscribed", () -> Subscribers.variableMonitors(bridge) == before + 1);

    doomed.io().close();

    Object answer;
    try {
      answer = watching.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer; the script's log:\n" + Files.readString(logs.resolve("panes.py.log")), e);
    }
    assertThat((String) answer).contains(doomed.id()).contains("ended while it was monitored");
    Eventually.until(Duration.ofSeconds(10), "nothing stays subscribed", () -> Subscribers.variableMonitors(bridge) == before);
  }

  private Object invoke(String invocation, Session context) throws Exception {
    try {
      return bridge.invoke(invocation, InvocationContext.session(context.id()), Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // a failure that comes rarely is read from what the scripts logged (a callback that threw)
      throw new AssertionError(invocation + " failed: " + e.getCause() + "\nthe scripts' logs, last lines:\n" + lastLogLines(), e);
    }
  }

  private String lastLogLines() throws java.io.IOException {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        out.append("== ").append(log.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.toString();
  }

  private static Object variable(Session session, String name) {
    return session.variables().get(name).orElse(null);
  }

  private static void script(Path folder, String name, String code) throws Exception {
    Files.writeString(folder.resolve(name), code);
  }
}
